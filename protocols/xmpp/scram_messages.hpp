#pragma once

// Pieces of the SCRAM message syntax (RFC 5802 section 7) shared by client and server.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "xmpp/crypto.hpp"

namespace smfront::xmpp::scram {

/// @brief The hash of a SCRAM mechanism name ("SCRAM-SHA-1", "SCRAM-SHA-256"); nullopt for
/// any other name, including the -PLUS variants, which need channel binding.
std::optional<HashAlgorithm> algorithmOf(std::string_view mechanism) noexcept;

/// @brief @p name with ',' as "=2C" and '=' as "=3D" (saslname).
std::string encodeSaslName(std::string_view name);
/// @brief Reverse of encodeSaslName; nullopt on any other use of '=' or an empty result.
std::optional<std::string> decodeSaslName(std::string_view text);

/// @brief Whether @p nonce is non-empty printable ASCII without ',' (RFC 5802 "printable").
bool isValidNonce(std::string_view nonce) noexcept;

/// One "x=value" attribute of a SCRAM message; value views into the message.
using Attribute = std::pair<char, std::string_view>;

/// @brief Splits @p message at ',' into attributes; nullopt unless every part is a single
/// ASCII letter, '=', and a value (possibly empty).
std::optional<std::vector<Attribute>> parseAttributes(std::string_view message);

/// @brief Byte-wise XOR of two equally long strings.
std::string xorBytes(std::string_view a, std::string_view b);

}  // namespace smfront::xmpp::scram
