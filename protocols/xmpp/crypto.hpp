#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace smfront::xmpp {

// The few OpenSSL libcrypto primitives SCRAM needs, over byte strings. Randomness comes in
// through the two function types below, so that tests can replay the RFC exchanges exactly.

/// The hash functions of the SCRAM family this library implements.
enum class HashAlgorithm { Sha1, Sha256 };

/// @brief Digest length in bytes: 20 for SHA-1, 32 for SHA-256.
std::size_t digestSize(HashAlgorithm algorithm) noexcept;

/// @brief H(@p data).
std::string hashDigest(HashAlgorithm algorithm, std::string_view data);

/// @brief HMAC(@p key, @p data).
std::string hmac(HashAlgorithm algorithm, std::string_view key, std::string_view data);

/// @brief SCRAM's Hi(): PBKDF2 with HMAC over @p algorithm, one block of digest size.
std::string pbkdf2(HashAlgorithm algorithm, std::string_view password, std::string_view salt,
                   std::uint32_t iterations);

/// @brief Equality whose running time does not depend on where the inputs differ.
bool constantTimeEqual(std::string_view a, std::string_view b) noexcept;

/// Returns that many unpredictable bytes.
using RandomSource = std::function<std::string(std::size_t)>;

/// Returns a fresh printable nonce without ',' (SCRAM's "r=" value).
using NonceSource = std::function<std::string()>;

/// @brief @p n bytes from OpenSSL's CSPRNG; throws std::runtime_error if it cannot deliver.
std::string secureRandomBytes(std::size_t n);

/// @brief Base64 of 18 secure random bytes (24 characters, 144 bits).
std::string secureNonce();

}  // namespace smfront::xmpp
