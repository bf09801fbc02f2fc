#include "xmpp/crypto.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <stdexcept>

#include "xmpp/base64.hpp"

namespace smfront::xmpp {

namespace {

const EVP_MD* md(HashAlgorithm algorithm) noexcept {
  return algorithm == HashAlgorithm::Sha1 ? EVP_sha1() : EVP_sha256();
}

const unsigned char* bytes(std::string_view s) noexcept {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

std::size_t digestSize(HashAlgorithm algorithm) noexcept {
  return algorithm == HashAlgorithm::Sha1 ? 20 : 32;
}

std::string hashDigest(HashAlgorithm algorithm, std::string_view data) {
  std::string out(EVP_MAX_MD_SIZE, '\0');
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), reinterpret_cast<unsigned char*>(out.data()), &length,
                 md(algorithm), nullptr) != 1) {
    throw std::runtime_error("EVP_Digest failed");
  }
  out.resize(length);
  return out;
}

std::string hmac(HashAlgorithm algorithm, std::string_view key, std::string_view data) {
  std::string out(EVP_MAX_MD_SIZE, '\0');
  unsigned int length = 0;
  if (HMAC(md(algorithm), key.data(), static_cast<int>(key.size()), bytes(data), data.size(),
           reinterpret_cast<unsigned char*>(out.data()), &length) == nullptr) {
    throw std::runtime_error("HMAC failed");
  }
  out.resize(length);
  return out;
}

std::string pbkdf2(HashAlgorithm algorithm, std::string_view password, std::string_view salt,
                   std::uint32_t iterations) {
  std::string out(digestSize(algorithm), '\0');
  if (iterations == 0 ||
      PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), bytes(salt),
                        static_cast<int>(salt.size()), static_cast<int>(iterations), md(algorithm),
                        static_cast<int>(out.size()), reinterpret_cast<unsigned char*>(out.data())) != 1) {
    throw std::runtime_error("PBKDF2 failed");
  }
  return out;
}

bool constantTimeEqual(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string secureRandomBytes(std::size_t n) {
  std::string out(n, '\0');
  if (n > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
    throw std::runtime_error("RAND_bytes failed");
  }
  return out;
}

std::string secureNonce() { return base64Encode(secureRandomBytes(18)); }

}  // namespace smfront::xmpp
