#include "core/ids.hpp"

#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

namespace smfront::core {

std::string randomHex(std::size_t bytes, bool upperCase) {
  // OpenSSL's generator, the one SCRAM's nonces and salts come from: one CSPRNG
  // in the process.
  std::vector<unsigned char> raw(bytes);
  if (bytes > 0 && RAND_bytes(raw.data(), static_cast<int>(bytes)) != 1) throw std::runtime_error("RAND_bytes failed");
  const char* digits = upperCase ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string out;
  out.reserve(bytes * 2);
  for (unsigned char b : raw) {
    out += digits[b >> 4];
    out += digits[b & 0x0f];
  }
  return out;
}

}  // namespace smfront::core
