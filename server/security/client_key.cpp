#include "security/client_key.hpp"

#include <arpa/inet.h>

#include <array>
#include <cstring>

namespace smfront::security {

std::string clientKey(std::string_view address) {
  const std::string text(address);
  std::array<unsigned char, 16> v6{};
  if (::inet_pton(AF_INET6, text.c_str(), v6.data()) != 1) return text;
  static constexpr std::array<unsigned char, 12> kMappedPrefix{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  char out[INET6_ADDRSTRLEN] = {};
  if (std::memcmp(v6.data(), kMappedPrefix.data(), kMappedPrefix.size()) == 0) {
    ::inet_ntop(AF_INET, v6.data() + 12, out, sizeof out);
    return out;
  }
  std::fill(v6.begin() + 8, v6.end(), 0);
  ::inet_ntop(AF_INET6, v6.data(), out, sizeof out);
  return std::string(out) + "/64";
}

}  // namespace smfront::security
