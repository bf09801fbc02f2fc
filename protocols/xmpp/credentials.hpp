#pragma once

// What the server keeps per user instead of the password, derived once when the configuration
// is loaded (PBKDF2 is deliberately slow and must not run per login for SCRAM).
//
// Choices: each SCRAM hash gets its own random 16-byte salt and 4096 iterations (spec
// bosh-xmpp 5). PLAIN is checked against HMAC-SHA-256(salt, password) with a third salt rather
// than by re-running PBKDF2, so that a PLAIN login costs microseconds: load drivers log in
// with PLAIN by the hundred per second, and the configured password sits in the config file
// in clear anyway.

#include <cstdint>
#include <string>
#include <string_view>

#include "xmpp/crypto.hpp"

namespace smfront::xmpp {

/// SCRAM's server-side verifier for one hash (RFC 5802 section 3).
struct ScramCredentials {
  HashAlgorithm algorithm = HashAlgorithm::Sha256;
  std::string salt;  ///< raw bytes
  std::uint32_t iterations = 4096;
  std::string storedKey;  ///< H(ClientKey)
  std::string serverKey;  ///< HMAC(SaltedPassword, "Server Key")
};

/// @brief SaltedPassword = Hi(@p password, @p salt, @p iterations), then StoredKey and ServerKey.
ScramCredentials deriveScramCredentials(HashAlgorithm algorithm, std::string_view password, std::string salt,
                                        std::uint32_t iterations);

/// Every verifier of one user.
struct UserCredentials {
  std::string username;
  ScramCredentials sha1;
  ScramCredentials sha256;
  std::string plainSalt;
  std::string plainDigest;  ///< HMAC-SHA-256(plainSalt, password)

  /// @brief The SCRAM verifier for @p algorithm.
  const ScramCredentials& scram(HashAlgorithm algorithm) const noexcept {
    return algorithm == HashAlgorithm::Sha1 ? sha1 : sha256;
  }
  /// @brief Whether @p password is this user's password (PLAIN), in constant time.
  bool checkPassword(std::string_view password) const;
};

inline constexpr std::uint32_t kDefaultScramIterations = 4096;

/// @brief Derives all verifiers of @p username from @p password with fresh salts from @p random.
UserCredentials deriveUserCredentials(std::string username, std::string_view password,
                                      const RandomSource& random = secureRandomBytes,
                                      std::uint32_t iterations = kDefaultScramIterations);

}  // namespace smfront::xmpp
