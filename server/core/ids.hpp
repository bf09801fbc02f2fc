#pragma once
// Identifiers that must not be guessed (session cookies) or repeated (contact ids).
#include <cstddef>
#include <string>

namespace smfront::core {

/// `bytes` random bytes from OpenSSL's CSPRNG, as hex.
std::string randomHex(std::size_t bytes, bool upperCase);

/// A contact id: 128 random bits as 32 upper-case hex digits (SocialMiner's form).
inline std::string newContactId() { return randomHex(16, true); }

/// A chat session id (the JSESSIONID cookie value): 32 lower-case hex digits.
inline std::string newSessionId() { return randomHex(16, false); }

}  // namespace smfront::core
