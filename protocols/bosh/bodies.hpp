#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "bosh/condition.hpp"

namespace smfront::bosh {

// The <body/> wrappers the connection manager sends, as ready-to-send XML text (no XML
// declaration). Every one of them is an HTTP 200 answer, errors included.
// Payloads are trusted serialized XML; a payload that uses the `stream:` prefix gets
// xmlns:stream declared on <body/> (XEP-0206 §2: required for features and stream errors).

/// Attributes of the session creation response (spec §3), all already negotiated.
struct CreationAttributes {
  std::string_view sid;  ///< also sent as authid
  std::string_view from;
  std::chrono::seconds wait{60};
  std::uint32_t hold = 1;
  std::uint32_t requests = 2;
  std::chrono::seconds inactivity{60};
  std::chrono::seconds polling{5};
  std::chrono::seconds maxPause{120};
  std::string_view ver = "1.6";
  bool secure = true;
  std::optional<std::uint64_t> ack;  ///< the creation rid, when the client asked for acks
};

/// @brief The session creation response: every attribute of spec §3, xmlns:stream always,
/// and @p features (normally <stream:features>...</stream:features>) as its content.
std::string creationBody(const CreationAttributes& attributes, std::string_view features);

/// @brief An ordinary response carrying @p payload (may be empty), with ack='@p ack' if set.
std::string responseBody(std::string_view payload = {}, std::optional<std::uint64_t> ack = std::nullopt);

/// @brief <body type='terminate'/> with condition='...' unless @p condition is None, carrying
/// @p payload (e.g. a streamError()).
std::string terminateBody(Condition condition, std::string_view payload = {});

/// @brief <stream:error> with the stream condition element @p condition (e.g. "conflict") and an
/// optional <text/>, for a remote-stream-error terminate body.
std::string streamError(std::string_view condition, std::string_view text = {});

}  // namespace smfront::bosh
