#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "ccp/parsed.hpp"

namespace smfront::ccp {

/// Longest customer message, in characters (spec §3.5).
inline constexpr std::size_t kMaxMessageChars = 10000;

/// StatusEvent status values (spec §3.9).
namespace chatStatus {
inline constexpr std::string_view kOk = "chat_ok";
inline constexpr std::string_view kIssue = "chat_issue";
inline constexpr std::string_view kRequestRejectedByAgent = "chat_request_rejected_by_agent";
inline constexpr std::string_view kTimedOutWaitingForAgent = "chat_timedout_waiting_for_agent";
inline constexpr std::string_view kFinishedError = "chat_finished_error";
inline constexpr std::string_view kFinished = "chat_finished";
}  // namespace chatStatus

enum class PresenceStatus { Joined, Left };
enum class TypingStatus { Composing, Paused };

/// @brief "joined" / "left".
std::string_view toString(PresenceStatus status) noexcept;
/// @brief "composing" / "paused".
std::string_view toString(TypingStatus status) noexcept;
/// @brief Exact-case wire name to status; nullopt for anything else.
std::optional<PresenceStatus> parsePresenceStatus(std::string_view text) noexcept;
std::optional<TypingStatus> parseTypingStatus(std::string_view text) noexcept;

/// A chat message; body is plain text here and URL-form-encoded on the wire.
struct MessageEvent {
  std::int64_t id = 0;
  std::string from;
  std::string body;

  friend bool operator==(const MessageEvent&, const MessageEvent&) = default;
};

/// An agent entered or left the room; from is the agent's nick.
struct PresenceEvent {
  std::int64_t id = 0;
  std::string from;
  PresenceStatus status = PresenceStatus::Joined;

  friend bool operator==(const PresenceEvent&, const PresenceEvent&) = default;
};

struct TypingEvent {
  std::int64_t id = 0;
  std::string from;
  TypingStatus status = TypingStatus::Composing;

  friend bool operator==(const TypingEvent&, const TypingEvent&) = default;
};

/// Chat lifecycle news (spec §3.9): status is one of chatStatus, detail English or empty.
struct StatusEvent {
  std::int64_t id = 0;
  std::string status;
  std::string detail;

  friend bool operator==(const StatusEvent&, const StatusEvent&) = default;
};

using ChatEvent = std::variant<MessageEvent, PresenceEvent, TypingEvent, StatusEvent>;

/// @brief Id of any event.
std::int64_t eventId(const ChatEvent& event) noexcept;

/// @brief `<chatEvents>` with the events in the given order (`<chatEvents/>` when empty);
/// MessageEvent bodies are encoded with urlFormEncode.
std::string serializeChatEvents(std::span<const ChatEvent> events);

/// @brief Reads a `<chatEvents>` reply, decoding MessageEvent bodies; unknown children are
/// skipped. For clients and tests of the poll API.
Parsed<std::vector<ChatEvent>> parseChatEvents(std::string_view body);

/// @brief Parses the customer's `<Message><body>text</body></Message>` (spec §3.5) to the
/// message text: characters XML cannot carry are stripped; missing or empty body is
/// fieldRequired, more than @p maxChars characters (config limits.chat_message_chars)
/// outOfRange.
Parsed<std::string> parseChatMessage(std::string_view body, std::size_t maxChars = kMaxMessageChars);

/// @brief `<Message><body>text</body></Message>`.
std::string serializeChatMessage(std::string_view text);

/// The customer's typing notice (spec §3.6); from is sent by clients but not used.
struct TypingRequest {
  std::string from;
  TypingStatus status = TypingStatus::Composing;

  friend bool operator==(const TypingRequest&, const TypingRequest&) = default;
};

/// @brief Parses `<TypingEvent><from>x</from><status>composing|paused</status></TypingEvent>`;
/// a missing status is fieldRequired, any other value (case included) invalidValue.
Parsed<TypingRequest> parseTypingRequest(std::string_view body);

/// @brief `<TypingEvent>` request body; from is written only when non-empty.
std::string serializeTypingRequest(const TypingRequest& request);

}  // namespace smfront::ccp
