#pragma once

// SASL as carried in XMPP (RFC 6120 section 6): failure conditions, the nonzas of both sides,
// and their base64 payloads. The mechanisms live in plain_*.hpp and scram_*.hpp; the server
// negotiation in sasl_server.hpp; the client choice in sasl_client.hpp.

#include <optional>
#include <string>
#include <string_view>

#include "xml/element.hpp"

namespace smfront::xmpp {

/// Mechanism names, strongest first: the server's advertised order and the client's preference.
namespace mechanism {
inline constexpr std::string_view kScramSha256 = "SCRAM-SHA-256";
inline constexpr std::string_view kScramSha1 = "SCRAM-SHA-1";
inline constexpr std::string_view kPlain = "PLAIN";
}  // namespace mechanism

/// SASL failure conditions (RFC 6120 6.5).
enum class SaslCondition {
  Aborted,
  AccountDisabled,
  CredentialsExpired,
  EncryptionRequired,
  IncorrectEncoding,
  InvalidAuthzid,
  InvalidMechanism,
  MalformedRequest,
  MechanismTooWeak,
  NotAuthorized,
  TemporaryAuthFailure,
};

/// @brief Element name of @p condition, e.g. "not-authorized".
std::string_view toString(SaslCondition condition) noexcept;
std::optional<SaslCondition> saslConditionFromString(std::string_view text) noexcept;

// Nonza writers. Payloads are raw bytes and are base64-encoded here.

/// @brief <auth mechanism=..>: "=" for an empty initial response, nothing when absent.
std::string saslAuthXml(std::string_view mechanism, std::optional<std::string_view> initialResponse);
/// @brief <response>; empty payload gives an empty element.
std::string saslResponseXml(std::string_view data);
/// @brief <abort/>.
std::string saslAbortXml();
/// @brief <challenge>.
std::string saslChallengeXml(std::string_view data);
/// @brief <success>, carrying additional data (SCRAM's v=) when not empty.
std::string saslSuccessXml(std::string_view data);
/// @brief <failure><condition/>[<text>]</failure>.
std::string saslFailureXml(SaslCondition condition, std::string_view text = {});

/// Decoded payload of a SASL nonza.
struct SaslPayload {
  /// False when the element had no character data at all (e.g. <auth> without initial
  /// response); an element containing "=" is present and empty (RFC 6120 6.4.2).
  bool present = false;
  std::string data;
};

/// @brief Payload of @p element; nullopt when it is not valid base64 (<incorrect-encoding/>).
/// Surrounding XML whitespace is tolerated.
std::optional<SaslPayload> readSaslPayload(const xml::Element& element);

/// What a received <failure xmlns='...xmpp-sasl'> said; an unknown condition reads as
/// not-authorized, the safest meaning for a client.
struct SaslFailureInfo {
  SaslCondition condition = SaslCondition::NotAuthorized;
  std::string conditionName;
  std::string text;
};

/// @brief Reads a received SASL <failure>.
SaslFailureInfo readSaslFailure(const xml::Element& failure);

}  // namespace smfront::xmpp
