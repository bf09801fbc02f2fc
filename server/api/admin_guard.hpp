#pragma once
// What every admin route file shares: the role check around a handler and the
// plain answers of the admin API (201 + Location, 200 empty, 404).
#include <boost/asio/awaitable.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "api/api_context.hpp"
#include "api/api_error.hpp"
#include "api/http_util.hpp"
#include "api/representations.hpp"
#include "api/route_table.hpp"

namespace smfront::api {

inline constexpr std::string_view kAdmin = "/ccp-webapp/ccp";

enum class Need { AgentOrAdmin, Admin };

// The caller's account, or the 401/403 to answer with.
inline std::variant<Account, net::Response> authorize(const ApiContext& ctx, const net::Request& request, Need need,
                                                      std::string_view what) {
  auto authentication = ctx.accounts.authenticate(request);
  const auto* account = std::get_if<Account>(&authentication);
  if (account == nullptr) return std::get<net::Response>(std::move(authentication));
  const bool allowed = need == Need::Admin ? account->admin : (account->admin || account->agent);
  if (!allowed) return forbidden(what);
  return *account;
}

inline net::Response created(const std::string& location) {
  auto r = net::Response::text(201, "");
  r.headers.set("Location", location);
  return r;
}

inline net::Response ok() { return net::Response::text(200, ""); }

inline net::Response notFound(std::string_view what, std::string_view id) {
  return refused({core::Refusal::Kind::NotFound, std::string(what), "no " + std::string(what) + " " + std::string(id)});
}

// ?changeStamp= on DELETE, when given.
inline std::optional<std::int64_t> changeStampParam(const net::Request& request) {
  if (auto v = queryParam(request, "changeStamp")) return parseInteger(*v);
  return std::nullopt;
}

// Runs one admin route: authorizes, then awaits `body(ctx, request, params, account)`.
template <class Body>
Handler guarded(std::shared_ptr<const ApiContext> ctx, Need need, std::string_view what, Body body) {
  return [ctx, need, what, body](net::Request& request, const PathParams& params) -> boost::asio::awaitable<net::Response> {
    auto auth = authorize(*ctx, request, need, what);
    if (auto* refusal = std::get_if<net::Response>(&auth)) co_return std::move(*refusal);
    co_return co_await body(*ctx, request, params, std::get<Account>(auth));
  };
}

}  // namespace smfront::api
