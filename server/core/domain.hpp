#pragma once
// The domain's value types: feeds, campaigns, contacts and chat events, as the
// core keeps them. The API layer maps them to and from SocialMiner's XML.
//
// Each type's members are listed once more, right after it, in a Boost.Describe
// description: what needs every member (the store's record codec) is derived
// from that list instead of naming each member again. A described enum is
// written by the lower-case names of its values ("unread", "chat"), so that
// reordering it never rewrites history; FeedType is not described: SocialMiner
// numbers feed types, and they are stored as those numbers.
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace smfront::core {

enum class FeedType { Push = 7, Chat = 8, Callback = 10, Task = 12 };

struct Feed {
  std::int64_t id = 0;
  std::string name;
  std::string description;
  FeedType type = FeedType::Chat;
  std::int64_t status = 1;
  std::vector<std::string> tags;
  std::string replyTemplateRefURL;
  std::int64_t pollingInterval = 0;
  std::int64_t minAge = 0;
  std::int64_t chatJoinTimeoutS = 60;
  std::int64_t chatInactivityTimeoutS = 300;
  bool mrRouting = false;
  std::int64_t changeStamp = 0;
};
BOOST_DESCRIBE_STRUCT(Feed, (), (id, name, description, type, status, tags, replyTemplateRefURL, pollingInterval,
                                minAge, chatJoinTimeoutS, chatInactivityTimeoutS, mrRouting, changeStamp))

struct Campaign {
  std::string publicId;
  std::string name;
  std::string description;
  std::string includeExpr;
  std::string excludeExpr;
  std::string chatInvitationFeed;
  std::vector<std::int64_t> feedIds;
  std::vector<std::string> filters;
  std::int64_t changeStamp = 0;
};
BOOST_DESCRIBE_STRUCT(Campaign, (), (publicId, name, description, includeExpr, excludeExpr, chatInvitationFeed,
                                    feedIds, filters, changeStamp))

enum class ContactStatus { Unread, Queued, Reserved, Draft, Handled, Discarded };
BOOST_DESCRIBE_ENUM(ContactStatus, Unread, Queued, Reserved, Draft, Handled, Discarded)
enum class SourceType { Chat, Push, Callback, Task };
BOOST_DESCRIBE_ENUM(SourceType, Chat, Push, Callback, Task)

struct ExtensionField {
  std::string name;
  std::string value;
};
BOOST_DESCRIBE_STRUCT(ExtensionField, (), (name, value))

/// One step of a contact's life, kept with it (and stored with it).
struct StatusChange {
  ContactStatus status = ContactStatus::Unread;
  std::string reason;
  std::string userId;
  std::int64_t timestampMs = 0;
};
BOOST_DESCRIBE_STRUCT(StatusChange, (), (status, reason, userId, timestampMs))

struct Contact {
  std::string id;  // 32 upper-case hex
  SourceType sourceType = SourceType::Chat;
  std::int64_t feedId = 0;
  std::string author;
  std::string title;
  std::string description;
  std::vector<std::string> tags;
  std::vector<ExtensionField> extensionFields;
  ContactStatus status = ContactStatus::Unread;
  std::string statusReason = "unknown";
  std::string statusUserId;
  std::int64_t statusTimestamp = 0;  // ms since the epoch
  std::int64_t createdDate = 0;
  std::int64_t publishedDate = 0;
  std::int64_t changeStamp = 0;
  std::vector<StatusChange> statusHistory;  // oldest first, the creation included

  const std::string* extension(std::string_view name) const {
    for (const auto& f : extensionFields) {
      if (f.name == name) return &f.value;
    }
    return nullptr;
  }
};
BOOST_DESCRIBE_STRUCT(Contact, (), (id, sourceType, feedId, author, title, description, tags, extensionFields, status,
                                   statusReason, statusUserId, statusTimestamp, createdDate, publishedDate, changeStamp,
                                   statusHistory))

/// A callback or task request as its page made it: what its contact does not hold.
struct NewRequest {
  SourceType type = SourceType::Callback;  // Callback or Task
  std::int64_t feedId = 0;
  std::string name;  // the customer
  std::string title;
  std::string description;
  std::vector<std::string> tags;
  std::string mediaAddress;  // callbacks: the number to dial
  std::string scriptSelector;
  std::string customerUID;
  bool requeueOnRecovery = false;
  std::string mediaType;  // tasks
  std::string podRefURL;  // tasks
  std::array<std::optional<std::string>, 10> callVariables;
  std::vector<ExtensionField> eccVariables;
  std::vector<ExtensionField> extensionFields;
};
BOOST_DESCRIBE_STRUCT(NewRequest, (), (type, feedId, name, title, description, tags, mediaAddress, scriptSelector,
                                      customerUID, requeueOnRecovery, mediaType, podRefURL, callVariables, eccVariables,
                                      extensionFields))

/// One entry of a chat's event log, as the customer polls it.
struct ChatEvent {
  enum class Kind { Message, Presence, Typing, Status };
  BOOST_DESCRIBE_NESTED_ENUM(Kind, Message, Presence, Typing, Status)
  std::int64_t id = 0;
  Kind kind = Kind::Message;
  std::string from;    // author or agent nick; empty for Status
  std::string value;   // Message: text; Presence: joined|left; Typing: composing|paused; Status: the status
  std::string detail;  // Status only
  bool byCustomer = false;
  std::int64_t timeMs = 0;  // when it happened (ms since the epoch)
};
BOOST_DESCRIBE_STRUCT(ChatEvent, (), (id, kind, from, value, detail, byCustomer, timeMs))

struct TranscriptLine {
  std::int64_t timeMs = 0;
  std::string name;
  std::string text;
};

struct ChatParticipant {
  std::string agentName;  // account
  std::string nickName;   // shown in the room
};
BOOST_DESCRIBE_STRUCT(ChatParticipant, (), (agentName, nickName))


/// A notification rule (spec socialminer-rest 8.5): when one of `tags` is
/// applied to a contact of `campaign`, the rule's action runs.
enum class RuleType { Email, Im, Http, Cce };
BOOST_DESCRIBE_ENUM(RuleType, Email, Im, Http, Cce)

struct NotificationRule {
  std::int64_t id = 0;
  std::string name;
  std::string description;
  RuleType type = RuleType::Im;
  std::string campaign;  // publicId
  std::vector<std::string> tags;
  std::vector<std::string> targets;  // im: JIDs; email: addresses
  std::string subject;               // email
  std::string body;                  // email, im (empty: the standard text)
  std::string httpUrl;
  std::string alternateHttpUrl;
  std::string httpUsername;
  std::string httpPassword;
  bool sslVerifyCertificates = true;
  std::string scriptSelector;             // cce
  std::int64_t mediaRoutingDomainId = 0;  // cce
  std::int64_t changeStamp = 0;
};
BOOST_DESCRIBE_STRUCT(NotificationRule, (), (id, name, description, type, campaign, tags, targets, subject, body,
                                            httpUrl, alternateHttpUrl, httpUsername, httpPassword,
                                            sslVerifyCertificates, scriptSelector, mediaRoutingDomainId, changeStamp))

/// A reply template: the page an agent's desktop shows to answer a contact.
struct ReplyTemplate {
  std::int64_t id = 0;
  std::string name;
  std::string templateURL;
  bool systemDefined = false;  // one of SocialMiner's own: neither changed nor deleted
  std::int64_t changeStamp = 0;
};
BOOST_DESCRIBE_STRUCT(ReplyTemplate, (), (id, name, templateURL, systemDefined, changeStamp))

/// The outbound XMPP client's server and account (spec socialminer-rest 8.6).
struct XmppSettings {
  bool enabled = false;
  std::string host = "127.0.0.1";
  std::int64_t port = 5222;
  std::string service = "localhost";  // the XMPP domain
  bool serviceLookup = false;         // DNS SRV _xmpp-client._tcp.<service>
  std::string username = "smfront";
  std::string password;

  bool operator==(const XmppSettings&) const = default;
};
BOOST_DESCRIBE_STRUCT(XmppSettings, (), (enabled, host, port, service, serviceLookup, username, password))

/// Where an outbox entry goes: a chat message or an HTTP POST.
enum class NotifyChannel { Im, Http };
BOOST_DESCRIBE_ENUM(NotifyChannel, Im, Http)

/// One notification waiting for delivery, kept until it is delivered (or, for
/// HTTP, given up on). `seq` orders the outbox and never repeats.
struct OutboxEntry {
  std::int64_t seq = 0;
  NotifyChannel channel = NotifyChannel::Im;
  std::int64_t ruleId = 0;
  std::string tag;     // the tag that fired the rule
  std::string target;  // im: JID; http: URL
  std::string alternateTarget;  // http: tried when the retries on target are spent
  std::string username;         // http Basic
  std::string password;
  bool verifyTls = true;
  std::string body;  // im: the rule's own text, empty for the standard one
  Contact contact;   // as it was when the rule fired
  std::int64_t queuedMs = 0;
};
BOOST_DESCRIBE_STRUCT(OutboxEntry, (), (seq, channel, ruleId, tag, target, alternateTarget, username, password,
                                       verifyTls, body, contact, queuedMs))

}  // namespace smfront::core
