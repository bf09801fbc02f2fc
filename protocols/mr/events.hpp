#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>

#include "mr/codec.hpp"
#include "mr/messages.hpp"
#include "mr/table.hpp"

namespace smfront::mr {

/// Why a session ended; the owner closes the socket once the outbox is written.
enum class CloseReason : std::uint8_t {
  OpenTimeout,           ///< no OPEN_REQ (application) or OPEN_CONF (PG) in time
  IdleTimeout,           ///< nothing received for IdleTimeout
  InvalidVersion,        ///< OPEN_REQ with another VersionNumber (FAILURE_CONF sent)
  SessionAlreadyActive,  ///< OPEN_REQ while another PIM's session is open (FAILURE_CONF sent)
  OpenRefused,           ///< PG: OPEN_CONF with an error, or FAILURE_CONF to OPEN_REQ
  FramingLost,           ///< MessageLength over the limit (FAILURE_EVENT sent)
  PeerClosed,            ///< CLOSE_REQ received (CLOSE_CONF sent)
  Closed,                ///< our CLOSE_REQ was answered
  CloseTimeout,          ///< our CLOSE_REQ was not answered in time
  HeartbeatsUnanswered,  ///< PG: too many HEARTBEAT_REQ without HEARTBEAT_CONF
  Disconnected,          ///< the transport went away
};

/// @brief "idle-timeout" etc., for logs and JSON.
std::string_view toString(CloseReason reason) noexcept;

/// How a dialogue ended without a DO_THIS_WITH_TASK.
enum class DialogueEnd : std::uint8_t {
  Failed,     ///< DIALOGUE_FAILURE_EVENT
  Rejected,   ///< DIALOGUE_FAILURE_CONF, or FAILURE_CONF to the NEW_TASK
  Cancelled,  ///< CANCEL_TASK_CONF 0 (or 0x22: the PG never knew it)
  LinkLost,   ///< the session ended first; code E_PG_OFFLINE
};

/// @brief "failed" etc., for logs and JSON.
std::string_view toString(DialogueEnd end) noexcept;

// What a Session reports. Views and pointers refer to the message passed to
// Session::receive (with Link: until its next feed() or next()); copy what must live longer.
namespace event {

/// The session is open (both roles).
struct Opened {
  std::uint32_t peripheralId = 0;
  std::uint32_t versionNumber = 0;
  /// Seconds of silence after which the link is dropped; nullopt = no idle check.
  std::optional<std::uint32_t> idleTimeoutSeconds;
};

/// ROUTING_STATUS_EVENT (application role). While unavailable, hold new tasks (spec §9).
struct RoutingStatus {
  bool available = true;
};

/// NEW_TASK_CONF: the router took the task (application role).
struct TaskAccepted {
  std::uint32_t dialogueId = 0;
  TaskId taskId;
};

/// TASK_QUEUED_EVENT (application role).
struct TaskQueued {
  std::uint32_t dialogueId = 0;
  TaskId taskId;
  /// Seconds; nullopt when the PG sent none (REST -1).
  std::optional<std::uint32_t> estimatedWaitSeconds;
};

/// DO_THIS_WITH_TASK: the dialogue is closed with an agent (application role).
struct TaskRouted {
  const DoThisWithTask* message = nullptr;
  /// CANCEL_TASK had been sent (and answered too late, or not yet): the result is to be
  /// ignored and logged (spec §9).
  bool cancelRequested = false;
};

/// The dialogue is closed without an agent. Application role: see DialogueEnd; PG role:
/// only LinkLost (other ends are the PG's own doing).
struct DialogueEnded {
  std::uint32_t dialogueId = 0;
  ErrorCode code = ErrorCode::NoError;
  DialogueEnd how = DialogueEnd::Failed;
  std::string_view text;
};

/// CANCEL_TASK_CONF 0x24: a result is in flight, the dialogue stays open (application role).
struct CancelTooLate {
  std::uint32_t dialogueId = 0;
};

/// A SendSeqNo other than the next one: logged, not fatal (spec §5).
struct SequenceGap {
  std::uint32_t dialogueId = 0;
  std::uint32_t expected = 0;
  std::uint32_t received = 0;
};

/// FAILURE_CONF or FAILURE_EVENT from the peer that answers nothing the session tracks.
struct PeerFailure {
  MessageType type = MessageType::FailureEvent;
  std::optional<std::uint32_t> invokeId;
  ErrorCode status = ErrorCode::NoError;
  std::string_view text;
};

/// The peer broke a rule of spec §8; @p code is what it was answered with (already queued).
struct Violation {
  ErrorCode code = ErrorCode::InvalidMessage;
  std::uint32_t messageType = 0;
  const char* reason = "";
};

/// The encoder repaired an outgoing message (spec §3.2: logged).
struct Repaired {
  MessageType type = MessageType::NewTask;
  std::uint32_t dialogueId = 0;
  EncodeReport report;
};

/// NEW_TASK opened a dialogue (PG role); answer with Session::acceptTask and the rest.
struct TaskRequested {
  const NewTask* message = nullptr;
};

/// CANCEL_TASK of an open dialogue, answered 0 and closed (PG role): drop its work.
struct TaskCancelled {
  std::uint32_t dialogueId = 0;
};

/// The session is over; Session::closeDecision() says the same.
struct Closed {
  CloseReason reason = CloseReason::Disconnected;
};

}  // namespace event

using Event = std::variant<event::Opened, event::RoutingStatus, event::TaskAccepted, event::TaskQueued,
                           event::TaskRouted, event::DialogueEnded, event::CancelTooLate, event::SequenceGap,
                           event::PeerFailure, event::Violation, event::Repaired, event::TaskRequested,
                           event::TaskCancelled, event::Closed>;

}  // namespace smfront::mr
