#pragma once

// THE table of the Media Routing link (mr-protocol.md §10): every message number, fixed-part
// layout, dialogue-header flag, allowed float tag, tag number for both widths, string limit,
// error code, version number and default timer lives here and nowhere else. The codec, the
// session machine, the server's MR door and mrpg-sim are all driven by it. Cisco's MR
// specification is not public: most numbers below are LAB numbers (ours, borrowed from
// GED-125 / GED-188 where those have an equivalent), and a capture of a real MR PG should
// correct the protocol by editing this file alone.
//
// Choices made where mr-protocol.md leaves room (LAB as well):
// - A floating field is "absent" when its string is empty: an empty string is never sent, and
//   a received empty string (only a NUL, or no byte at all) counts as not sent. A required
//   float must therefore carry at least one character.
// - A string may carry its NUL only as its last byte; a NUL inside it is a byte outside
//   0x20-0x7E. A missing NUL is accepted (GED-125 readers do that) and counts against the
//   limit as if it were there.
// - A known tag in a message type that does not list it is E_INVALID_FIELD_TAG, like an
//   unknown tag: for that message it is unknown.
// - Every malformed message (rule 3) is answered like an unknown tag (rule 4): FAILURE_CONF
//   when the InvokeID could be read, else FAILURE_EVENT. A message travelling in the wrong
//   direction (e.g. NEW_TASK sent to the application) is E_INVALID_MESSAGE and ignored.
// - "Named data in a message <= 2000 bytes" counts the data bytes of every NamedVariable and
//   NamedArray float, without their tag and length. A NamedVariable needs a non-empty name
//   and the NUL after it; the value's NUL may be missing.
// - A NEW_TASK whose DialogueID is the reserved 0xFFFFFFFF is rejected like a duplicate but
//   with E_INVALID_DIALOGUEID.
// - The PG side answers CANCEL_TASK itself: 0 while the dialogue is open, 0x24 for one of
//   the last kRecentDialogues dialogues it closed with a result, 0x22 for any other id.
// - CLOSE_REQ that gets no CLOSE_CONF within kCloseTimeoutSeconds: the link is closed anyway.
// - The PG side sends OPEN_REQ with InvokeID 1 and expects OPEN_CONF within the same open
//   timeout the application applies to OPEN_REQ (20 s).
// - BOOL is 4 bytes; any non-zero value reads as true.
// - Before OPEN, FAILURE_CONF / FAILURE_EVENT from the peer are not answered (two failing peers
//   would answer each other forever) and CLOSE_REQ is confirmed and closes; everything else is
//   E_SESSION_NOT_ACTIVE. Closing before OPEN sends nothing: the connection just closes.
// - FAILURE_CONF to a NEW_TASK not yet confirmed ends that dialogue like DIALOGUE_FAILURE_CONF.
// - The application keeps a dialogue open after CANCEL_TASK_CONF 0x24 and reports the result
//   that follows as "cancel requested"; a CANCEL_TASK_CONF for a dialogue whose result crossed
//   the CANCEL_TASK is expected, not E_INVALID_DIALOGUEID. CANCEL_TASK_CONF 0x22 ends the
//   dialogue (the PG does not know it).
// - Lost dialogues (link down) are reported in DialogueID order, each with E_PG_OFFLINE.
// mrpg-sim (tools/mrpg-sim):
// - ICMTaskID = day 150000, a call id counting from 1, sequence 0. ICMAgentID = 5000 + pool
//   index, AgentID = 1000 + pool index as text, PeripheralID = --peripheral-id.
// - EWT = queue position x handle time in seconds, unless --ewt. A NEW_TASK while routing is
//   down is rejected (DIALOGUE_FAILURE_CONF E_ROUTING_NOT_AVAILABLE); --reject-rate uses
//   --fail-code too, whose default is E_TASK_ABANDONED_IN_ROUTER.
// - --silent-after and --routing-down count from the simulator's start; --drop-after counts the
//   messages in and out of each link and drops the TCP connection without CLOSE_REQ.
// - The application's CLOSE_REQ is confirmed and the simulator reconnects after --reconnect
//   (as a PIM would), unless --once. SIGTERM/SIGINT/"close" exit 0 after CLOSE_CONF, or at once
//   when no session is open.
// - --garbage-rate puts one malformed frame (unknown type, body shorter than the fixed part,
//   unknown float tag, non-ASCII text) before a sent message with that probability.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace smfront::mr {

// ---------------------------------------------------------------------------------------------
// Framing and scalars (§3)

/// MHDR: MessageLength u32 (body only) + MessageType u32, big-endian.
inline constexpr std::size_t kHeaderBytes = 8;
/// Largest body accepted or sent [LAB]; a longer MessageLength loses the framing.
inline constexpr std::uint32_t kMaxBodyBytes = 16384;
/// "none" for any u32 field (TaskId parts, EstimatedWaitTime, IdleTimeout) [G188].
inline constexpr std::uint32_t kNone = 0xFFFFFFFF;
/// Width of a BOOL on the wire: 4 as in GED-125 (GED-188 uses 2) [LAB].
inline constexpr std::size_t kBoolBytes = 4;
/// OPEN_REQ VersionNumber [LAB].
inline constexpr std::uint32_t kVersionNumber = 1;

/// Widths of a floating field's tag and length.
enum class FloatWidth : std::uint8_t {
  TwoTwo,  ///< tag u16, length u16 (GED-188 style, default)
  OneOne,  ///< tag u8, length u8 (GED-125 style, mr.float_width = 1)
};

// ---------------------------------------------------------------------------------------------
// Default timers and limits (§4, §8, §9)

inline constexpr std::uint16_t kDefaultPort = 38001;              // [DOC]
inline constexpr std::uint32_t kHeartbeatSeconds = 5;             // [DOC] PIM heartbeat interval
inline constexpr std::uint32_t kIdleTimeoutSeconds = 20;          // 4 x heartbeat; OPEN_REQ 0 -> this
inline constexpr std::uint32_t kReconnectSeconds = 10;            // [DOC] PIM reconnect interval
inline constexpr std::uint32_t kTaskLifeSeconds = 120;            // [DOC] MRD taskLife
inline constexpr std::uint32_t kOpenTimeoutSeconds = 20;          // no OPEN_REQ within -> close
inline constexpr std::uint32_t kCloseTimeoutSeconds = 5;          // CLOSE_REQ unanswered -> close
inline constexpr std::uint32_t kRetryDelaySeconds = 10;           // mr.retry_delay
inline constexpr std::uint32_t kMaxUnansweredHeartbeats = 3;      // PIM drops the link after these
inline constexpr std::uint32_t kDefaultPeripheralId = 5000;       // mrpg-sim --peripheral-id
inline constexpr std::uint32_t kFirstAgentId = 5000;              // mrpg-sim ICMAgentID of agent 0
inline constexpr std::size_t kRecentDialogues = 1024;             // closed ids the PG remembers
inline constexpr std::size_t kMaxNamedDataBytes = 2000;           // [G188] per message
inline constexpr std::size_t kMaxVariableNameBytes = 33;          // NamedVariable name, with NUL
inline constexpr std::size_t kMaxVariableValueBytes = 211;        // NamedVariable value, with NUL
inline constexpr std::size_t kCallVariableCount = 10;

/// NEW_TASK Reason.
enum class TaskReason : std::uint32_t { New = 0, Transfer = 1, Recovery = 2 };

/// Default MRDomainID per contact source type (mr.mrd.<type>): callback is the one MRD CCP
/// documents [DOC]; task and chat are [LAB].
inline constexpr std::uint32_t kMrdCallback = 1;
inline constexpr std::uint32_t kMrdTask = 2;
inline constexpr std::uint32_t kMrdChat = 3;

// ---------------------------------------------------------------------------------------------
// Message types (§4, §5): 1-8 are shared with GED-125/188 [INF], 20-28 are [LAB].

enum class MessageType : std::uint32_t {
  FailureConf = 1,
  FailureEvent = 2,
  OpenReq = 3,
  OpenConf = 4,
  HeartbeatReq = 5,
  HeartbeatConf = 6,
  CloseReq = 7,
  CloseConf = 8,
  NewTask = 20,
  NewTaskConf = 21,
  TaskQueuedEvent = 22,
  DoThisWithTask = 23,
  DialogueFailureEvent = 24,
  DialogueFailureConf = 25,
  CancelTask = 26,
  CancelTaskConf = 27,
  RoutingStatusEvent = 28,
};
inline constexpr std::uint32_t kMaxMessageType = 28;

// ---------------------------------------------------------------------------------------------
// Error codes (§6): GED-125 values plus LAB extras from 0x40.

enum class ErrorCode : std::uint32_t {
  NoError = 0x00,
  InvalidVersion = 0x01,
  SessionAlreadyActive = 0x02,
  SessionNotActive = 0x04,
  PgOffline = 0x0B,
  RoutingNotAvailable = 0x0D,
  InvalidInvokeId = 0x10,
  NoScript = 0x12,
  DuplicateDialogueId = 0x20,
  InvalidMessage = 0x21,
  InvalidDialogueId = 0x22,
  OperationNotCancelled = 0x24,
  InvalidMrdId = 0x40,
  InvalidScriptSelector = 0x41,
  TaskAbandonedInRouter = 0x42,
  NoLabel = 0x43,
  InvalidFieldTag = 0x44,
};

struct ErrorSpec {
  ErrorCode code;
  std::string_view name;
};

inline constexpr ErrorSpec kErrors[] = {
    {ErrorCode::NoError, "E_NO_ERROR"},
    {ErrorCode::InvalidVersion, "E_INVALID_VERSION"},
    {ErrorCode::SessionAlreadyActive, "E_SESSION_ALREADY_ACTIVE"},
    {ErrorCode::SessionNotActive, "E_SESSION_NOT_ACTIVE"},
    {ErrorCode::PgOffline, "E_PG_OFFLINE"},
    {ErrorCode::RoutingNotAvailable, "E_ROUTING_NOT_AVAILABLE"},
    {ErrorCode::InvalidInvokeId, "E_INVALID_INVOKEID"},
    {ErrorCode::NoScript, "E_NO_SCRIPT"},
    {ErrorCode::DuplicateDialogueId, "E_DUPLICATE_DIALOGUEID"},
    {ErrorCode::InvalidMessage, "E_INVALID_MESSAGE"},
    {ErrorCode::InvalidDialogueId, "E_INVALID_DIALOGUEID"},
    {ErrorCode::OperationNotCancelled, "E_OPERATION_NOT_CANCELLED"},
    {ErrorCode::InvalidMrdId, "E_INVALID_MRDID"},
    {ErrorCode::InvalidScriptSelector, "E_INVALID_SCRIPT_SELECTOR"},
    {ErrorCode::TaskAbandonedInRouter, "E_TASK_ABANDONED_IN_ROUTER"},
    {ErrorCode::NoLabel, "E_NO_LABEL"},
    {ErrorCode::InvalidFieldTag, "E_INVALID_FIELD_TAG"},
};

// ---------------------------------------------------------------------------------------------
// Floating field tags (§3.3) [LAB, numbers borrowed from GED-188]. The enumerator value is the
// 2+2 tag; TagSpec::narrowTag is the 1+1 tag.

enum class FloatTag : std::uint16_t {
  AgentId = 5,
  Text = 7,
  Ani = 8,
  DialedNumber = 11,
  CallVariable1 = 13,
  CallVariable2 = 14,
  CallVariable3 = 15,
  CallVariable4 = 16,
  CallVariable5 = 17,
  CallVariable6 = 18,
  CallVariable7 = 19,
  CallVariable8 = 20,
  CallVariable9 = 21,
  CallVariable10 = 22,
  NamedVariable = 82,
  NamedArray = 83,
  ScriptSelector = 99,
  ApplicationString1 = 100,
  ApplicationString2 = 101,
  Label = 300,
};

/// What a float's data holds.
enum class TagKind : std::uint8_t {
  String,         ///< ASCII, NUL-terminated
  NamedVariable,  ///< name NUL value NUL
  NamedArray,     ///< u8 index, name NUL value NUL
};

struct TagSpec {
  FloatTag tag;
  std::uint8_t narrowTag;  ///< tag in 1+1 mode
  std::string_view name;
  std::uint16_t maxBytes;  ///< data limit, the NUL included
  TagKind kind;
};

inline constexpr TagSpec kTags[] = {
    {FloatTag::AgentId, 5, "AgentID", 12, TagKind::String},
    {FloatTag::Text, 7, "Text", 255, TagKind::String},
    {FloatTag::Ani, 8, "ANI", 40, TagKind::String},
    {FloatTag::DialedNumber, 11, "DialedNumber", 40, TagKind::String},
    {FloatTag::CallVariable1, 13, "CallVariable1", 41, TagKind::String},
    {FloatTag::CallVariable2, 14, "CallVariable2", 41, TagKind::String},
    {FloatTag::CallVariable3, 15, "CallVariable3", 41, TagKind::String},
    {FloatTag::CallVariable4, 16, "CallVariable4", 41, TagKind::String},
    {FloatTag::CallVariable5, 17, "CallVariable5", 41, TagKind::String},
    {FloatTag::CallVariable6, 18, "CallVariable6", 41, TagKind::String},
    {FloatTag::CallVariable7, 19, "CallVariable7", 41, TagKind::String},
    {FloatTag::CallVariable8, 20, "CallVariable8", 41, TagKind::String},
    {FloatTag::CallVariable9, 21, "CallVariable9", 41, TagKind::String},
    {FloatTag::CallVariable10, 22, "CallVariable10", 41, TagKind::String},
    {FloatTag::NamedVariable, 82, "NamedVariable", 244, TagKind::NamedVariable},
    {FloatTag::NamedArray, 83, "NamedArray", 245, TagKind::NamedArray},
    {FloatTag::ScriptSelector, 99, "ScriptSelector", 33, TagKind::String},
    {FloatTag::ApplicationString1, 100, "ApplicationString1", 41, TagKind::String},
    {FloatTag::ApplicationString2, 101, "ApplicationString2", 41, TagKind::String},
    {FloatTag::Label, 34, "Label", 41, TagKind::String},
};
inline constexpr std::size_t kTagCount = std::size(kTags);
static_assert(kTagCount <= 32, "tag sets are 32-bit masks");

// ---------------------------------------------------------------------------------------------
// Message layouts (§4, §5)

/// Who may send a message type.
enum class Direction : std::uint8_t { Either, ToApplication, ToPg };

enum class FieldType : std::uint8_t {
  Uint,    ///< u32
  Bool,    ///< kBoolBytes
  Time,    ///< u32 seconds
  TaskId,  ///< ICMTaskID: RouterCallKeyDay, RouterCallKeyCallID, RouterCallKeySequenceNumber
};

struct FieldSpec {
  std::string_view name;
  FieldType type;
};

enum class Presence : std::uint8_t {
  Optional,
  Required,
  OneOf,       ///< at least one of the message's OneOf tags must be present
  Repeatable,  ///< optional, any number of times (only the named data tags)
};

struct FloatSpec {
  FloatTag tag;
  Presence presence;
};

struct MessageSpec {
  MessageType type;
  std::string_view name;
  Direction direction;
  /// DialogueID u32 + SendSeqNo u32 right after the MHDR (messages 20-27).
  bool dialogueHeader;
  std::span<const FieldSpec> fixed;
  std::span<const FloatSpec> floats;
};

namespace layout {

using enum FieldType;
using enum Presence;
using enum FloatTag;

inline constexpr FieldSpec kInvokeStatus[] = {{"InvokeID", Uint}, {"Status", Uint}};
inline constexpr FieldSpec kStatus[] = {{"Status", Uint}};
inline constexpr FieldSpec kInvoke[] = {{"InvokeID", Uint}};
inline constexpr FieldSpec kOpenReq[] = {
    {"InvokeID", Uint}, {"VersionNumber", Uint}, {"IdleTimeout", Time}, {"PeripheralID", Uint}};
inline constexpr FieldSpec kNewTask[] = {
    {"InvokeID", Uint}, {"MRDomainID", Uint}, {"PreviousTask", TaskId}, {"Reason", Uint}};
inline constexpr FieldSpec kNewTaskConf[] = {{"InvokeID", Uint}, {"ICMTaskID", TaskId}};
inline constexpr FieldSpec kTaskQueued[] = {{"ICMTaskID", TaskId}, {"EstimatedWaitTime", Time}};
inline constexpr FieldSpec kDoThisWithTask[] = {{"ICMTaskID", TaskId},
                                                {"PeripheralID", Uint},
                                                {"ICMAgentID", Uint},
                                                {"SkillGroupID", Uint},
                                                {"ServiceID", Uint}};
inline constexpr FieldSpec kErrorCode[] = {{"ErrorCode", Uint}};
inline constexpr FieldSpec kInvokeErrorCode[] = {{"InvokeID", Uint}, {"ErrorCode", Uint}};
inline constexpr FieldSpec kRoutingStatus[] = {{"RoutingAvailable", Bool}};

inline constexpr FloatSpec kTextOnly[] = {{Text, Optional}};
inline constexpr FloatSpec kNewTaskFloats[] = {
    {ScriptSelector, OneOf},      {DialedNumber, OneOf},         {Text, Optional},
    {Ani, Optional},              {ApplicationString1, Optional}, {ApplicationString2, Optional},
    {CallVariable1, Optional},    {CallVariable2, Optional},     {CallVariable3, Optional},
    {CallVariable4, Optional},    {CallVariable5, Optional},     {CallVariable6, Optional},
    {CallVariable7, Optional},    {CallVariable8, Optional},     {CallVariable9, Optional},
    {CallVariable10, Optional},   {NamedVariable, Repeatable},   {NamedArray, Repeatable},
};
inline constexpr FloatSpec kDoThisWithTaskFloats[] = {
    {Label, Required},          {AgentId, Optional},        {CallVariable1, Optional},
    {CallVariable2, Optional},  {CallVariable3, Optional},  {CallVariable4, Optional},
    {CallVariable5, Optional},  {CallVariable6, Optional},  {CallVariable7, Optional},
    {CallVariable8, Optional},  {CallVariable9, Optional},  {CallVariable10, Optional},
    {NamedVariable, Repeatable}, {NamedArray, Repeatable},
};

}  // namespace layout

inline constexpr MessageSpec kMessages[] = {
    {MessageType::FailureConf, "FAILURE_CONF", Direction::Either, false, layout::kInvokeStatus, {}},
    {MessageType::FailureEvent, "FAILURE_EVENT", Direction::Either, false, layout::kStatus, layout::kTextOnly},
    {MessageType::OpenReq, "OPEN_REQ", Direction::ToApplication, false, layout::kOpenReq, {}},
    {MessageType::OpenConf, "OPEN_CONF", Direction::ToPg, false, layout::kInvokeStatus, {}},
    {MessageType::HeartbeatReq, "HEARTBEAT_REQ", Direction::ToApplication, false, layout::kInvoke, {}},
    {MessageType::HeartbeatConf, "HEARTBEAT_CONF", Direction::ToPg, false, layout::kInvoke, {}},
    {MessageType::CloseReq, "CLOSE_REQ", Direction::Either, false, layout::kInvokeStatus, layout::kTextOnly},
    {MessageType::CloseConf, "CLOSE_CONF", Direction::Either, false, layout::kInvoke, {}},
    {MessageType::NewTask, "NEW_TASK", Direction::ToPg, true, layout::kNewTask, layout::kNewTaskFloats},
    {MessageType::NewTaskConf, "NEW_TASK_CONF", Direction::ToApplication, true, layout::kNewTaskConf, {}},
    {MessageType::TaskQueuedEvent, "TASK_QUEUED_EVENT", Direction::ToApplication, true, layout::kTaskQueued, {}},
    {MessageType::DoThisWithTask, "DO_THIS_WITH_TASK", Direction::ToApplication, true, layout::kDoThisWithTask,
     layout::kDoThisWithTaskFloats},
    {MessageType::DialogueFailureEvent, "DIALOGUE_FAILURE_EVENT", Direction::ToApplication, true,
     layout::kErrorCode, layout::kTextOnly},
    {MessageType::DialogueFailureConf, "DIALOGUE_FAILURE_CONF", Direction::ToApplication, true,
     layout::kInvokeErrorCode, {}},
    {MessageType::CancelTask, "CANCEL_TASK", Direction::ToPg, true, layout::kInvoke, {}},
    {MessageType::CancelTaskConf, "CANCEL_TASK_CONF", Direction::ToApplication, true, layout::kInvokeStatus, {}},
    {MessageType::RoutingStatusEvent, "ROUTING_STATUS_EVENT", Direction::ToApplication, false,
     layout::kRoutingStatus, {}},
};

// ---------------------------------------------------------------------------------------------
// Lookups

/// @brief Wire size of one fixed field.
constexpr std::size_t fieldBytes(FieldType type) noexcept {
  switch (type) {
    case FieldType::Uint:
    case FieldType::Time: return 4;
    case FieldType::Bool: return kBoolBytes;
    case FieldType::TaskId: return 12;
  }
  return 0;
}

/// @brief The spec of message type @p type, or nullptr for a number the table does not know.
constexpr const MessageSpec* findMessage(std::uint32_t type) noexcept {
  for (const auto& m : kMessages) {
    if (static_cast<std::uint32_t>(m.type) == type) return &m;
  }
  return nullptr;
}

/// @brief Index of @p tag in kTags (its bit in tag masks), or -1.
constexpr int tagIndex(FloatTag tag) noexcept {
  for (std::size_t i = 0; i < kTagCount; ++i) {
    if (kTags[i].tag == tag) return static_cast<int>(i);
  }
  return -1;
}

/// @brief Index in kTags of the tag numbered @p wireTag in @p width, or -1.
constexpr int tagIndex(std::uint32_t wireTag, FloatWidth width) noexcept {
  for (std::size_t i = 0; i < kTagCount; ++i) {
    const auto number =
        width == FloatWidth::TwoTwo ? static_cast<std::uint32_t>(kTags[i].tag) : kTags[i].narrowTag;
    if (number == wireTag) return static_cast<int>(i);
  }
  return -1;
}

/// @brief "NEW_TASK" etc., or "UNKNOWN" for a number the table does not know.
constexpr std::string_view messageName(std::uint32_t type) noexcept {
  const MessageSpec* spec = findMessage(type);
  return spec ? spec->name : std::string_view("UNKNOWN");
}
constexpr std::string_view messageName(MessageType type) noexcept {
  return messageName(static_cast<std::uint32_t>(type));
}

/// @brief "E_NO_SCRIPT" etc., or "UNKNOWN" for a code the table does not know.
constexpr std::string_view errorName(std::uint32_t code) noexcept {
  for (const auto& e : kErrors) {
    if (static_cast<std::uint32_t>(e.code) == code) return e.name;
  }
  return "UNKNOWN";
}
constexpr std::string_view errorName(ErrorCode code) noexcept { return errorName(static_cast<std::uint32_t>(code)); }

/// @brief The code named @p name ("E_NO_SCRIPT"), or nothing; for command lines and configs.
constexpr const ErrorSpec* findError(std::string_view name) noexcept {
  for (const auto& e : kErrors) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

}  // namespace smfront::mr
