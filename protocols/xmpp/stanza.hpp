#pragma once

// Stanza builders and readers over xml::Element. Stanzas are built in the jabber:client
// namespace; serialize them with xml::serialize(e, ns::kClient) inside a c2s stream, or with no
// inherited namespace inside a BOSH <body>, where they must carry xmlns='jabber:client'.
//
// Choices: error replies swap 'to' and 'from' of the request and keep its id, and do not echo
// the request's payload (RFC 6120 8.3.1 makes that optional). Never answer a stanza of type
// 'error' with an error (RFC 6120 8.3.1): readHeader(s).type == "error" tells.

#include <optional>
#include <string>
#include <string_view>

#include "xml/element.hpp"

namespace smfront::xmpp {

enum class StanzaKind { Message, Presence, Iq, Other };

/// The routing attributes every stanza may carry; absent attributes are empty strings.
struct StanzaHeader {
  StanzaKind kind = StanzaKind::Other;
  std::string to;
  std::string from;
  std::string type;
  std::string id;

  friend bool operator==(const StanzaHeader&, const StanzaHeader&) = default;
};

/// @brief Kind (by name, in jabber:client or no namespace) and to/from/type/id of @p stanza.
StanzaHeader readHeader(const xml::Element& stanza);

/// The 'type' attribute of <error/> (RFC 6120 8.3.2).
enum class ErrorType { Auth, Cancel, Continue, Modify, Wait };

/// Defined stanza error conditions (RFC 6120 8.3.3).
enum class StanzaErrorCondition {
  BadRequest,
  Conflict,
  FeatureNotImplemented,
  Forbidden,
  Gone,
  InternalServerError,
  ItemNotFound,
  JidMalformed,
  NotAcceptable,
  NotAllowed,
  NotAuthorized,
  PolicyViolation,
  RecipientUnavailable,
  Redirect,
  RegistrationRequired,
  RemoteServerNotFound,
  RemoteServerTimeout,
  ResourceConstraint,
  ServiceUnavailable,
  SubscriptionRequired,
  UndefinedCondition,
  UnexpectedRequest,
};

std::string_view toString(ErrorType type) noexcept;
std::optional<ErrorType> errorTypeFromString(std::string_view text) noexcept;
/// @brief Element name of @p condition, e.g. "service-unavailable".
std::string_view toString(StanzaErrorCondition condition) noexcept;
std::optional<StanzaErrorCondition> stanzaErrorConditionFromString(std::string_view text) noexcept;
/// @brief The type RFC 6120 8.3.3 pairs with @p condition in its examples, e.g. cancel for
/// service-unavailable, modify for bad-request, auth for not-authorized, wait for
/// resource-constraint.
ErrorType defaultErrorType(StanzaErrorCondition condition) noexcept;

/// The content of a stanza's <error/> child.
struct StanzaError {
  ErrorType type = ErrorType::Cancel;
  StanzaErrorCondition condition = StanzaErrorCondition::UndefinedCondition;
  std::string text;

  friend bool operator==(const StanzaError&, const StanzaError&) = default;
};

/// @brief StanzaError with the default type of @p condition.
StanzaError stanzaError(StanzaErrorCondition condition, std::string text = {});

/// @brief <error type='..'><condition xmlns='...stanzas'/>[<text>]</error> in jabber:client.
xml::Element errorElement(const StanzaError& error);

/// @brief The <error/> of @p stanza; nullopt when it has none or no known condition (an unknown
/// condition reads as undefined-condition, so that a reply is never lost).
std::optional<StanzaError> readStanzaError(const xml::Element& stanza);

/// @brief <iq type='result'> answering @p request: same id, to/from swapped, optional payload.
xml::Element iqResult(const xml::Element& request, std::optional<xml::Element> payload = std::nullopt);

/// @brief An error reply to @p request (iq, message or presence): same name and id, to/from
/// swapped, type='error', with @p error inside.
xml::Element errorReply(const xml::Element& request, const StanzaError& error);
xml::Element errorReply(const xml::Element& request, StanzaErrorCondition condition, std::string text = {});

/// @brief <iq type='@p type' id='@p id'> with 'to' when not empty.
xml::Element makeIq(std::string_view type, std::string_view id, std::string_view to = {});

/// @brief <message to=.. type=.. id=..><body>..</body></message>; empty attributes are left out.
xml::Element makeMessage(std::string_view to, std::string_view body, std::string_view type = "chat",
                         std::string_view id = {});

/// @brief <presence> with optional type, 'to' and <priority> (RFC 6121 4.7.2.3: -128..127).
xml::Element makePresence(std::string_view type = {}, std::optional<int> priority = std::nullopt,
                          std::string_view to = {});

/// @brief XEP-0199 ping: <iq type='get' id=.. to=..><ping xmlns='urn:xmpp:ping'/></iq>.
xml::Element makePing(std::string_view id, std::string_view to = {});

/// @brief Whether @p stanza is an XEP-0199 ping request (iq get with a ping child).
bool isPing(const xml::Element& stanza);

}  // namespace smfront::xmpp
