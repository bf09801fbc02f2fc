#include "api/lab_routes.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <memory>
#include <optional>
#include <tuple>
#include <variant>

#include "core/core.hpp"
#include "telemetry/metrics.hpp"
#include "telemetry/status_section.hpp"

namespace smfront::api {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

net::Response jsonResponse(const json::object& body) {
  auto r = net::Response::text(200, json::serialize(body), "application/json");
  r.headers.set("Cache-Control", "no-store");
  return r;
}

asio::awaitable<net::Response> status(const LabContext& lab) {
  auto read = co_await lab.core.call([&lab] {
    json::object more;
    for (const auto* section : lab.sections) {
      json::object written;
      section->writeStatus(written);
      more[section->statusName()] = std::move(written);
    }
    return std::make_tuple(lab.core.store().health(), lab.counts ? lab.counts() : DomainCounts{}, std::move(more));
  });
  const auto& store = std::get<0>(read);
  const auto& counts = std::get<1>(read);
  auto& more = std::get<2>(read);
  json::object ports;
  json::object connections;
  for (const auto& door : lab.doors()) {
    ports[door.name] = door.port;
    connections[door.name] = door.openConnections;
  }
  const auto uptime = std::chrono::steady_clock::now() - lab.startedAt;
  json::object body;
  body["version"] = lab.version;
  body["uptime_s"] = std::chrono::duration_cast<std::chrono::seconds>(uptime).count();
  body["ports"] = std::move(ports);
  body["connections"] = std::move(connections);
  json::object countsJson;
  for (const auto& [name, value] : counts) countsJson[name] = value;
  body["counts"] = std::move(countsJson);
  body["store"] = json::object{{"kind", store.kind}, {"writable", store.writable}, {"last_error", store.lastError}};
  for (auto& [name, value] : more) body[name] = std::move(value);
  co_return jsonResponse(body);
}

// Null when the request may read; else the 401 or 403 to answer.
std::optional<net::Response> refusedAccess(const LabContext& lab, const net::Request& request) {
  if (lab.access == StatusAccess::Anyone) return std::nullopt;
  if (lab.access == StatusAccess::LoopbackOrAdmin && isLoopbackAddress(request.remoteAddress)) return std::nullopt;
  if (lab.accounts == nullptr) return notAuthorized();
  auto authentication = lab.accounts->authenticate(request);
  const auto* account = std::get_if<Account>(&authentication);
  if (account == nullptr) return std::get<net::Response>(std::move(authentication));  // 401, or 429 when throttled
  if (!account->admin) return forbidden("read the server's status");
  return std::nullopt;
}

}  // namespace

bool isLoopbackAddress(std::string_view address) {
  if (address.starts_with("::ffff:")) address.remove_prefix(7);
  return address.starts_with("127.") || address == "::1";
}

void addLabRoutes(RouteTable& router, LabContext context) {
  auto lab = std::make_shared<const LabContext>(std::move(context));

  router.add("GET", "/ccp/status", [lab](net::Request& request, const PathParams&) -> asio::awaitable<net::Response> {
    if (auto refused = refusedAccess(*lab, request)) co_return std::move(*refused);
    co_return co_await status(*lab);
  });

  router.add("GET", "/ccp/health", [](net::Request&, const PathParams&) -> asio::awaitable<net::Response> {
    co_return net::Response::text(200, "ok\n");
  });

  router.add("GET", "/metrics", [lab](net::Request& request, const PathParams&) -> asio::awaitable<net::Response> {
    if (auto refused = refusedAccess(*lab, request)) co_return std::move(*refused);
    // On the core strand: metric callbacks read what it owns (the MR router's totals).
    auto text = co_await lab->core.call([&lab] { return lab->metrics.renderPrometheus(); });
    co_return net::Response::text(200, std::move(text), "text/plain; version=0.0.4; charset=utf-8");
  });
}

}  // namespace smfront::api
