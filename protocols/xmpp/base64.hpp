#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace smfront::xmpp {

// Base64 of RFC 4648 section 4 as SASL in XMPP uses it (RFC 6120 6.4.2): padded, no line
// breaks, no whitespace. Decoding is strict, because a lenient decoder would let two different
// texts carry the same SCRAM proof, and RFC 6120 asks for <incorrect-encoding/> instead.

/// @brief @p bytes in padded base64.
std::string base64Encode(std::string_view bytes);

/// @brief The bytes of @p text, or nullopt unless @p text is canonical padded base64
/// (length a multiple of 4, only the alphabet, '=' only as final padding, zero unused bits).
std::optional<std::string> base64Decode(std::string_view text);

}  // namespace smfront::xmpp
