#pragma once
// The route table of the REST doors: method + path-pattern routing.
//
// Patterns are absolute paths whose segments are literals or {name}; {name:number}
// matches digits only (a path naming no such resource is 404, not 405); a last
// segment {name...} takes the rest of the path. Paths are compared segment by
// segment after percent-decoding, and one trailing '/' is ignored. Routes match
// in the order they were added. A path that matches some route but not with
// this method gets 405 with Allow; HEAD is served wherever GET is. A path under
// an API prefix that matches nothing gets 404 with an apiErrors body; anything
// else goes to the fallback (the static web root).
#include <boost/asio/awaitable.hpp>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "net/http_message.hpp"

namespace smfront::api {

class PathParams {
 public:
  /// The decoded value of {name}, or "" when the pattern has no such segment.
  std::string_view get(std::string_view name) const;
  void add(std::string_view name, std::string value) { values_.emplace_back(name, std::move(value)); }

 private:
  std::vector<std::pair<std::string_view, std::string>> values_;
};

using Handler = std::function<boost::asio::awaitable<net::Response>(net::Request&, const PathParams&)>;

class RouteTable final : public net::HttpHandler {
 public:
  /// Whether a route may change the domain: any method but GET, HEAD and OPTIONS
  /// may; a GET does only when its route says so (SocialMiner's callbacks and
  /// tasks created from a query string, the chat redirect).
  enum class Effect { ByMethod, Changes };

  /// `methods` is a comma-separated list such as "GET" or "PUT,DELETE".
  void add(std::string_view methods, std::string pattern, Handler handler, Effect effect = Effect::ByMethod);
  /// Paths starting with `prefix` belong to an API: unknown ones get apiErrors.
  void addApiPrefix(std::string prefix);
  /// Serves what no route matched (and no API prefix claims).
  void setFallback(Handler handler);

  boost::asio::awaitable<net::Response> handle(net::Request& request) override;
  /// Whether `request`, once handled, may have changed the domain (see Effect).
  bool mayChange(const net::Request& request) const;
  net::Response rejected(const net::Rejection& rejection) override;

 private:
  struct Route {
    std::vector<std::string> methods;
    std::string pattern;  // also the metrics label
    std::vector<std::string> segments;
    bool takesRest = false;  // ends in {name...}
    Handler handler;
    Effect effect = Effect::ByMethod;
  };

  bool isApiPath(std::string_view path) const;
  static bool match(const Route& route, const std::vector<std::string>& segments, PathParams& params);
  /// The route that serves `method` on `segments`, with its path parameters; the
  /// methods of routes whose path fits but whose method does not go to `allowed`.
  const Route* routeFor(const std::vector<std::string>& segments, std::string_view method, PathParams& params,
                        std::vector<std::string_view>& allowed) const;

  std::deque<Route> routes_;  // deque: Route::pattern must not move (metrics keep views of it)
  // Routes by their first path segment, in the order they were added, so a
  // request is matched only against routes that can fit; routes whose first
  // segment is a parameter are in every list and in wildcardFirst_.
  std::unordered_map<std::string, std::vector<const Route*>> byFirstSegment_;
  std::vector<const Route*> wildcardFirst_;
  std::vector<std::string> apiPrefixes_;
  Handler fallback_;
};

/// Splits a percent-encoded path into decoded segments; false when the path is
/// not a valid origin-form path (or decodes to a NUL or a '/' inside a segment).
bool splitPath(std::string_view encodedPath, std::vector<std::string>& segments);

}  // namespace smfront::api
