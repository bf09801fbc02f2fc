#pragma once
// Credentialed CORS on every response, errors included, for the origins the
// config allows: browsers' chat widgets live on other sites and send cookies.
#include <boost/asio/awaitable.hpp>
#include <string>
#include <vector>

#include "net/http_message.hpp"

namespace smfront::api {

class CorsPolicy {
 public:
  /// "*" in `origins` allows any origin (it is still echoed, never sent as "*").
  explicit CorsPolicy(std::vector<std::string> origins) : origins_(std::move(origins)) {}
  bool allows(std::string_view origin) const;

  /// Adds the CORS headers when the request carries an allowed Origin.
  void decorate(const net::Request& request, net::Response& response) const;
  /// The answer to a preflight (OPTIONS with Access-Control-Request-Method), or
  /// nothing when the request is not one.
  std::optional<net::Response> preflight(const net::Request& request) const;

 private:
  std::vector<std::string> origins_;
};

/// Wraps a handler so every answer, rejections included, passes the policy.
class CorsHandler final : public net::HttpHandler {
 public:
  CorsHandler(net::HttpHandler& inner, CorsPolicy policy) : inner_(inner), policy_(std::move(policy)) {}
  boost::asio::awaitable<net::Response> handle(net::Request& request) override;
  net::Response rejected(int status, std::string_view reason, std::string_view target) override;

 private:
  net::HttpHandler& inner_;
  CorsPolicy policy_;
};

}  // namespace smfront::api
