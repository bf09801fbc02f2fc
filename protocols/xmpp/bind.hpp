#pragma once

// The server's half of resource binding and the legacy session IQ (RFC 6120 7, RFC 3921 3),
// for the BOSH door after the stream restart.
//
// Choice (spec bosh-xmpp 5): a client that asks for no resource gets "smf-" and 8 hex digits.

#include <optional>
#include <string>

#include "xml/element.hpp"
#include "xmpp/crypto.hpp"
#include "xmpp/jid.hpp"

namespace smfront::xmpp {

/// A client's <iq type='set'><bind/></iq>.
struct BindRequest {
  /// The requested resource; empty when the client lets the server choose.
  std::string resource;
};

/// @brief The bind request in @p iq; nullopt when @p iq is not an iq set with a bind child.
std::optional<BindRequest> readBindRequest(const xml::Element& iq);

/// @brief <iq type='result'><bind><jid>full</jid></bind></iq> answering @p request.
xml::Element bindResult(const xml::Element& request, const Jid& bound);

/// @brief "smf-" and 8 lower-case hex digits from @p random.
std::string generatedResource(const RandomSource& random = secureRandomBytes);

/// @brief Whether @p iq is an iq set with a session child (answered with an empty result).
bool isSessionRequest(const xml::Element& iq);

}  // namespace smfront::xmpp
