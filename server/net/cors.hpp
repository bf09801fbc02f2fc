#pragma once
// Credentialed CORS for every door that browsers reach (spec socialminer-rest
// §2.2, bosh-xmpp §2): which origins may read smfront's answers, and a filter
// that adds the headers to every answer of a door, errors included.
//
// Only smfront's own pages and the configured origins are allowed: a page of
// any other site must not read a customer's chat or drive an agent's session
// with the browser's cookies. "*" opts into any origin, but "null" (sandboxed
// frames, file: pages, redirects) is never echoed, since any site can send it.
#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/http_message.hpp"

namespace smfront::net {

/// The origins of the pages smfront serves: each host on http:// with
/// `httpPort` and on https:// with `httpsPort`, written as browsers write an
/// Origin (lower case, no default port).
std::vector<std::string> ownOrigins(const std::vector<std::string>& hosts, std::uint16_t httpPort,
                                    std::uint16_t httpsPort);

/// The origin part (scheme://host[:port]) of an absolute URL, lower-cased;
/// empty when `url` is not an http or https URL.
std::string originOf(std::string_view url);

class CorsPolicy {
 public:
  /// Allows no origin.
  CorsPolicy() = default;
  /// `allowed` lists origins; "*" in it allows any origin except "null".
  explicit CorsPolicy(std::vector<std::string> allowed);

  bool allows(std::string_view origin) const;
  /// Adds the CORS answer headers when the request carries an allowed Origin.
  void decorate(const Request& request, Response& response) const;
  /// The answer to a preflight (OPTIONS with Access-Control-Request-Method),
  /// or nothing when the request is not one.
  std::optional<Response> preflight(const Request& request) const;

 private:
  std::vector<std::string> allowed_;  // lower case
  bool anyOrigin_ = false;
};

/// Wraps a door's handler: answers preflights and decorates every answer,
/// except under `uncoveredPaths` (segment-wise prefixes such as "/metrics"),
/// whose answers never carry CORS headers and whose preflights are refused.
class CorsFilter final : public HttpHandler {
 public:
  CorsFilter(HttpHandler& inner, CorsPolicy policy, std::vector<std::string> uncoveredPaths);

  /// Replaces the policy; only before the doors serve (their ports name the
  /// own origins, so they are known only once bound).
  void setPolicy(CorsPolicy policy) { policy_ = std::move(policy); }

  boost::asio::awaitable<Response> handle(Request& request) override;
  Response rejected(const Rejection& rejection) override;

 private:
  bool covers(std::string_view encodedPath) const;

  HttpHandler& inner_;
  CorsPolicy policy_;
  std::vector<std::string> uncoveredPaths_;
};

}  // namespace smfront::net
