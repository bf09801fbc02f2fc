#include "xmpp/credentials.hpp"

#include <utility>

namespace smfront::xmpp {

ScramCredentials deriveScramCredentials(HashAlgorithm algorithm, std::string_view password, std::string salt,
                                        std::uint32_t iterations) {
  const std::string salted = pbkdf2(algorithm, password, salt, iterations);
  ScramCredentials c;
  c.algorithm = algorithm;
  c.salt = std::move(salt);
  c.iterations = iterations;
  c.storedKey = hashDigest(algorithm, hmac(algorithm, salted, "Client Key"));
  c.serverKey = hmac(algorithm, salted, "Server Key");
  return c;
}

bool UserCredentials::checkPassword(std::string_view password) const {
  return constantTimeEqual(hmac(HashAlgorithm::Sha256, plainSalt, password), plainDigest);
}

UserCredentials deriveUserCredentials(std::string username, std::string_view password, const RandomSource& random,
                                      std::uint32_t iterations) {
  UserCredentials u;
  u.username = std::move(username);
  u.sha1 = deriveScramCredentials(HashAlgorithm::Sha1, password, random(16), iterations);
  u.sha256 = deriveScramCredentials(HashAlgorithm::Sha256, password, random(16), iterations);
  u.plainSalt = random(16);
  u.plainDigest = hmac(HashAlgorithm::Sha256, u.plainSalt, password);
  return u;
}

}  // namespace smfront::xmpp
