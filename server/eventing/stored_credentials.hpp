#pragma once
// How a user's SASL verifiers are written to the store (table
// core::records::kUserCredentials, keyed by user name): one JSON object with
// the binary fields in base64. Stored so that a restart need not run PBKDF2
// again for every user; only what deriveUserCredentials() made is kept, never
// the password.
#include <optional>
#include <string>
#include <string_view>

#include "xmpp/credentials.hpp"

namespace smfront::eventing {

std::string encodeStoredCredentials(const xmpp::UserCredentials& credentials);

/// The verifiers in @p value, or nullopt when it is not a complete, well-formed
/// record (wrong types, bad base64, keys of the wrong length): the caller then
/// derives them afresh instead of trusting a damaged row.
std::optional<xmpp::UserCredentials> decodeStoredCredentials(std::string_view value);

}  // namespace smfront::eventing
