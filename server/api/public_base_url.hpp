#pragma once
// `<base>` of every URL the server writes (Location, refURL, pushFeedURL, the
// chat redirect, notifications): the configured public_base_url, or the door's
// scheme on server.fqdn with the door's port. Never the request's Host header,
// which the client chooses: a Location built from it would send a widget, or a
// cached page, wherever an attacker's request said.
#include <cstdint>
#include <string>
#include <string_view>

#include "net/http_message.hpp"

namespace smfront::api {

/// The base URL for `scheme` ("http" or "https") on `port`: `publicBaseUrl`
/// when set (without a trailing '/'), else scheme://fqdn, with the port unless
/// it is the scheme's default.
std::string publicBaseUrlOf(std::string_view publicBaseUrl, std::string_view fqdn, std::string_view scheme,
                            std::uint16_t port);

/// The base URLs of the HTTP and HTTPS doors.
struct PublicBaseUrls {
  std::string http;
  std::string https;
};

/// The base URL of the door that took `request`.
inline const std::string& baseUrl(const net::Request& request, const PublicBaseUrls& bases) {
  return request.secure ? bases.https : bases.http;
}

}  // namespace smfront::api
