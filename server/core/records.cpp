#include "core/records.hpp"

#include <array>
#include <boost/json.hpp>
#include <cstdio>
#include <stdexcept>

namespace smfront::core::records {

namespace json = boost::json;

namespace {

// Enums are written by name, so that reordering them never rewrites history.
constexpr std::array kStatusNames{"unread", "queued", "reserved", "draft", "handled", "discarded"};
constexpr std::array kSourceNames{"chat", "push", "callback", "task"};
constexpr std::array kEventKinds{"message", "presence", "typing", "status"};
constexpr std::array kRuleTypes{"email", "im", "http", "cce"};
constexpr std::array kChannels{"im", "http"};

template <class Enum, std::size_t N>
std::string_view nameOf(Enum value, const std::array<const char*, N>& names) {
  return names.at(static_cast<std::size_t>(value));
}

template <class Enum, std::size_t N>
Enum enumOf(std::string_view name, const std::array<const char*, N>& names) {
  for (std::size_t i = 0; i < N; ++i) {
    if (name == names[i]) return static_cast<Enum>(i);
  }
  throw std::runtime_error("unknown value '" + std::string(name) + "'");
}

json::object parseObject(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) throw std::runtime_error("not a JSON object");
  return std::move(v.as_object());
}

std::string str(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}
std::int64_t num(const json::object& o, std::string_view key, std::int64_t fallback = 0) {
  const auto* v = o.if_contains(key);
  return v && v->is_int64() ? v->as_int64() : fallback;
}
bool flag(const json::object& o, std::string_view key, bool fallback = false) {
  const auto* v = o.if_contains(key);
  return v && v->is_bool() ? v->as_bool() : fallback;
}
const json::array& list(const json::object& o, std::string_view key) {
  static const json::array kEmpty;
  const auto* v = o.if_contains(key);
  return v && v->is_array() ? v->as_array() : kEmpty;
}

json::array strings(const std::vector<std::string>& values) {
  json::array a;
  for (const auto& v : values) a.emplace_back(v);
  return a;
}
std::vector<std::string> stringsOf(const json::object& o, std::string_view key) {
  std::vector<std::string> out;
  for (const auto& v : list(o, key)) {
    if (v.is_string()) out.emplace_back(v.as_string());
  }
  return out;
}

json::array fields(const std::vector<ExtensionField>& values) {
  json::array a;
  for (const auto& f : values) a.emplace_back(json::array{json::string(f.name), json::string(f.value)});
  return a;
}
std::vector<ExtensionField> fieldsOf(const json::object& o, std::string_view key) {
  std::vector<ExtensionField> out;
  for (const auto& v : list(o, key)) {
    const auto* pair = v.if_array();
    if (pair == nullptr || pair->size() != 2 || !(*pair)[0].is_string() || !(*pair)[1].is_string()) continue;
    out.push_back({std::string((*pair)[0].as_string()), std::string((*pair)[1].as_string())});
  }
  return out;
}

std::string text(const json::object& o) { return json::serialize(o); }

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

std::string encode(const Feed& f) {
  return text({{"id", f.id},
               {"name", f.name},
               {"description", f.description},
               {"type", static_cast<int>(f.type)},
               {"status", f.status},
               {"tags", strings(f.tags)},
               {"replyTemplateRefURL", f.replyTemplateRefURL},
               {"pollingInterval", f.pollingInterval},
               {"minAge", f.minAge},
               {"chatJoinTimeoutS", f.chatJoinTimeoutS},
               {"chatInactivityTimeoutS", f.chatInactivityTimeoutS},
               {"mrRouting", f.mrRouting},
               {"changeStamp", f.changeStamp}});
}

Feed decodeFeed(std::string_view json) {
  const auto o = parseObject(json);
  Feed f;
  f.id = num(o, "id");
  f.name = str(o, "name");
  f.description = str(o, "description");
  f.type = static_cast<FeedType>(num(o, "type", static_cast<int>(FeedType::Chat)));
  f.status = num(o, "status", 1);
  f.tags = stringsOf(o, "tags");
  f.replyTemplateRefURL = str(o, "replyTemplateRefURL");
  f.pollingInterval = num(o, "pollingInterval");
  f.minAge = num(o, "minAge");
  f.chatJoinTimeoutS = num(o, "chatJoinTimeoutS", 60);
  f.chatInactivityTimeoutS = num(o, "chatInactivityTimeoutS", 300);
  f.mrRouting = flag(o, "mrRouting");
  f.changeStamp = num(o, "changeStamp");
  return f;
}

std::string encode(const Campaign& c) {
  json::array feedIds;
  for (auto id : c.feedIds) feedIds.emplace_back(id);
  return text({{"publicId", c.publicId},
               {"name", c.name},
               {"description", c.description},
               {"includeExpr", c.includeExpr},
               {"excludeExpr", c.excludeExpr},
               {"chatInvitationFeed", c.chatInvitationFeed},
               {"feedIds", std::move(feedIds)},
               {"filters", strings(c.filters)},
               {"changeStamp", c.changeStamp}});
}

Campaign decodeCampaign(std::string_view json) {
  const auto o = parseObject(json);
  Campaign c;
  c.publicId = str(o, "publicId");
  c.name = str(o, "name");
  c.description = str(o, "description");
  c.includeExpr = str(o, "includeExpr");
  c.excludeExpr = str(o, "excludeExpr");
  c.chatInvitationFeed = str(o, "chatInvitationFeed");
  for (const auto& v : list(o, "feedIds")) {
    if (v.is_int64()) c.feedIds.push_back(v.as_int64());
  }
  c.filters = stringsOf(o, "filters");
  c.changeStamp = num(o, "changeStamp");
  return c;
}

std::string encode(const Contact& c) {
  json::array history;
  for (const auto& h : c.statusHistory) {
    history.emplace_back(json::object{{"status", nameOf(h.status, kStatusNames)},
                                      {"reason", h.reason},
                                      {"userId", h.userId},
                                      {"timestampMs", h.timestampMs}});
  }
  return text({{"id", c.id},
               {"sourceType", nameOf(c.sourceType, kSourceNames)},
               {"feedId", c.feedId},
               {"author", c.author},
               {"title", c.title},
               {"description", c.description},
               {"tags", strings(c.tags)},
               {"extensionFields", fields(c.extensionFields)},
               {"status", nameOf(c.status, kStatusNames)},
               {"statusReason", c.statusReason},
               {"statusUserId", c.statusUserId},
               {"statusTimestamp", c.statusTimestamp},
               {"createdDate", c.createdDate},
               {"publishedDate", c.publishedDate},
               {"changeStamp", c.changeStamp},
               {"statusHistory", std::move(history)}});
}

Contact decodeContact(std::string_view json) {
  const auto o = parseObject(json);
  Contact c;
  c.id = str(o, "id");
  c.sourceType = enumOf<SourceType>(str(o, "sourceType"), kSourceNames);
  c.feedId = num(o, "feedId");
  c.author = str(o, "author");
  c.title = str(o, "title");
  c.description = str(o, "description");
  c.tags = stringsOf(o, "tags");
  c.extensionFields = fieldsOf(o, "extensionFields");
  c.status = enumOf<ContactStatus>(str(o, "status"), kStatusNames);
  c.statusReason = str(o, "statusReason");
  c.statusUserId = str(o, "statusUserId");
  c.statusTimestamp = num(o, "statusTimestamp");
  c.createdDate = num(o, "createdDate");
  c.publishedDate = num(o, "publishedDate");
  c.changeStamp = num(o, "changeStamp");
  for (const auto& v : list(o, "statusHistory")) {
    if (!v.is_object()) continue;
    const auto& h = v.as_object();
    c.statusHistory.push_back({enumOf<ContactStatus>(str(h, "status"), kStatusNames), str(h, "reason"),
                               str(h, "userId"), num(h, "timestampMs")});
  }
  return c;
}

namespace {

json::object chatEventObject(const ChatEvent& e) {
  return {{"id", e.id},
               {"kind", nameOf(e.kind, kEventKinds)},
               {"from", e.from},
               {"value", e.value},
               {"detail", e.detail},
               {"byCustomer", e.byCustomer},
               {"timeMs", e.timeMs}};
}

ChatEvent chatEventOf(const json::object& o) {
  ChatEvent e;
  e.id = num(o, "id");
  e.kind = enumOf<ChatEvent::Kind>(str(o, "kind"), kEventKinds);
  e.from = str(o, "from");
  e.value = str(o, "value");
  e.detail = str(o, "detail");
  e.byCustomer = flag(o, "byCustomer");
  e.timeMs = num(o, "timeMs");
  return e;
}

}  // namespace

std::string encode(const ChatEvent& e) { return text(chatEventObject(e)); }

ChatEvent decodeChatEvent(std::string_view json) { return chatEventOf(parseObject(json)); }

std::string encode(const ChatEventRow& row) {
  json::object o = chatEventObject(row.event);
  o["contact"] = row.contactId;
  return text(o);
}

ChatEventRow decodeChatEventRow(std::string_view json) {
  const auto o = parseObject(json);
  return {str(o, "contact"), chatEventOf(o)};
}

std::string encode(const ChatRecord& c) {
  json::array participants;
  for (const auto& p : c.participants) participants.emplace_back(json::array{json::string(p.agentName), json::string(p.nickName)});
  json::array inRoom;
  for (const auto& [nick, account] : c.inRoom) inRoom.emplace_back(json::array{json::string(nick), json::string(account)});
  return text({{"contactId", c.contactId},
               {"sessionId", c.sessionId},
               {"author", c.author},
               {"room", c.room},
               {"joinDetail", c.joinDetail},
               {"startMs", c.startMs},
               {"endMs", c.endMs},
               {"activityMs", c.activityMs},
               {"nextEventId", c.nextEventId},
               {"joinTimeoutMs", c.joinTimeoutMs},
               {"inactivityTimeoutMs", c.inactivityTimeoutMs},
               {"participants", std::move(participants)},
               {"inRoom", std::move(inRoom)},
               {"customerPresent", c.customerPresent},
               {"everJoined", c.everJoined},
               {"live", c.live}});
}

ChatRecord decodeChat(std::string_view json) {
  const auto o = parseObject(json);
  ChatRecord c;
  c.contactId = str(o, "contactId");
  c.sessionId = str(o, "sessionId");
  c.author = str(o, "author");
  c.room = str(o, "room");
  c.joinDetail = str(o, "joinDetail");
  c.startMs = num(o, "startMs");
  c.endMs = num(o, "endMs");
  c.activityMs = num(o, "activityMs");
  c.nextEventId = num(o, "nextEventId", 1);
  c.joinTimeoutMs = num(o, "joinTimeoutMs", 60000);
  c.inactivityTimeoutMs = num(o, "inactivityTimeoutMs", 300000);
  for (const auto& f : fieldsOf(o, "participants")) c.participants.push_back({f.name, f.value});
  for (const auto& f : fieldsOf(o, "inRoom")) c.inRoom.emplace_back(f.name, f.value);
  c.customerPresent = flag(o, "customerPresent", true);
  c.everJoined = flag(o, "everJoined");
  c.live = flag(o, "live", true);
  return c;
}

std::string encode(const RequestRecord& record) {
  const NewRequest& r = record.request;
  json::array callVariables;
  for (std::size_t i = 0; i < r.callVariables.size(); ++i) {
    if (r.callVariables[i]) callVariables.emplace_back(json::array{static_cast<std::int64_t>(i), json::string(*r.callVariables[i])});
  }
  return text({{"type", nameOf(r.type, kSourceNames)},
               {"feedId", r.feedId},
               {"name", r.name},
               {"title", r.title},
               {"description", r.description},
               {"tags", strings(r.tags)},
               {"mediaAddress", r.mediaAddress},
               {"scriptSelector", r.scriptSelector},
               {"customerUID", r.customerUID},
               {"requeueOnRecovery", r.requeueOnRecovery},
               {"mediaType", r.mediaType},
               {"podRefURL", r.podRefURL},
               {"callVariables", std::move(callVariables)},
               {"eccVariables", fields(r.eccVariables)},
               {"extensionFields", fields(r.extensionFields)},
               {"cancelled", record.cancelled}});
}

RequestRecord decodeRequest(std::string_view json) {
  const auto o = parseObject(json);
  RequestRecord record;
  NewRequest& r = record.request;
  r.type = enumOf<SourceType>(str(o, "type"), kSourceNames);
  r.feedId = num(o, "feedId");
  r.name = str(o, "name");
  r.title = str(o, "title");
  r.description = str(o, "description");
  r.tags = stringsOf(o, "tags");
  r.mediaAddress = str(o, "mediaAddress");
  r.scriptSelector = str(o, "scriptSelector");
  r.customerUID = str(o, "customerUID");
  r.requeueOnRecovery = flag(o, "requeueOnRecovery");
  r.mediaType = str(o, "mediaType");
  r.podRefURL = str(o, "podRefURL");
  for (const auto& v : list(o, "callVariables")) {
    const auto* pair = v.if_array();
    if (pair == nullptr || pair->size() != 2 || !(*pair)[0].is_int64() || !(*pair)[1].is_string()) continue;
    const auto index = (*pair)[0].as_int64();
    if (index >= 0 && static_cast<std::size_t>(index) < r.callVariables.size()) {
      r.callVariables[static_cast<std::size_t>(index)] = std::string((*pair)[1].as_string());
    }
  }
  r.eccVariables = fieldsOf(o, "eccVariables");
  r.extensionFields = fieldsOf(o, "extensionFields");
  record.cancelled = flag(o, "cancelled");
  return record;
}

std::string encode(const AssignmentRecord& a) {
  return text({{"agent", a.agent}, {"taskId", a.taskId}, {"routings", a.routings}});
}

AssignmentRecord decodeAssignment(std::string_view json) {
  const auto o = parseObject(json);
  return {str(o, "agent"), str(o, "taskId"), num(o, "routings")};
}

std::string encode(const NotificationRule& r) {
  return text({{"id", r.id},
               {"name", r.name},
               {"description", r.description},
               {"type", nameOf(r.type, kRuleTypes)},
               {"campaign", r.campaign},
               {"tags", strings(r.tags)},
               {"targets", strings(r.targets)},
               {"subject", r.subject},
               {"body", r.body},
               {"httpUrl", r.httpUrl},
               {"alternateHttpUrl", r.alternateHttpUrl},
               {"httpUsername", r.httpUsername},
               {"httpPassword", r.httpPassword},
               {"sslVerifyCertificates", r.sslVerifyCertificates},
               {"scriptSelector", r.scriptSelector},
               {"mediaRoutingDomainId", r.mediaRoutingDomainId},
               {"changeStamp", r.changeStamp}});
}

NotificationRule decodeNotificationRule(std::string_view json) {
  const auto o = parseObject(json);
  NotificationRule r;
  r.id = num(o, "id");
  r.name = str(o, "name");
  r.description = str(o, "description");
  r.type = enumOf<RuleType>(str(o, "type"), kRuleTypes);
  r.campaign = str(o, "campaign");
  r.tags = stringsOf(o, "tags");
  r.targets = stringsOf(o, "targets");
  r.subject = str(o, "subject");
  r.body = str(o, "body");
  r.httpUrl = str(o, "httpUrl");
  r.alternateHttpUrl = str(o, "alternateHttpUrl");
  r.httpUsername = str(o, "httpUsername");
  r.httpPassword = str(o, "httpPassword");
  r.sslVerifyCertificates = flag(o, "sslVerifyCertificates", true);
  r.scriptSelector = str(o, "scriptSelector");
  r.mediaRoutingDomainId = num(o, "mediaRoutingDomainId");
  r.changeStamp = num(o, "changeStamp");
  return r;
}

std::string encode(const XmppSettings& x) {
  return text({{"enabled", x.enabled},
               {"host", x.host},
               {"port", x.port},
               {"service", x.service},
               {"serviceLookup", x.serviceLookup},
               {"username", x.username},
               {"password", x.password}});
}

XmppSettings decodeXmppSettings(std::string_view json) {
  const auto o = parseObject(json);
  XmppSettings x;
  x.enabled = flag(o, "enabled");
  x.host = str(o, "host");
  x.port = num(o, "port", 5222);
  x.service = str(o, "service");
  x.serviceLookup = flag(o, "serviceLookup");
  x.username = str(o, "username");
  x.password = str(o, "password");
  return x;
}

std::string encode(const OutboxEntry& e) {
  return text({{"seq", e.seq},
               {"channel", nameOf(e.channel, kChannels)},
               {"ruleId", e.ruleId},
               {"tag", e.tag},
               {"target", e.target},
               {"alternateTarget", e.alternateTarget},
               {"username", e.username},
               {"password", e.password},
               {"verifyTls", e.verifyTls},
               {"body", e.body},
               {"contact", encode(e.contact)},
               {"queuedMs", e.queuedMs}});
}

OutboxEntry decodeOutboxEntry(std::string_view json) {
  const auto o = parseObject(json);
  OutboxEntry e;
  e.seq = num(o, "seq");
  e.channel = enumOf<NotifyChannel>(str(o, "channel"), kChannels);
  e.ruleId = num(o, "ruleId");
  e.tag = str(o, "tag");
  e.target = str(o, "target");
  e.alternateTarget = str(o, "alternateTarget");
  e.username = str(o, "username");
  e.password = str(o, "password");
  e.verifyTls = flag(o, "verifyTls", true);
  e.body = str(o, "body");
  e.contact = decodeContact(str(o, "contact"));
  e.queuedMs = num(o, "queuedMs");
  return e;
}

std::string encode(const MrTaskRecord& t) { return text({{"order", t.order}, {"taskId", t.taskId}}); }

MrTaskRecord decodeMrTask(std::string_view json) {
  const auto o = parseObject(json);
  return {num(o, "order"), str(o, "taskId")};
}

std::string encodeCounter(std::int64_t value) { return std::to_string(value); }

std::int64_t decodeCounter(std::string_view json) {
  const auto o = json::parse(json);
  if (!o.is_int64()) throw std::runtime_error("not an integer");
  return o.as_int64();
}

}  // namespace smfront::core::records
