#pragma once

// Stream-level XML of RFC 6120 section 4: the stream header, stream features and stream
// errors, written as text for a c2s stream or a BOSH body.
//
// Choices: features and errors are written with the "stream:" prefix, which the enclosing
// stream header or BOSH <body> must bind (Strophe looks features up by namespace and breaks
// when the prefix is unbound); the server's post-authentication features advertise
// <session><optional/></session> because Strophe sends the session IQ whenever it is listed.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xml/element.hpp"

namespace smfront::xmpp {

/// Attributes of an opening <stream:stream>; empty values are left out.
struct StreamHeader {
  std::string to;
  std::string from;
  std::string id;
  std::string version = "1.0";
  std::string lang = "en";
  /// Prefix the header with <?xml version='1.0'?>.
  bool xmlDeclaration = true;
};

/// @brief The opening tag, binding the default namespace to jabber:client and "stream".
std::string streamOpen(const StreamHeader& header);

/// @brief "</stream:stream>".
std::string_view streamClose() noexcept;

/// Defined stream error conditions (RFC 6120 4.9.3).
enum class StreamErrorCondition {
  BadFormat,
  BadNamespacePrefix,
  Conflict,
  ConnectionTimeout,
  HostGone,
  HostUnknown,
  ImproperAddressing,
  InternalServerError,
  InvalidFrom,
  InvalidNamespace,
  InvalidXml,
  NotAuthorized,
  NotWellFormed,
  PolicyViolation,
  RemoteConnectionFailed,
  Reset,
  ResourceConstraint,
  RestrictedXml,
  SeeOtherHost,
  SystemShutdown,
  UndefinedCondition,
  UnsupportedEncoding,
  UnsupportedFeature,
  UnsupportedStanzaType,
  UnsupportedVersion,
};

/// @brief Element name of @p condition, e.g. "policy-violation".
std::string_view toString(StreamErrorCondition condition) noexcept;
std::optional<StreamErrorCondition> streamErrorConditionFromString(std::string_view text) noexcept;

/// @brief <stream:error><condition xmlns='...xmpp-streams'/>[<text>..</text>]</stream:error>.
std::string streamErrorXml(StreamErrorCondition condition, std::string_view text = {});

/// What a received <stream:error> said. The condition stays text because a peer may use one
/// this library does not know.
struct StreamErrorInfo {
  std::string condition;
  std::string text;
};

/// @brief Reads a <stream:error> element; nullopt when @p element is not one.
std::optional<StreamErrorInfo> readStreamError(const xml::Element& element);

/// The parts of <stream:features> this library offers or acts on.
struct StreamFeatures {
  bool starttls = false;
  bool starttlsRequired = false;
  /// SASL mechanism names in the order listed.
  std::vector<std::string> mechanisms;
  bool bind = false;
  bool session = false;
  bool sessionOptional = false;
  /// XEP-0198 stream management (read only; this library does not use it yet).
  bool streamManagement = false;

  friend bool operator==(const StreamFeatures&, const StreamFeatures&) = default;
};

/// @brief Reads a received <stream:features> element.
StreamFeatures readFeatures(const xml::Element& features);

/// @brief Writes @p features as <stream:features> (the prefix must be bound where it goes).
std::string featuresXml(const StreamFeatures& features);

/// @brief What a server offers before authentication: @p mechanisms, no STARTTLS (BOSH).
StreamFeatures preAuthFeatures(std::vector<std::string> mechanisms);

/// @brief What a server offers after authentication: bind and an optional session.
StreamFeatures postAuthFeatures();

}  // namespace smfront::xmpp
