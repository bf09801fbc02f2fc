#pragma once

#include <string_view>

namespace smfront::xmpp {

// XML namespaces of RFC 6120 and the extensions this library speaks, in one place so that a
// typo cannot make an element silently unrecognised.
namespace ns {
inline constexpr std::string_view kClient = "jabber:client";
inline constexpr std::string_view kStream = "http://etherx.jabber.org/streams";
inline constexpr std::string_view kStreamErrors = "urn:ietf:params:xml:ns:xmpp-streams";
inline constexpr std::string_view kTls = "urn:ietf:params:xml:ns:xmpp-tls";
inline constexpr std::string_view kSasl = "urn:ietf:params:xml:ns:xmpp-sasl";
inline constexpr std::string_view kBind = "urn:ietf:params:xml:ns:xmpp-bind";
inline constexpr std::string_view kSession = "urn:ietf:params:xml:ns:xmpp-session";
inline constexpr std::string_view kStanzas = "urn:ietf:params:xml:ns:xmpp-stanzas";
inline constexpr std::string_view kPing = "urn:xmpp:ping";
inline constexpr std::string_view kStreamManagement = "urn:xmpp:sm:3";
}  // namespace ns

}  // namespace smfront::xmpp
