#include "api/lab_routes.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <memory>
#include <tuple>

#include "core/core.hpp"
#include "telemetry/metrics.hpp"

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
    if (lab.moreStatus) lab.moreStatus(more);
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

}  // namespace

void addLabRoutes(Router& router, LabContext context) {
  auto lab = std::make_shared<const LabContext>(std::move(context));

  router.add("GET", "/ccp/status", [lab](net::Request&, const PathParams&) { return status(*lab); });

  router.add("GET", "/ccp/health", [](net::Request&, const PathParams&) -> asio::awaitable<net::Response> {
    co_return net::Response::text(200, "ok\n");
  });

  router.add("GET", "/metrics", [lab](net::Request&, const PathParams&) -> asio::awaitable<net::Response> {
    co_return net::Response::text(200, lab->metrics.renderPrometheus(), "text/plain; version=0.0.4; charset=utf-8");
  });
}

}  // namespace smfront::api
