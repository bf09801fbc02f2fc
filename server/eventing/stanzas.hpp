#pragma once
// Namespaces and small builders the embedded XMPP services share. Stanzas are
// built in jabber:client and serialized with their namespace declared, so the
// BOSH body can carry them as they are.
#include <string>
#include <string_view>

#include "xml/element.hpp"
#include "xmpp/stanza.hpp"

namespace smfront::eventing {

namespace ns {
inline constexpr std::string_view kDiscoInfo = "http://jabber.org/protocol/disco#info";
inline constexpr std::string_view kDiscoItems = "http://jabber.org/protocol/disco#items";
inline constexpr std::string_view kMuc = "http://jabber.org/protocol/muc";
inline constexpr std::string_view kMucUser = "http://jabber.org/protocol/muc#user";
inline constexpr std::string_view kPubsub = "http://jabber.org/protocol/pubsub";
inline constexpr std::string_view kPubsubEvent = "http://jabber.org/protocol/pubsub#event";
inline constexpr std::string_view kPubsubOwner = "http://jabber.org/protocol/pubsub#owner";
inline constexpr std::string_view kPubsubErrors = "http://jabber.org/protocol/pubsub#errors";
inline constexpr std::string_view kChatStates = "http://jabber.org/protocol/chatstates";
inline constexpr std::string_view kDelay = "urn:xmpp:delay";
inline constexpr std::string_view kRoster = "jabber:iq:roster";
}  // namespace ns

/// @brief A jabber:client element named @p name.
xml::Element clientElement(std::string_view name);

/// @brief @p stanza as text with xmlns='jabber:client' on its top element.
std::string wire(const xml::Element& stanza);

/// @brief An error reply to @p request with an extra application condition
/// (e.g. pubsub#errors <invalid-jid/>) next to the stanza condition.
xml::Element errorReplyWith(const xml::Element& request, xmpp::StanzaErrorCondition condition, std::string_view appCondition,
                            std::string_view appNs);

}  // namespace smfront::eventing
