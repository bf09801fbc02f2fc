#include "api/route_table.hpp"

#include <algorithm>

#include <boost/url/parse_path.hpp>

#include "api/api_error.hpp"

namespace smfront::api {

namespace asio = boost::asio;

std::string_view PathParams::get(std::string_view name) const {
  for (const auto& [n, v] : values_) {
    if (n == name) return v;
  }
  return {};
}

bool splitPath(std::string_view encodedPath, std::vector<std::string>& segments) {
  segments.clear();
  if (encodedPath.empty() || encodedPath.front() != '/') return false;
  const auto parsed = boost::urls::parse_path(encodedPath);
  if (!parsed) return false;
  for (const auto segment : *parsed) {
    std::string decoded = segment.decode();
    if (decoded.find('\0') != std::string::npos || decoded.find('/') != std::string::npos) return false;
    segments.push_back(std::move(decoded));
  }
  if (!segments.empty() && segments.back().empty()) segments.pop_back();  // trailing '/'
  return true;
}

void RouteTable::add(std::string_view methods, std::string pattern, Handler handler, Effect effect) {
  Route route;
  route.effect = effect;
  while (!methods.empty()) {
    const auto comma = methods.find(',');
    route.methods.emplace_back(methods.substr(0, comma));
    methods = comma == std::string_view::npos ? std::string_view{} : methods.substr(comma + 1);
  }
  std::string_view rest = pattern;
  while (!rest.empty()) {
    rest.remove_prefix(1);  // '/'
    const auto slash = rest.find('/');
    route.segments.emplace_back(rest.substr(0, slash));
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
  }
  if (!route.segments.empty() && route.segments.back().empty()) route.segments.pop_back();
  route.takesRest = !route.segments.empty() && route.segments.back().ends_with("...}");
  route.pattern = std::move(pattern);
  route.handler = std::move(handler);
  const Route& added = routes_.emplace_back(std::move(route));

  const bool paramFirst = added.segments.empty() || added.segments.front().starts_with('{');
  if (paramFirst) {
    wildcardFirst_.push_back(&added);
    for (auto& [_, list] : byFirstSegment_) list.push_back(&added);
  } else {
    auto [bucket, fresh] = byFirstSegment_.try_emplace(added.segments.front());
    if (fresh) bucket->second = wildcardFirst_;
    bucket->second.push_back(&added);
  }
}

void RouteTable::addApiPrefix(std::string prefix) { apiPrefixes_.push_back(std::move(prefix)); }

void RouteTable::setFallback(Handler handler) { fallback_ = std::move(handler); }

bool RouteTable::isApiPath(std::string_view path) const {
  for (const auto& prefix : apiPrefixes_) {
    if (path.starts_with(prefix) && (path.size() == prefix.size() || path[prefix.size()] == '/')) return true;
  }
  return false;
}

bool RouteTable::match(const Route& route, const std::vector<std::string>& segments, PathParams& params) {
  const auto& pattern = route.segments;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const std::string_view p = pattern[i];
    const bool isParam = p.size() >= 2 && p.front() == '{' && p.back() == '}';
    if (isParam && p.ends_with("...}")) {
      if (i >= segments.size()) return false;
      std::string tail;
      for (std::size_t j = i; j < segments.size(); ++j) {
        if (j > i) tail += '/';
        tail += segments[j];
      }
      params.add(p.substr(1, p.size() - 5), std::move(tail));
      return true;
    }
    if (i >= segments.size()) return false;
    if (isParam) {
      std::string_view name = p.substr(1, p.size() - 2);
      const bool numeric = name.ends_with(":number");
      if (numeric) name.remove_suffix(7);
      if (segments[i].empty()) return false;
      if (numeric && !std::all_of(segments[i].begin(), segments[i].end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return false;
      }
      params.add(name, segments[i]);
    } else if (segments[i] != p) {
      return false;
    }
  }
  return pattern.size() == segments.size();
}

const RouteTable::Route* RouteTable::routeFor(const std::vector<std::string>& segments, std::string_view method,
                                              PathParams& params, std::vector<std::string_view>& allowed) const {
  const auto bucket = segments.empty() ? byFirstSegment_.end() : byFirstSegment_.find(segments.front());
  const auto& candidates = bucket == byFirstSegment_.end() ? wildcardFirst_ : bucket->second;
  for (const Route* route : candidates) {
    if (!route->takesRest && route->segments.size() != segments.size()) continue;
    PathParams found;
    if (!match(*route, segments, found)) continue;
    for (const auto& m : route->methods) {
      if (m == method || (method == "HEAD" && m == "GET")) {
        params = std::move(found);
        return route;
      }
      allowed.push_back(m);
    }
  }
  return nullptr;
}

bool RouteTable::mayChange(const net::Request& request) const {
  const bool safe = request.method == "GET" || request.method == "HEAD" || request.method == "OPTIONS";
  if (!safe) return true;
  std::vector<std::string> segments;
  if (!splitPath(request.path(), segments)) return false;
  PathParams params;
  std::vector<std::string_view> allowed;
  const Route* route = routeFor(segments, request.method, params, allowed);
  return route != nullptr && route->effect == Effect::Changes;
}

asio::awaitable<net::Response> RouteTable::handle(net::Request& request) {
  std::vector<std::string> segments;
  const auto path = request.path();
  if (!splitPath(path, segments)) {
    auto r = rejected({.status = 400, .reason = "the request path is not a valid URL path", .target = request.target});
    r.route = "invalid";
    co_return r;
  }

  std::vector<std::string_view> allowed;
  PathParams params;
  if (const Route* route = routeFor(segments, request.method, params, allowed)) {
    auto response = co_await route->handler(request, params);
    response.route = route->pattern;
    co_return response;
  }

  const bool api = isApiPath(path);
  if (!allowed.empty()) {
    std::string allow;
    for (auto m : allowed) {
      if (allow.find(m) != std::string::npos) continue;
      if (!allow.empty()) allow += ", ";
      allow += m;
      if (m == "GET") allow += ", HEAD";
    }
    net::Response r = api ? apiError(405, "methodNotAllowed", request.method,
                                     request.method + " is not allowed on " + std::string(path))
                          : net::Response::text(405, "Method Not Allowed\n");
    r.headers.set("Allow", std::move(allow));
    r.route = "unmatched";
    co_return r;
  }
  if (api || !fallback_) {
    auto r = apiError(404, "notFound", path, "no resource at " + std::string(path));
    r.route = "unmatched";
    co_return r;
  }
  PathParams none;
  co_return co_await fallback_(request, none);
}

net::Response RouteTable::rejected(const net::Rejection& rejection) {
  const auto path = rejection.target.substr(0, rejection.target.find('?'));
  if (isApiPath(path)) return apiError(rejection.status, errorTypeFor(rejection.status), {}, rejection.reason);
  return HttpHandler::rejected(rejection);
}

}  // namespace smfront::api
