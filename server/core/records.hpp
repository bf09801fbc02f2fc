#pragma once
// How the domain's records are written to the store: one JSON object per
// record, in the tables below, derived from each type's description
// (core/record_codec.hpp). The store keeps strings; this file is the only
// place that knows their shape, so the format can evolve in one spot (add
// members freely: readers default what is missing and ignore what is unknown).
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/domain.hpp"

namespace smfront::core::records {

// Tables, and what their keys are.
inline constexpr std::string_view kFeeds = "feed";               // feed id, zero-padded
inline constexpr std::string_view kCampaigns = "campaign";       // publicId
inline constexpr std::string_view kContacts = "contact";         // contact id
inline constexpr std::string_view kChats = "chat";               // contact id
inline constexpr std::string_view kChatEvents = "chat_event";    // row number, zero-padded, in append order
inline constexpr std::string_view kRequests = "request";         // contact id
inline constexpr std::string_view kAssignments = "assignment";  // contact id
inline constexpr std::string_view kCounters = "counter";         // counter name
inline constexpr std::string_view kNotificationRules = "notification_rule";  // rule id, zero-padded
inline constexpr std::string_view kSettings = "setting";         // setting name ("xmpp")
inline constexpr std::string_view kOutbox = "outbox";            // sequence number, zero-padded
inline constexpr std::string_view kMrTasks = "mr_task";          // contact id
inline constexpr std::string_view kReplyTemplates = "reply_template";  // template id, zero-padded
inline constexpr std::string_view kUserCredentials = "user_credentials";  // user name (shape: eventing/stored_credentials)

/// `n` as a fixed-width decimal, so that keys sort in numeric order.
std::string padded(std::int64_t n);
/// "<owner>/<padded n>": how chat events were keyed before they were numbered
/// in append order (see ChatEventRow); read only to carry such rows over.
std::string childKey(std::string_view owner, std::int64_t n);
/// The owner part of a childKey; empty when the key is not one.
std::string_view ownerOf(std::string_view childKey);

std::string encode(const Feed& feed);
Feed decodeFeed(std::string_view json);
std::string encode(const Campaign& campaign);
Campaign decodeCampaign(std::string_view json);
std::string encode(const Contact& contact);
Contact decodeContact(std::string_view json);
std::string encode(const ChatEvent& event);
ChatEvent decodeChatEvent(std::string_view json);

/// One chat event as stored: rows are numbered in the order events happen, across
/// chats, so a commit appends to the end of the table (one or two pages written for
/// a whole group of messages) instead of touching one page per chat.
struct ChatEventRow {
  std::string contactId;
  ChatEvent event;
};
std::string encode(const ChatEventRow& row);
ChatEventRow decodeChatEventRow(std::string_view json);

/// A chat's own state, apart from its events (whose messages are its transcript).
struct ChatRecord {
  std::string contactId;
  std::string sessionId;  // empty once the session ended
  std::string author;
  std::string room;
  std::string joinDetail;
  std::int64_t startMs = 0;
  std::int64_t endMs = 0;
  std::int64_t activityMs = 0;  // the inactivity timer's last restart, when not later than the last event
  std::int64_t nextEventId = 1;
  std::int64_t joinTimeoutMs = 60000;
  std::int64_t inactivityTimeoutMs = 300000;
  std::vector<ChatParticipant> participants;
  std::vector<std::pair<std::string, std::string>> inRoom;  // nick, account
  bool customerPresent = true;
  bool everJoined = false;
  bool live = true;
};
BOOST_DESCRIBE_STRUCT(ChatRecord, (), (contactId, sessionId, author, room, joinDetail, startMs, endMs, activityMs,
                                      nextEventId, joinTimeoutMs, inactivityTimeoutMs, participants, inRoom,
                                      customerPresent, everJoined, live))
std::string encode(const ChatRecord& chat);
ChatRecord decodeChat(std::string_view json);

/// A callback or task request, and whether it was cancelled.
struct RequestRecord {
  NewRequest request;
  bool cancelled = false;
};
std::string encode(const RequestRecord& request);
RequestRecord decodeRequest(std::string_view json);

/// Who the router gave a contact to, under which task id, and how often it was routed.
struct AssignmentRecord {
  std::string agent;
  std::string taskId;
  std::int64_t routings = 0;
};
BOOST_DESCRIBE_STRUCT(AssignmentRecord, (), (agent, taskId, routings))
std::string encode(const AssignmentRecord& assignment);
AssignmentRecord decodeAssignment(std::string_view json);

std::string encode(const NotificationRule& rule);
NotificationRule decodeNotificationRule(std::string_view json);
std::string encode(const ReplyTemplate& replyTemplate);
ReplyTemplate decodeReplyTemplate(std::string_view json);
std::string encode(const XmppSettings& settings);
XmppSettings decodeXmppSettings(std::string_view json);
std::string encode(const OutboxEntry& entry);
OutboxEntry decodeOutboxEntry(std::string_view json);
/// A contact waiting to be routed over the MR link: its place in the sending order
/// and the ICMTaskID of an earlier NEW_TASK_CONF (sent again as PreviousTask).
struct MrTaskRecord {
  std::int64_t order = 0;
  std::string taskId;
};
BOOST_DESCRIBE_STRUCT(MrTaskRecord, (), (order, taskId))
std::string encode(const MrTaskRecord& task);
MrTaskRecord decodeMrTask(std::string_view json);

std::string encodeCounter(std::int64_t value);
std::int64_t decodeCounter(std::string_view json);

}  // namespace smfront::core::records
