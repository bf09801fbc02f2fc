#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ccp/api_errors.hpp"
#include "ccp/parsed.hpp"
#include "ccp/social_contact.hpp"

namespace smfront::ccp {

// Callback and task requests and their status representations (spec §6).

/// Documented limit for the customer name of a callback or task.
inline constexpr std::size_t kMaxContactNameChars = 100;
/// Documented limit for a task script selector (also the MR ScriptSelector field, 33 with NUL).
inline constexpr std::size_t kMaxScriptSelectorChars = 32;
/// The MR ANI field carries 40 characters plus NUL (mr-protocol.md §3.3).
inline constexpr std::size_t kMaxMediaAddressChars = 40;
/// cv_1 .. cv_10.
inline constexpr std::size_t kCallVariableCount = 10;
/// CCE call variables hold 40 characters (the MR field is 41 with NUL).
inline constexpr std::size_t kMaxCallVariableChars = 40;
/// CCE ECC variable names hold 32 characters (33 bytes with NUL), counted without "user_".
inline constexpr std::size_t kMaxEccNameChars = 32;
/// CCE scalar ECC variables hold at most 210 bytes.
inline constexpr std::size_t kMaxEccValueChars = 210;
/// Variables become extension fields of the contact, so they share that limit.
inline constexpr std::size_t kMaxVariables = kMaxExtensionFields;
/// Ours: Cisco documents no length for a task's customerUID.
inline constexpr std::size_t kMaxCustomerUidChars = 255;

/// Request variables sorted by where they go (spec §6): cv_1..cv_10 to the CCE call variables,
/// user_* to ECC variables (named without the prefix, as CCE knows them), the rest stay on the
/// contact as extension fields.
struct CallData {
  /// Index 0 is cv_1; nullopt when the request did not set that variable.
  std::array<std::optional<std::string>, kCallVariableCount> callVariables;
  std::vector<ExtensionField> eccVariables;
  std::vector<ExtensionField> extensionFields;

  friend bool operator==(const CallData&, const CallData&) = default;
};

/// @brief Sorts @p variables (names as sent, already trimmed) into call data, adding a problem
/// per bad variable to @p problems.
///
/// Prefixes match in any case. The first occurrence of a call variable slot, ECC name or
/// extension field name wins. Anything sent to CCE must be printable ASCII (0x20-0x7E), since
/// the MR link carries nothing else: a cv_ value over 40 characters, an ECC name over 32 or an
/// ECC value over 210 is outOfRange; other characters, a cv_ suffix other than 1..10 (no
/// leading zeros) and a bare "user_" are invalidValue; errorData is the variable name as sent.
/// An empty name is fieldRequired "variable.name"; more than kMaxVariables is outOfRange
/// "variables"; extension fields need valid UTF-8 only.
CallData mapVariables(std::span<const ExtensionField> variables, Problems& problems);

/// A callback request (CCE "agent request"): POST `<Contact>` or GET query (spec §6).
struct CallbackCreate {
  /// Surrounding whitespace removed.
  std::string name;
  std::string title;
  /// The number to dial; surrounding whitespace removed.
  std::string mediaAddress;
  std::string description;
  std::vector<std::string> tags;
  CallData callData;

  friend bool operator==(const CallbackCreate&, const CallbackCreate&) = default;
};

/// @brief Parses a `<Contact>` callback create body.
///
/// Required: name (≤ 100 characters, one line, printable ASCII), title (≤ 255), mediaAddress
/// (≤ 40, printable ASCII). Optional: description, tags/tag (≤ 20), variables/variable/{name,value}
/// (see mapVariables). Every problem is reported, in field order.
Parsed<CallbackCreate> parseCallbackCreate(std::string_view body);

/// @brief Parses a GET create query (without '?'): name, title, mediaAddress, description,
/// tags (comma-separated), variable_<name>=value. The first occurrence of a parameter wins;
/// same checks as parseCallbackCreate.
Parsed<CallbackCreate> parseCallbackQuery(std::string_view query);

/// @brief The `<Contact>` create body for @p create (call variables written as cv_N, ECC
/// variables as user_<name>).
std::string serializeCallbackCreate(const CallbackCreate& create);

/// @brief The GET create query for @p create (the inverse of parseCallbackQuery).
std::string serializeCallbackQuery(const CallbackCreate& create);

/// Media type of the task's Context Service POD (task-only variable "mediaType").
enum class MediaType { Chat, Email, Event, Mobile, Social, Video, Voice, Web };

/// @brief Lower-case wire name, e.g. "event".
std::string_view toString(MediaType type) noexcept;

/// @brief Media type named by @p text in any case, surrounding XML whitespace allowed.
std::optional<MediaType> parseMediaType(std::string_view text) noexcept;

/// A Task Routing request: POST `<Task>` or GET query (spec §6).
struct TaskCreate {
  /// Surrounding whitespace removed.
  std::string name;
  std::string title;
  std::string description;
  /// Surrounding whitespace removed; nullopt when absent or empty.
  std::optional<std::string> scriptSelector;
  std::optional<std::string> customerUID;
  bool requeueOnRecovery = false;
  std::vector<std::string> tags;
  /// Without the task-only variables below.
  CallData callData;
  /// Variable "mediaType" (name in any case); event when absent.
  MediaType mediaType = MediaType::Event;
  /// Variable "podRefURL" (name in any case), stored only.
  std::optional<std::string> podRefURL;

  friend bool operator==(const TaskCreate&, const TaskCreate&) = default;
};

/// @brief Parses a `<Task>` create body.
///
/// Required: name (≤ 100 characters, one line, printable ASCII), title (≤ 255). Optional:
/// description, scriptSelector (≤ 32, printable ASCII), customerUID, requeueOnRecovery
/// (true/false), tags/tag (≤ 20), variables (see mapVariables; mediaType must be one of
/// chat|email|event|mobile|social|video|voice|web). Every problem is reported, in field order.
Parsed<TaskCreate> parseTaskCreate(std::string_view body);

/// @brief Parses a GET create query (without '?'): name, title, description, scriptSelector,
/// customerUID, requeueOnRecovery, tags (comma-separated), variable_<name>=value. The first
/// occurrence of a parameter wins; same checks as parseTaskCreate.
Parsed<TaskCreate> parseTaskQuery(std::string_view query);

/// @brief The `<Task>` create body for @p create; mediaType written only when not event.
std::string serializeTaskCreate(const TaskCreate& create);

/// @brief The GET create query for @p create (the inverse of parseTaskQuery).
std::string serializeTaskQuery(const TaskCreate& create);

/// The public status of a callback: `GET …/callback/contact/<id>` (spec §6).
struct CallbackStatus {
  std::string id;
  std::string refURL;
  /// Lower-case status and reason, e.g. "queued" / "externally_routed".
  std::string status;
  std::string statusReason;
  /// Seconds, -1 when unknown.
  std::optional<std::int64_t> estimatedWaitTime;

  friend bool operator==(const CallbackStatus&, const CallbackStatus&) = default;
};

/// @brief `<Contact><id/><refURL/><status/><statusReason/><estimatedWaitTime/></Contact>`.
/// Empty strings and nullopt are omitted, and estimatedWaitTime is written only while the
/// status is queued, so a stale estimate never reaches a polling client.
std::string serializeCallbackStatus(const CallbackStatus& status);

/// @brief Reads a callback status; status is required, status and reason are lower-cased.
Parsed<CallbackStatus> parseCallbackStatus(std::string_view body);

/// The public status of a task: `GET …/task/contact/<id>` (spec §6).
struct TaskStatus {
  /// Lower-case status and reason.
  std::string status;
  std::string statusReason;
  /// Seconds, -1 when unknown.
  std::optional<std::int64_t> estimatedWaitTime;
  /// CCE task id `<day>_<callId>_<seq>`, e.g. "12345_23678_2".
  std::optional<std::string> taskID;
  std::optional<std::string> agentID;

  friend bool operator==(const TaskStatus&, const TaskStatus&) = default;
};

/// @brief `<Task><estimatedWaitTime/><status/><statusReason/><taskID/><agentID/></Task>`.
/// Empty strings and nullopt are omitted; estimatedWaitTime is written only while queued,
/// taskID and agentID only while reserved or handled.
std::string serializeTaskStatus(const TaskStatus& status);

/// @brief Reads a task status; status is required, status and reason are lower-cased.
Parsed<TaskStatus> parseTaskStatus(std::string_view body);

/// Why a reserved task is routed again (admin renotify, spec §6).
enum class RenotifyReason { RouteServiceTransfer, RouteServiceRecovery };

/// @brief Wire name: "ROUTE_SERVICE_TRANSFER" or "ROUTE_SERVICE_RECOVERY".
std::string_view toString(RenotifyReason reason) noexcept;

/// Body of `PUT /ccp-webapp/ccp/task/<id>/renotify`.
struct TaskRenotify {
  /// Surrounding whitespace removed; nullopt when absent or empty (keep the task's own).
  std::optional<std::string> scriptSelector;
  RenotifyReason reason = RenotifyReason::RouteServiceTransfer;

  friend bool operator==(const TaskRenotify&, const TaskRenotify&) = default;
};

/// @brief Parses a `<Task>` renotify body: reNotifyReason required and one of the two wire
/// names exactly (case-sensitive, surrounding whitespace allowed); scriptSelector optional,
/// ≤ 32 characters of printable ASCII.
Parsed<TaskRenotify> parseTaskRenotify(std::string_view body);

/// @brief The `<Task>` renotify body for @p renotify.
std::string serializeTaskRenotify(const TaskRenotify& renotify);

}  // namespace smfront::ccp
