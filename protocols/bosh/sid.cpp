#include "bosh/sid.hpp"

namespace smfront::bosh {

std::string formatSid(const std::array<std::uint8_t, kSidBytes>& random) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string sid;
  sid.reserve(2 * kSidBytes);
  for (std::uint8_t byte : random) {
    sid += kHex[byte >> 4];
    sid += kHex[byte & 0x0f];
  }
  return sid;
}

}  // namespace smfront::bosh
