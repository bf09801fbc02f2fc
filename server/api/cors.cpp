#include "api/cors.hpp"

#include <algorithm>

namespace smfront::api {

bool CorsPolicy::allows(std::string_view origin) const {
  if (origin.empty()) return false;
  return std::any_of(origins_.begin(), origins_.end(), [&](const std::string& o) { return o == "*" || o == origin; });
}

void CorsPolicy::decorate(const net::Request& request, net::Response& response) const {
  const auto origin = request.headers.get("Origin");
  if (!allows(origin)) return;
  response.headers.set("Access-Control-Allow-Origin", std::string(origin));
  response.headers.set("Access-Control-Allow-Credentials", "true");
  response.headers.set("Access-Control-Expose-Headers", "Location");
  response.headers.add("Vary", "Origin");
}

std::optional<net::Response> CorsPolicy::preflight(const net::Request& request) const {
  if (request.method != "OPTIONS" || !request.headers.find("Access-Control-Request-Method")) return std::nullopt;
  net::Response r;
  r.route = "preflight";
  const auto origin = request.headers.get("Origin");
  if (!allows(origin)) {
    r.status = 403;
    return r;
  }
  r.status = 200;
  r.headers.set("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS");
  const auto requested = request.headers.get("Access-Control-Request-Headers");
  r.headers.set("Access-Control-Allow-Headers", requested.empty() ? "Content-Type, Authorization" : std::string(requested));
  r.headers.set("Access-Control-Max-Age", "7200");
  return r;
}

boost::asio::awaitable<net::Response> CorsHandler::handle(net::Request& request) {
  auto response = policy_.preflight(request);
  if (!response) response = co_await inner_.handle(request);
  policy_.decorate(request, *response);
  co_return std::move(*response);
}

net::Response CorsHandler::rejected(int status, std::string_view reason, std::string_view target) {
  // The request's headers are unknown here, so no Origin to echo: a browser
  // shows such an answer as a network error, which a broken request is.
  return inner_.rejected(status, reason, target);
}

}  // namespace smfront::api
