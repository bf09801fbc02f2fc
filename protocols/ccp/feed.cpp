#include "ccp/feed.hpp"

#include <limits>

#include "ccp/request_body.hpp"
#include "ccp/validation.hpp"
#include "ccp/xml_fields.hpp"
#include "xml/writer.hpp"

namespace smfront::ccp {

namespace {

constexpr std::int64_t kInt32Max = std::numeric_limits<std::int32_t>::max();
constexpr std::int64_t kInt64Max = std::numeric_limits<std::int64_t>::max();

// Every field of a <Feed> element as sent: absent fields are nullopt.
struct FeedFields {
  std::optional<std::int64_t> id;
  std::optional<std::string> name;
  bool nameEmpty = false;
  std::optional<std::string> description;
  std::optional<FeedType> type;
  std::optional<std::int64_t> status;
  std::optional<std::vector<std::string>> tags;
  std::optional<std::string> pushFeedURL;
  std::optional<std::string> refURL;
  std::optional<std::string> replyTemplateRefURL;
  std::optional<std::int64_t> pollingInterval;
  std::optional<std::int64_t> minAge;
  std::optional<std::int64_t> chatJoinTimeout;
  std::optional<std::int64_t> chatInactivityTimeout;
  std::optional<std::int64_t> changeStamp;
  std::optional<bool> mrRouting;
};

FeedFields readFeed(const xml::Element& e, Problems& problems) {
  FieldReader in(e, problems);
  FeedFields f;
  f.id = in.integer("id", 0);
  if (const xml::Element* name = in.element("name")) {
    f.nameEmpty = trimXmlSpace(name->text()).empty();
    f.name = in.text("name", kMaxFeedNameChars);
  }
  f.description = in.text("description");
  if (const std::optional<std::int64_t> type = in.integer("type")) {
    f.type = feedTypeFromInt(*type);
    if (!f.type) {
      problems.push_back(invalidValue("type", "type must be 7 (push), 8 (chat), 10 (callback) or 12 (task)"));
    }
  }
  f.status = in.integer("status", 0, kInt32Max);
  f.tags = in.list("tags", "tag");
  f.pushFeedURL = in.text("pushFeedURL");
  f.refURL = in.text("refURL");
  f.replyTemplateRefURL = in.text("replyTemplateRefURL");
  f.pollingInterval = in.integer("pollingInterval", 0, kInt32Max);
  f.minAge = in.integer("minAge", 0, kInt32Max);
  f.chatJoinTimeout = in.integer("chatJoinTimeout", 1, kMaxChatTimeout);
  f.chatInactivityTimeout = in.integer("chatInactivityTimeout", 1, kMaxChatTimeout);
  f.changeStamp = in.integer("changeStamp", 0, kInt64Max);
  f.mrRouting = in.boolean("mrRouting");
  return f;
}

Feed toFeed(FeedFields&& f) {
  Feed feed;
  feed.id = f.id;
  feed.name = std::move(f.name).value_or("");
  feed.description = std::move(f.description).value_or("");
  feed.type = f.type.value_or(feed.type);
  feed.status = f.status.value_or(feed.status);
  feed.tags = std::move(f.tags).value_or(std::vector<std::string>{});
  feed.pushFeedURL = std::move(f.pushFeedURL).value_or("");
  feed.refURL = std::move(f.refURL).value_or("");
  feed.replyTemplateRefURL = std::move(f.replyTemplateRefURL).value_or("");
  feed.pollingInterval = f.pollingInterval.value_or(feed.pollingInterval);
  feed.minAge = f.minAge.value_or(feed.minAge);
  feed.chatJoinTimeout = f.chatJoinTimeout.value_or(feed.chatJoinTimeout);
  feed.chatInactivityTimeout = f.chatInactivityTimeout.value_or(feed.chatInactivityTimeout);
  feed.changeStamp = f.changeStamp.value_or(feed.changeStamp);
  feed.mrRouting = f.mrRouting.value_or(feed.mrRouting);
  return feed;
}

void writeFeed(xml::Writer& w, const Feed& f, bool summary) {
  w.open("Feed");
  if (summary) {
    w.leaf("name", f.name);
    if (!f.refURL.empty()) w.leaf("refURL", f.refURL);
    writeInteger(w, "status", f.status);
    writeInteger(w, "type", static_cast<int>(f.type));
    w.close();
    return;
  }
  writeInteger(w, "changeStamp", f.changeStamp);
  writeInteger(w, "chatInactivityTimeout", f.chatInactivityTimeout);
  writeInteger(w, "chatJoinTimeout", f.chatJoinTimeout);
  w.leaf("description", f.description);
  if (f.id) writeInteger(w, "id", *f.id);
  writeInteger(w, "minAge", f.minAge);
  writeBoolean(w, "mrRouting", f.mrRouting);
  w.leaf("name", f.name);
  writeInteger(w, "pollingInterval", f.pollingInterval);
  if (!f.pushFeedURL.empty()) w.leaf("pushFeedURL", f.pushFeedURL);
  if (!f.refURL.empty()) w.leaf("refURL", f.refURL);
  w.leaf("replyTemplateRefURL", f.replyTemplateRefURL);
  writeInteger(w, "status", f.status);
  writeList(w, "tags", "tag", f.tags);
  writeInteger(w, "type", static_cast<int>(f.type));
  w.close();
}

}  // namespace

std::optional<FeedType> feedTypeFromInt(std::int64_t value) noexcept {
  switch (value) {
    case 7:
      return FeedType::Push;
    case 8:
      return FeedType::Chat;
    case 10:
      return FeedType::Callback;
    case 12:
      return FeedType::Task;
    default:
      return std::nullopt;
  }
}

Parsed<Feed> parseFeed(std::string_view body) {
  Parsed<xml::Element> doc = parseXmlBody(body, "Feed");
  if (!doc) return doc.problems();
  Problems problems;
  FeedFields f = readFeed(*doc, problems);
  if (!doc->child("name") || f.nameEmpty) problems.push_back(fieldRequired("name"));
  if (!doc->child("type")) problems.push_back(fieldRequired("type"));
  if (!problems.empty()) return problems;
  return toFeed(std::move(f));
}

Parsed<FeedUpdate> parseFeedUpdate(std::string_view body) {
  Parsed<xml::Element> doc = parseXmlBody(body, "Feed");
  if (!doc) return doc.problems();
  Problems problems;
  FeedFields f = readFeed(*doc, problems);
  if (doc->child("name") && f.nameEmpty) problems.push_back(fieldRequired("name"));
  // An empty <changeStamp/> is as missing as an absent one: the check needs a value.
  if (trimXmlSpace(doc->childText("changeStamp")).empty()) problems.push_back(fieldRequired("changeStamp"));
  if (!problems.empty()) return problems;
  FeedUpdate u;
  u.changeStamp = *f.changeStamp;
  u.name = std::move(f.name);
  u.description = std::move(f.description);
  u.type = f.type;
  u.status = f.status;
  u.tags = std::move(f.tags);
  u.replyTemplateRefURL = std::move(f.replyTemplateRefURL);
  u.pollingInterval = f.pollingInterval;
  u.minAge = f.minAge;
  u.chatJoinTimeout = f.chatJoinTimeout;
  u.chatInactivityTimeout = f.chatInactivityTimeout;
  u.mrRouting = f.mrRouting;
  return u;
}

void applyFeedUpdate(Feed& feed, const FeedUpdate& u) {
  if (u.name) feed.name = *u.name;
  if (u.description) feed.description = *u.description;
  if (u.type) feed.type = *u.type;
  if (u.status) feed.status = *u.status;
  if (u.tags) feed.tags = *u.tags;
  if (u.replyTemplateRefURL) feed.replyTemplateRefURL = *u.replyTemplateRefURL;
  if (u.pollingInterval) feed.pollingInterval = *u.pollingInterval;
  if (u.minAge) feed.minAge = *u.minAge;
  if (u.chatJoinTimeout) feed.chatJoinTimeout = *u.chatJoinTimeout;
  if (u.chatInactivityTimeout) feed.chatInactivityTimeout = *u.chatInactivityTimeout;
  if (u.mrRouting) feed.mrRouting = *u.mrRouting;
}

std::string serializeFeed(const Feed& feed) {
  xml::Writer w;
  writeFeed(w, feed, false);
  return w.take();
}

std::string serializeFeeds(std::span<const Feed> feeds, bool summary) {
  xml::Writer w;
  w.open("feeds");
  for (const Feed& f : feeds) writeFeed(w, f, summary);
  w.close();
  return w.take();
}

Parsed<std::vector<Feed>> parseFeeds(std::string_view body) {
  Parsed<xml::Element> doc = parseXmlBody(body, "feeds");
  if (!doc) return doc.problems();
  Problems problems;
  std::vector<Feed> feeds;
  for (const xml::Element& e : doc->children("Feed")) feeds.push_back(toFeed(readFeed(e, problems)));
  if (!problems.empty()) return problems;
  return feeds;
}

}  // namespace smfront::ccp
