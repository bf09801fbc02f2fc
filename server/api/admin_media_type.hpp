#pragma once
// Admin writes carry XML, said so in Content-Type (application/xml or
// text/xml); anything else gets 415. A cross-site HTML form can only send
// text/plain, form-encoded or multipart bodies without asking the browser's
// preflight first, so this closes the admin API to forged form posts that ride
// on a logged-in browser's credentials.
#include <boost/asio/awaitable.hpp>
#include <string_view>

#include "net/http_message.hpp"

namespace smfront::api {

/// Whether `contentType` names XML (application/xml or text/xml, any parameters).
bool isXmlMediaType(std::string_view contentType);

class AdminMediaType final : public net::HttpHandler {
 public:
  explicit AdminMediaType(net::HttpHandler& inner) : inner_(inner) {}
  boost::asio::awaitable<net::Response> handle(net::Request& request) override;
  net::Response rejected(const net::Rejection& rejection) override {
    return inner_.rejected(rejection);
  }

 private:
  net::HttpHandler& inner_;
};

}  // namespace smfront::api
