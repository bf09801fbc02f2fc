#include "api/public_base_url.hpp"

namespace smfront::api {

std::string publicBaseUrlOf(std::string_view publicBaseUrl, std::string_view fqdn, std::string_view scheme,
                            std::uint16_t port) {
  if (!publicBaseUrl.empty()) {
    while (publicBaseUrl.ends_with('/')) publicBaseUrl.remove_suffix(1);
    return std::string(publicBaseUrl);
  }
  std::string base = std::string(scheme) + "://" + std::string(fqdn);
  const std::uint16_t defaultPort = scheme == "https" ? 443 : 80;
  if (port != defaultPort) base += ":" + std::to_string(port);
  return base;
}

}  // namespace smfront::api
