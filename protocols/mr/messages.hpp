#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "mr/table.hpp"

namespace smfront::mr {

// One struct per message type of table.hpp. Fixed fields come in table order (visitFixed lists
// them so the codec can walk them beside the table's layout); floating fields are string views,
// empty meaning "not sent".
//
// Strings are views, never copies: a decoded message points into the frame it came from and is
// valid as long as those bytes are (FrameDecoder: until its next feed or next call); a message to
// encode points at the caller's data. That keeps encode and decode free of allocations, apart
// from the capacity of the named-data vectors, which a reused message keeps.

/// ICMTaskID: the router call key; all ones means none. Shown in REST as day_callId_seq.
struct TaskId {
  std::uint32_t day = kNone;
  std::uint32_t callId = kNone;
  std::uint32_t sequence = kNone;

  bool none() const noexcept { return day == kNone && callId == kNone && sequence == kNone; }
  friend bool operator==(const TaskId&, const TaskId&) = default;
};

/// Messages 20-27 start with it: the application picks DialogueID, each sender counts its own
/// SendSeqNo per dialogue from 1.
struct DialogueHeader {
  std::uint32_t dialogueId = 0;
  std::uint32_t sendSeqNo = 0;

  friend bool operator==(const DialogueHeader&, const DialogueHeader&) = default;
};

/// ECC scalar variable (NamedVariable float).
struct NamedVariable {
  std::string_view name;
  std::string_view value;

  friend bool operator==(const NamedVariable&, const NamedVariable&) = default;
};

/// ECC array element (NamedArray float).
struct NamedArrayItem {
  std::uint8_t index = 0;
  std::string_view name;
  std::string_view value;

  friend bool operator==(const NamedArrayItem&, const NamedArrayItem&) = default;
};

/// CallVariable1..10; index 0 is CallVariable1.
using CallVariables = std::array<std::string_view, kCallVariableCount>;

namespace detail {
template <class M>
using SlotPtr = std::conditional_t<std::is_const_v<M>, const std::string_view*, std::string_view*>;

template <class M>
SlotPtr<M> callVariableSlot(M& m, FloatTag tag) noexcept {
  const auto n = static_cast<unsigned>(tag) - static_cast<unsigned>(FloatTag::CallVariable1);
  return n < kCallVariableCount ? &m.callVariables[n] : nullptr;
}
}  // namespace detail

// Each struct: kType; visitFixed(m, f) calls f on every fixed field in table order; floatSlot(m,
// tag) is the string member a string tag lands in (nullptr when the type has none).

struct FailureConf {
  static constexpr MessageType kType = MessageType::FailureConf;
  std::uint32_t invokeId = 0;
  ErrorCode status = ErrorCode::NoError;

  static void visitFixed(auto& m, auto&& f) { f(m.invokeId); f(m.status); }
  template <class M> static detail::SlotPtr<M> floatSlot(M&, FloatTag) noexcept { return nullptr; }
  friend bool operator==(const FailureConf&, const FailureConf&) = default;
};

struct FailureEvent {
  static constexpr MessageType kType = MessageType::FailureEvent;
  ErrorCode status = ErrorCode::NoError;
  std::string_view text;

  static void visitFixed(auto& m, auto&& f) { f(m.status); }
  template <class M> static detail::SlotPtr<M> floatSlot(M& m, FloatTag tag) noexcept {
    return tag == FloatTag::Text ? &m.text : nullptr;
  }
  friend bool operator==(const FailureEvent&, const FailureEvent&) = default;
};

struct OpenReq {
  static constexpr MessageType kType = MessageType::OpenReq;
  std::uint32_t invokeId = 0;
  std::uint32_t versionNumber = kVersionNumber;
  /// Seconds; kNone = the PIM will not heartbeat, 0 = kIdleTimeoutSeconds.
  std::uint32_t idleTimeout = kIdleTimeoutSeconds;
  std::uint32_t peripheralId = 0;

  static void visitFixed(auto& m, auto&& f) { f(m.invokeId); f(m.versionNumber); f(m.idleTimeout); f(m.peripheralId); }
  template <class M> static detail::SlotPtr<M> floatSlot(M&, FloatTag) noexcept { return nullptr; }
  friend bool operator==(const OpenReq&, const OpenReq&) = default;
};

struct OpenConf {
  static constexpr MessageType kType = MessageType::OpenConf;
  std::uint32_t invokeId = 0;
  ErrorCode status = ErrorCode::NoError;

  static void visitFixed(auto& m, auto&& f) { f(m.invokeId); f(m.status); }
  template <class M> static detail::SlotPtr<M> floatSlot(M&, FloatTag) noexcept { return nullptr; }
  friend bool operator==(const OpenConf&, const OpenConf&) = default;
};

struct HeartbeatReq {
  static constexpr MessageType kType = MessageType::HeartbeatReq;
  std::uint32_t invokeId = 0;

  static void visitFixed(auto& m, auto&& f) { f(m.invokeId); }
  template <class M> static detail::SlotPtr<M> floatSlot(M&, FloatTag) noexcept { return nullptr; }
  friend bool operator==(const HeartbeatReq&, const HeartbeatReq&) = default;
};

struct HeartbeatConf {
  static constexpr MessageType kType = MessageType::HeartbeatConf;
  std::uint32_t invokeId = 0;

  static void visitFixed(auto& m, auto&& f) { f(m.invokeId); }
  template <class M> static detail::SlotPtr<M> floatSlot(M&, FloatTag) noexcept { return nullptr; }
  friend bool operator==(const HeartbeatConf&, const HeartbeatConf&) = default;
};

struct CloseReq {
  static constexpr MessageType kType = MessageType::CloseReq;
  std::uint32_t invokeId = 0;
  ErrorCode status = ErrorCode::NoError;
  std::string_view text;

  static void visitFixed(auto& m, auto&& f) { f(m.invokeId); f(m.status); }
  template <class M> static detail::SlotPtr<M> floatSlot(M& m, FloatTag tag) noexcept {
    return tag == FloatTag::Text ? &m.text : nullptr;
  }
  friend bool operator==(const CloseReq&, const CloseReq&) = default;
};

struct CloseConf {
  static constexpr MessageType kType = MessageType::CloseConf;
  std::uint32_t invokeId = 0;

  static void visitFixed(auto& m, auto&& f) { f(m.invokeId); }
  template <class M> static detail::SlotPtr<M> floatSlot(M&, FloatTag) noexcept { return nullptr; }
  friend bool operator==(const CloseConf&, const CloseConf&) = default;
};

struct NewTask {
  static constexpr MessageType kType = MessageType::NewTask;
  DialogueHeader dialogue;
  std::uint32_t invokeId = 0;
  std::uint32_t mrDomainId = 0;
  TaskId previousTask;
  TaskReason reason = TaskReason::New;
  std::string_view scriptSelector;
  std::string_view dialedNumber;
  std::string_view text;  ///< title
  std::string_view ani;   ///< callback mediaAddress
  std::string_view applicationString1;  ///< contact id
  std::string_view applicationString2;  ///< source type: chat, callback, task
  CallVariables callVariables;
  std::vector<NamedVariable> namedVariables;
  std::vector<NamedArrayItem> namedArrays;

  static void visitFixed(auto& m, auto&& f) { f(m.invokeId); f(m.mrDomainId); f(m.previousTask); f(m.reason); }
  template <class M> static detail::SlotPtr<M> floatSlot(M& m, FloatTag tag) noexcept {
    switch (tag) {
      case FloatTag::ScriptSelector: return &m.scriptSelector;
      case FloatTag::DialedNumber: return &m.dialedNumber;
      case FloatTag::Text: return &m.text;
      case FloatTag::Ani: return &m.ani;
      case FloatTag::ApplicationString1: return &m.applicationString1;
      case FloatTag::ApplicationString2: return &m.applicationString2;
      default: return detail::callVariableSlot(m, tag);
    }
  }
  friend bool operator==(const NewTask&, const NewTask&) = default;
};

struct NewTaskConf {
  static constexpr MessageType kType = MessageType::NewTaskConf;
  DialogueHeader dialogue;
  std::uint32_t invokeId = 0;
  TaskId taskId;

  static void visitFixed(auto& m, auto&& f) { f(m.invokeId); f(m.taskId); }
  template <class M> static detail::SlotPtr<M> floatSlot(M&, FloatTag) noexcept { return nullptr; }
  friend bool operator==(const NewTaskConf&, const NewTaskConf&) = default;
};

struct TaskQueuedEvent {
  static constexpr MessageType kType = MessageType::TaskQueuedEvent;
  DialogueHeader dialogue;
  TaskId taskId;
  /// Seconds; kNone = unknown (REST shows -1).
  std::uint32_t estimatedWaitTime = kNone;

  static void visitFixed(auto& m, auto&& f) { f(m.taskId); f(m.estimatedWaitTime); }
  template <class M> static detail::SlotPtr<M> floatSlot(M&, FloatTag) noexcept { return nullptr; }
  friend bool operator==(const TaskQueuedEvent&, const TaskQueuedEvent&) = default;
};

struct DoThisWithTask {
  static constexpr MessageType kType = MessageType::DoThisWithTask;
  DialogueHeader dialogue;
  TaskId taskId;
  std::uint32_t peripheralId = 0;
  std::uint32_t icmAgentId = 0;  ///< skill target
  std::uint32_t skillGroupId = kNone;
  std::uint32_t serviceId = kNone;
  std::string_view label;    ///< agent login name
  std::string_view agentId;  ///< peripheral agent id
  CallVariables callVariables;
  std::vector<NamedVariable> namedVariables;
  std::vector<NamedArrayItem> namedArrays;

  static void visitFixed(auto& m, auto&& f) {
    f(m.taskId);
    f(m.peripheralId);
    f(m.icmAgentId);
    f(m.skillGroupId);
    f(m.serviceId);
  }
  template <class M> static detail::SlotPtr<M> floatSlot(M& m, FloatTag tag) noexcept {
    switch (tag) {
      case FloatTag::Label: return &m.label;
      case FloatTag::AgentId: return &m.agentId;
      default: return detail::callVariableSlot(m, tag);
    }
  }
  friend bool operator==(const DoThisWithTask&, const DoThisWithTask&) = default;
};

struct DialogueFailureEvent {
  static constexpr MessageType kType = MessageType::DialogueFailureEvent;
  DialogueHeader dialogue;
  ErrorCode errorCode = ErrorCode::NoError;
  std::string_view text;

  static void visitFixed(auto& m, auto&& f) { f(m.errorCode); }
  template <class M> static detail::SlotPtr<M> floatSlot(M& m, FloatTag tag) noexcept {
    return tag == FloatTag::Text ? &m.text : nullptr;
  }
  friend bool operator==(const DialogueFailureEvent&, const DialogueFailureEvent&) = default;
};

struct DialogueFailureConf {
  static constexpr MessageType kType = MessageType::DialogueFailureConf;
  DialogueHeader dialogue;
  std::uint32_t invokeId = 0;
  ErrorCode errorCode = ErrorCode::NoError;

  static void visitFixed(auto& m, auto&& f) { f(m.invokeId); f(m.errorCode); }
  template <class M> static detail::SlotPtr<M> floatSlot(M&, FloatTag) noexcept { return nullptr; }
  friend bool operator==(const DialogueFailureConf&, const DialogueFailureConf&) = default;
};

struct CancelTask {
  static constexpr MessageType kType = MessageType::CancelTask;
  DialogueHeader dialogue;
  std::uint32_t invokeId = 0;

  static void visitFixed(auto& m, auto&& f) { f(m.invokeId); }
  template <class M> static detail::SlotPtr<M> floatSlot(M&, FloatTag) noexcept { return nullptr; }
  friend bool operator==(const CancelTask&, const CancelTask&) = default;
};

struct CancelTaskConf {
  static constexpr MessageType kType = MessageType::CancelTaskConf;
  DialogueHeader dialogue;
  std::uint32_t invokeId = 0;
  /// NoError cancelled, OperationNotCancelled too late, InvalidDialogueId unknown.
  ErrorCode status = ErrorCode::NoError;

  static void visitFixed(auto& m, auto&& f) { f(m.invokeId); f(m.status); }
  template <class M> static detail::SlotPtr<M> floatSlot(M&, FloatTag) noexcept { return nullptr; }
  friend bool operator==(const CancelTaskConf&, const CancelTaskConf&) = default;
};

struct RoutingStatusEvent {
  static constexpr MessageType kType = MessageType::RoutingStatusEvent;
  bool routingAvailable = true;

  static void visitFixed(auto& m, auto&& f) { f(m.routingAvailable); }
  template <class M> static detail::SlotPtr<M> floatSlot(M&, FloatTag) noexcept { return nullptr; }
  friend bool operator==(const RoutingStatusEvent&, const RoutingStatusEvent&) = default;
};

/// Any message of the table, in table order.
using Message = std::variant<FailureConf, FailureEvent, OpenReq, OpenConf, HeartbeatReq, HeartbeatConf, CloseReq,
                             CloseConf, NewTask, NewTaskConf, TaskQueuedEvent, DoThisWithTask, DialogueFailureEvent,
                             DialogueFailureConf, CancelTask, CancelTaskConf, RoutingStatusEvent>;

/// A struct of this header.
template <class M>
concept MessageStruct = requires {
  { M::kType } -> std::convertible_to<MessageType>;
} && std::is_constructible_v<Message, M>;

/// Whether messages of type M carry a DialogueHeader.
template <class M>
inline constexpr bool kHasDialogue = requires(M m) { m.dialogue; };

/// Whether messages of type M carry NamedVariable and NamedArray floats.
template <class M>
inline constexpr bool kHasNamedData = requires(M m) { m.namedVariables; m.namedArrays; };

/// @brief The MessageType of whichever message @p message holds.
inline MessageType typeOf(const Message& message) noexcept {
  return std::visit([](const auto& m) { return std::decay_t<decltype(m)>::kType; }, message);
}

}  // namespace smfront::mr
