#include "net/cors.hpp"

#include <algorithm>

namespace smfront::net {

namespace {

std::string lowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The router matches decoded segments, so an exclusion must be checked on the
// decoded path too, or "/ccp%2Dwebapp/" would reach the admin API with CORS.
std::string percentDecoded(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '%' && i + 2 < path.size()) {
      const int high = hexValue(path[i + 1]);
      const int low = hexValue(path[i + 2]);
      if (high >= 0 && low >= 0) {
        out += static_cast<char>(high * 16 + low);
        i += 2;
        continue;
      }
    }
    out += path[i];
  }
  return out;
}

std::string originFor(std::string_view scheme, const std::string& host, std::uint16_t port, std::uint16_t defaultPort) {
  std::string origin = std::string(scheme) + "://" + lowerAscii(host);
  if (port != defaultPort) origin += ":" + std::to_string(port);
  return origin;
}

}  // namespace

std::vector<std::string> ownOrigins(const std::vector<std::string>& hosts, std::uint16_t httpPort,
                                    std::uint16_t httpsPort) {
  std::vector<std::string> out;
  for (const auto& host : hosts) {
    for (auto origin : {originFor("http", host, httpPort, 80), originFor("https", host, httpsPort, 443)}) {
      if (std::find(out.begin(), out.end(), origin) == out.end()) out.push_back(std::move(origin));
    }
  }
  return out;
}

std::string originOf(std::string_view url) {
  std::size_t schemeEnd = 0;
  if (url.starts_with("http://")) {
    schemeEnd = 7;
  } else if (url.starts_with("https://")) {
    schemeEnd = 8;
  } else {
    return {};
  }
  const auto authorityEnd = url.find_first_of("/?#", schemeEnd);
  const auto origin = url.substr(0, authorityEnd);
  if (origin.size() == schemeEnd) return {};
  return lowerAscii(origin);
}

CorsPolicy::CorsPolicy(std::vector<std::string> allowed) {
  for (const auto& origin : allowed) {
    if (origin == "*") {
      anyOrigin_ = true;
    } else {
      allowed_.push_back(lowerAscii(origin));
    }
  }
}

bool CorsPolicy::allows(std::string_view origin) const {
  if (origin.empty() || origin == "null") return false;
  if (anyOrigin_) return true;
  const std::string wanted = lowerAscii(origin);
  return std::find(allowed_.begin(), allowed_.end(), wanted) != allowed_.end();
}

void CorsPolicy::decorate(const Request& request, Response& response) const {
  const auto origin = request.headers.get("Origin");
  if (!allows(origin)) return;
  response.headers.set("Access-Control-Allow-Origin", std::string(origin));
  response.headers.set("Access-Control-Allow-Credentials", "true");
  response.headers.set("Access-Control-Expose-Headers", "Location");
  response.headers.add("Vary", "Origin");
}

std::optional<Response> CorsPolicy::preflight(const Request& request) const {
  if (request.method != "OPTIONS" || !request.headers.find("Access-Control-Request-Method")) return std::nullopt;
  Response r;
  r.route = "preflight";
  if (!allows(request.headers.get("Origin"))) {
    r.status = 403;
    return r;
  }
  r.status = 200;
  r.headers.set("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS");
  const auto requested = request.headers.get("Access-Control-Request-Headers");
  r.headers.set("Access-Control-Allow-Headers",
                requested.empty() ? "Content-Type, Authorization" : std::string(requested));
  r.headers.set("Access-Control-Max-Age", "7200");
  return r;
}

CorsFilter::CorsFilter(HttpHandler& inner, CorsPolicy policy, std::vector<std::string> uncoveredPaths)
    : inner_(inner), policy_(std::move(policy)), uncoveredPaths_(std::move(uncoveredPaths)) {}

bool CorsFilter::covers(std::string_view encodedPath) const {
  const std::string path = percentDecoded(encodedPath);
  return std::none_of(uncoveredPaths_.begin(), uncoveredPaths_.end(), [&](const std::string& prefix) {
    return path.starts_with(prefix) && (path.size() == prefix.size() || path[prefix.size()] == '/');
  });
}

boost::asio::awaitable<Response> CorsFilter::handle(Request& request) {
  // Without an Origin there is nothing to allow or refuse (a preflight always
  // carries one): most requests, from widgets' own pages and every non-browser
  // client, pass without their path being decoded.
  if (request.method != "OPTIONS" && !request.headers.find("Origin")) co_return co_await inner_.handle(request);
  if (!covers(request.path())) {
    if (request.method == "OPTIONS" && request.headers.find("Access-Control-Request-Method")) {
      Response refused;
      refused.status = 403;
      refused.route = "preflight";
      co_return refused;
    }
    co_return co_await inner_.handle(request);
  }
  auto response = policy_.preflight(request);
  if (!response) response = co_await inner_.handle(request);
  policy_.decorate(request, *response);
  co_return std::move(*response);
}

Response CorsFilter::rejected(const Rejection& rejection) {
  Response response = inner_.rejected(rejection);
  // A browser shows an answer without CORS headers as a network error; an allowed
  // page should see the 413 or 431 its request got. Only where the target is known
  // and covered: the admin paths never carry CORS headers.
  if (rejection.origin.empty() || rejection.target.empty() || !covers(rejection.target.substr(0, rejection.target.find('?')))) {
    return response;
  }
  Request head;
  head.headers.add("Origin", std::string(rejection.origin));
  policy_.decorate(head, response);
  return response;
}

}  // namespace smfront::net
