#include "core/records.hpp"

#include <cstdio>
#include <stdexcept>

#include "core/record_codec.hpp"

namespace smfront::core::records {

namespace json = boost::json;

namespace {

json::object parseObject(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) throw std::runtime_error("not a JSON object");
  return std::move(v.as_object());
}

template <class T>
std::string encodeDescribed(const T& value) {
  return json::serialize(codec::write(value));
}

template <class T>
T decodeDescribed(const json::object& object) {
  T value{};
  codec::read(json::value(object), value);
  return value;
}

template <class T>
T decodeDescribed(std::string_view text) {
  return decodeDescribed<T>(parseObject(text));
}

// A record that carries another's members at its own top level, plus one more.
template <class T, class Extra>
std::string encodeFlat(const T& value, std::string_view key, const Extra& extra) {
  json::object object = codec::write(value).as_object();
  object[key] = codec::write(extra);
  return json::serialize(object);
}

template <class Extra>
Extra extraOf(const json::object& object, std::string_view key) {
  Extra extra{};
  if (const auto* v = object.if_contains(key)) codec::read(*v, extra);
  return extra;
}

}  // namespace

std::string padded(std::int64_t n) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "%012lld", static_cast<long long>(n));
  return buffer;
}

std::string childKey(std::string_view owner, std::int64_t n) {
  std::string key(owner);
  key += '/';
  key += padded(n);
  return key;
}

std::string_view ownerOf(std::string_view childKey) {
  const auto slash = childKey.rfind('/');
  return slash == std::string_view::npos ? std::string_view{} : childKey.substr(0, slash);
}

std::string encode(const Feed& feed) { return encodeDescribed(feed); }
Feed decodeFeed(std::string_view json) { return decodeDescribed<Feed>(json); }

std::string encode(const Campaign& campaign) { return encodeDescribed(campaign); }
Campaign decodeCampaign(std::string_view json) { return decodeDescribed<Campaign>(json); }

std::string encode(const Contact& contact) { return encodeDescribed(contact); }
Contact decodeContact(std::string_view json) { return decodeDescribed<Contact>(json); }

std::string encode(const ChatEvent& event) { return encodeDescribed(event); }
ChatEvent decodeChatEvent(std::string_view json) { return decodeDescribed<ChatEvent>(json); }

std::string encode(const ChatEventRow& row) { return encodeFlat(row.event, "contact", row.contactId); }

ChatEventRow decodeChatEventRow(std::string_view json) {
  const auto object = parseObject(json);
  return {extraOf<std::string>(object, "contact"), decodeDescribed<ChatEvent>(object)};
}

std::string encode(const ChatRecord& chat) { return encodeDescribed(chat); }
ChatRecord decodeChat(std::string_view json) { return decodeDescribed<ChatRecord>(json); }

std::string encode(const RequestRecord& record) { return encodeFlat(record.request, "cancelled", record.cancelled); }

RequestRecord decodeRequest(std::string_view json) {
  const auto object = parseObject(json);
  return {decodeDescribed<NewRequest>(object), extraOf<bool>(object, "cancelled")};
}

std::string encode(const AssignmentRecord& assignment) { return encodeDescribed(assignment); }
AssignmentRecord decodeAssignment(std::string_view json) { return decodeDescribed<AssignmentRecord>(json); }

std::string encode(const NotificationRule& rule) { return encodeDescribed(rule); }
NotificationRule decodeNotificationRule(std::string_view json) { return decodeDescribed<NotificationRule>(json); }

std::string encode(const ReplyTemplate& replyTemplate) { return encodeDescribed(replyTemplate); }
ReplyTemplate decodeReplyTemplate(std::string_view json) { return decodeDescribed<ReplyTemplate>(json); }

std::string encode(const XmppSettings& settings) { return encodeDescribed(settings); }
XmppSettings decodeXmppSettings(std::string_view json) { return decodeDescribed<XmppSettings>(json); }

std::string encode(const OutboxEntry& entry) { return encodeDescribed(entry); }

OutboxEntry decodeOutboxEntry(std::string_view json) {
  auto object = parseObject(json);
  // Entries written before the contact was a member object carry its record text.
  if (auto* contact = object.if_contains("contact"); contact != nullptr && contact->is_string()) {
    *contact = parseObject(contact->as_string());
  }
  return decodeDescribed<OutboxEntry>(object);
}

std::string encode(const MrTaskRecord& task) { return encodeDescribed(task); }
MrTaskRecord decodeMrTask(std::string_view json) { return decodeDescribed<MrTaskRecord>(json); }

std::string encodeCounter(std::int64_t value) { return std::to_string(value); }

std::int64_t decodeCounter(std::string_view json) {
  const auto o = json::parse(json);
  if (!o.is_int64()) throw std::runtime_error("not an integer");
  return o.as_int64();
}

}  // namespace smfront::core::records
