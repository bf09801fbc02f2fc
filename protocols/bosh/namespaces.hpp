#pragma once

#include <string_view>

namespace smfront::bosh {

/// The <body/> wrapper's namespace (XEP-0124).
inline constexpr std::string_view kHttpBindNs = "http://jabber.org/protocol/httpbind";
/// Namespace of the XMPP-specific wrapper attributes (XEP-0206): xmpp:version, xmpp:restart.
inline constexpr std::string_view kXboshNs = "urn:xmpp:xbosh";
/// Namespace bound to the `stream` prefix: stream:features and stream:error ride in bodies.
inline constexpr std::string_view kStreamNs = "http://etherx.jabber.org/streams";
/// Default namespace of client stanzas; the one children of <body/> are normalized to.
inline constexpr std::string_view kClientNs = "jabber:client";
/// Namespace of the conditions inside <stream:error/>.
inline constexpr std::string_view kStreamErrorNs = "urn:ietf:params:xml:ns:xmpp-streams";

}  // namespace smfront::bosh
