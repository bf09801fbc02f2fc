// A restart, in small: one set of services works and records into its journal,
// the journal's batches land in a snapshot, and a second set restores from it.
#include <gtest/gtest.h>

#include "core/chat_service.hpp"
#include "core/records.hpp"
#include "core/request_service.hpp"
#include "core/router.hpp"
#include "manual_time.hpp"

namespace smfront::core {
namespace {

using namespace std::chrono_literals;
using testing::ManualTime;

void apply(Snapshot& snapshot, Batch batch) {
  for (auto& m : batch.mutations) {
    if (auto* put = std::get_if<Put>(&m)) {
      snapshot[put->table][put->key] = std::move(put->value);
    } else {
      const auto& erase = std::get<Erase>(m);
      snapshot[erase.table].erase(erase.key);
    }
  }
}

// The services of one process run.
struct ProcessRun {
  explicit ProcessRun(std::chrono::milliseconds startAt, const Snapshot& stored = {}) {
    time.advance(startAt);
    catalog.restore(stored);
    contacts.restore(stored);
    chats.restore(stored);
    requests.restore(stored);
    router.restore(stored);
  }

  ManualTime time;
  Bus bus;
  Journal journal;
  Catalog catalog{journal};
  ContactBook contacts{bus, time, journal};
  ChatService chats{catalog, contacts, bus, time, time, journal, "example.com"};
  InternalRouter router{contacts, time, journal, RoutingOptions{}};
  RequestService requests{catalog, contacts, router, time, journal, 300s};
};

std::vector<std::string> texts(const std::vector<ChatEvent>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(std::to_string(e.id) + ":" + e.from + ":" + e.value);
  return out;
}

class RecoveryTest : public ::testing::Test {
 protected:
  std::int64_t addFeed(ProcessRun& run, std::string name, FeedType type) {
    Feed feed;
    feed.name = std::move(name);
    feed.type = type;
    feed.chatJoinTimeoutS = 60;
    feed.chatInactivityTimeoutS = 300;
    return run.catalog.createFeed(feed).value().id;
  }

  ChatCreated startChat(ProcessRun& run, std::int64_t feedId) {
    NewChat request;
    request.feedId = feedId;
    request.author = "Pat";
    request.title = "Billing";
    return run.chats.create(request).value();
  }

  Snapshot stored_;
  void commit(ProcessRun& run) { apply(stored_, run.journal.take()); }
};

TEST_F(RecoveryTest, AnOpenChatContinuesWithItsCookieEventsAndTranscript) {
  ProcessRun first(0ms);
  const auto feed = addFeed(first, "Web chat", FeedType::Chat);
  const auto chat = startChat(first, feed);
  ASSERT_TRUE(first.chats.agentJoin(chat.contact.id, {"mary", "Mary", false}));
  ASSERT_TRUE(first.chats.customerMessage(chat.sessionId, "Hello?"));
  ASSERT_TRUE(first.chats.agentMessage(chat.contact.id, "Mary", "Hi Pat"));
  const auto before = texts(first.chats.events(chat.sessionId, 0, true).value());
  commit(first);

  ProcessRun second(10s, stored_);
  EXPECT_EQ(texts(second.chats.events(chat.sessionId, 0, true).value()), before) << "the cookie still works";
  ASSERT_TRUE(second.chats.customerMessage(chat.sessionId, "Still there?"));
  const auto after = second.chats.events(chat.sessionId, 0, true).value();
  EXPECT_EQ(after.back().id, static_cast<std::int64_t>(before.size()) + 1) << "event ids continue, never repeat";
  const auto transcript = second.chats.transcriptOfContact(chat.contact.id).value();
  ASSERT_EQ(transcript.lines.size(), 3u);
  EXPECT_EQ(transcript.lines[1].text, "Hi Pat");
  EXPECT_EQ(transcript.participants.size(), 1u);
  const Contact* contact = second.contacts.find(chat.contact.id);
  ASSERT_NE(contact, nullptr);
  EXPECT_EQ(contact->status, ContactStatus::Reserved);
  EXPECT_EQ(contact->statusUserId, "mary");
  ASSERT_EQ(contact->statusHistory.size(), 2u);
  EXPECT_EQ(contact->statusHistory[0].status, ContactStatus::Unread);
  EXPECT_EQ(contact->statusHistory[1].status, ContactStatus::Reserved);

  const auto next = startChat(second, feed);
  EXPECT_EQ(*second.contacts.find(next.contact.id)->extension("chatRoom"), "socialminer_chat.2@conference.example.com")
      << "room numbers continue";
}

TEST_F(RecoveryTest, TheJoinTimerResumesWithWhatWasLeftOfIt) {
  ProcessRun first(0ms);
  const auto chat = startChat(first, addFeed(first, "Web chat", FeedType::Chat));
  first.time.advance(20s);
  commit(first);

  ProcessRun second(20s, stored_);
  second.time.advance(39s);
  EXPECT_TRUE(second.chats.isLive(chat.contact.id)) << "60 s join timeout, 59 s gone";
  second.time.advance(1s);
  EXPECT_FALSE(second.chats.isLive(chat.contact.id));
  EXPECT_EQ(second.contacts.find(chat.contact.id)->status, ContactStatus::Discarded);
  EXPECT_EQ(second.chats.events(chat.sessionId, 0, true).value().back().value, "chat_timedout_waiting_for_agent");
}

TEST_F(RecoveryTest, AJoinTimerThatRanOutWhileStoppedFiresAtOnce) {
  ProcessRun first(0ms);
  const auto chat = startChat(first, addFeed(first, "Web chat", FeedType::Chat));
  commit(first);

  ProcessRun second(5min, stored_);
  second.time.advance(0ms);
  EXPECT_FALSE(second.chats.isLive(chat.contact.id));
}

TEST_F(RecoveryTest, DeletedFeedIdsAreNeverGivenAgain) {
  ProcessRun first(0ms);
  addFeed(first, "one", FeedType::Chat);
  const auto two = addFeed(first, "two", FeedType::Chat);
  ASSERT_TRUE(first.catalog.deleteFeed(two, std::nullopt));
  commit(first);

  ProcessRun second(1s, stored_);
  EXPECT_EQ(second.catalog.feeds().size(), 1u);
  EXPECT_EQ(addFeed(second, "three", FeedType::Chat), two + 1);
}

TEST_F(RecoveryTest, QueuedCallbacksKeepTheirPlacesAndAssignmentsTheirTaskIds) {
  ProcessRun first(0ms);
  const auto feed = addFeed(first, "Callbacks", FeedType::Callback);
  std::vector<std::string> ids;
  for (const char* name : {"first", "second", "third"}) {
    NewRequest request;
    request.type = SourceType::Callback;
    request.feedId = feed;
    request.name = name;
    request.mediaAddress = "5551234";
    ids.push_back(first.requests.create(request).value().id);
    first.time.advance(1s);
  }
  first.router.agentAvailable("mary");  // takes the first
  const auto taskId = first.router.assignment(ids[0])->taskId;
  commit(first);

  ProcessRun second(3s, stored_);
  EXPECT_EQ(second.router.queued(), 2u);
  EXPECT_EQ(second.router.standing(ids[1])->position, 1u);
  EXPECT_EQ(second.router.standing(ids[2])->position, 2u);
  EXPECT_EQ(second.router.assignment(ids[0])->taskId, taskId);
  EXPECT_EQ(second.requests.poll(ids[2], SourceType::Callback).value().status, ContactStatus::Queued);
  ASSERT_EQ(second.requests.request(ids[0])->mediaAddress, "5551234");

  second.router.agentAvailable("mary");  // still holds the first: nothing new
  EXPECT_EQ(second.contacts.find(ids[1])->status, ContactStatus::Queued);
  ASSERT_TRUE(second.contacts.setStatus(ids[0], ContactStatus::Handled, "done",
                                        Actor{.isServer = false, .userName = "mary", .isAdmin = false,
                                              .currentStatusUserId = {}}));
  EXPECT_EQ(second.contacts.find(ids[1])->status, ContactStatus::Reserved) << "the freed slot takes the next";
  EXPECT_NE(second.router.assignment(ids[1])->taskId, taskId);
}

TEST_F(RecoveryTest, EventRowsAreNumberedInAppendOrderAcrossChats) {
  ProcessRun first(0ms);
  const auto feed = addFeed(first, "Web chat", FeedType::Chat);
  const auto a = startChat(first, feed);
  const auto b = startChat(first, feed);
  commit(first);
  const std::size_t before = tableOf(stored_, records::kChatEvents).size();
  ASSERT_TRUE(first.chats.customerMessage(a.sessionId, "one"));
  ASSERT_TRUE(first.chats.customerMessage(b.sessionId, "two"));
  ASSERT_TRUE(first.chats.customerMessage(a.sessionId, "three"));
  commit(first);
  const auto& rows = tableOf(stored_, records::kChatEvents);
  ASSERT_EQ(rows.size(), before + 3);
  std::vector<std::string> newest;
  for (auto it = std::next(rows.begin(), static_cast<std::ptrdiff_t>(before)); it != rows.end(); ++it) {
    const auto row = records::decodeChatEventRow(it->second);
    newest.push_back(row.event.value + "@" + (row.contactId == a.contact.id ? "a" : "b"));
  }
  EXPECT_EQ(newest, (std::vector<std::string>{"one@a", "two@b", "three@a"})) << "the last rows, in key order";

  ProcessRun second(1s, stored_);
  ASSERT_TRUE(second.chats.customerMessage(b.sessionId, "four"));
  commit(second);
  const auto last = records::decodeChatEventRow(tableOf(stored_, records::kChatEvents).rbegin()->second);
  EXPECT_EQ(last.event.value, "four") << "numbering continues after a restart";
  EXPECT_EQ(tableOf(stored_, records::kChatEvents).size(), before + 4);
}

TEST_F(RecoveryTest, EventRowsKeyedByChatAreCarriedOverToNumberedRows) {
  ProcessRun first(0ms);
  const auto chat = startChat(first, addFeed(first, "Web chat", FeedType::Chat));
  ASSERT_TRUE(first.chats.customerMessage(chat.sessionId, "Hello?"));
  ASSERT_TRUE(first.chats.customerMessage(chat.sessionId, "Anyone?"));
  const auto before = texts(first.chats.events(chat.sessionId, 0, true).value());
  commit(first);
  // Rewrite the rows the way they were keyed before: "<contact>/<event id>", no contact inside.
  Table earlier;
  for (const auto& [key, value] : tableOf(stored_, records::kChatEvents)) {
    const auto row = records::decodeChatEventRow(value);
    earlier[records::childKey(row.contactId, row.event.id)] = records::encode(row.event);
  }
  stored_[std::string(records::kChatEvents)] = earlier;

  ProcessRun second(1s, stored_);
  EXPECT_EQ(texts(second.chats.events(chat.sessionId, 0, true).value()), before);
  EXPECT_EQ(second.chats.transcriptOfContact(chat.contact.id).value().lines.size(), 2u);
  commit(second);
  for (const auto& [key, value] : tableOf(stored_, records::kChatEvents)) {
    EXPECT_EQ(records::ownerOf(key), "") << key << " was rewritten as a numbered row";
    EXPECT_EQ(records::decodeChatEventRow(value).contactId, chat.contact.id);
  }
  EXPECT_EQ(tableOf(stored_, records::kChatEvents).size(), before.size());

  ProcessRun third(2s, stored_);
  EXPECT_EQ(texts(third.chats.events(chat.sessionId, 0, true).value()), before);
  third.chats.erase(chat.contact.id);
  commit(third);
  EXPECT_TRUE(tableOf(stored_, records::kChatEvents).empty()) << "carried-over rows are erased with their chat";
}

TEST_F(RecoveryTest, ErasingAChatRemovesEveryStoredRowOfIt) {
  ProcessRun first(0ms);
  const auto chat = startChat(first, addFeed(first, "Web chat", FeedType::Chat));
  ASSERT_TRUE(first.chats.customerMessage(chat.sessionId, "bye"));
  commit(first);
  ASSERT_FALSE(tableOf(stored_, records::kChatEvents).empty());
  first.chats.erase(chat.contact.id);
  commit(first);
  EXPECT_TRUE(tableOf(stored_, records::kChatEvents).empty());
  EXPECT_TRUE(tableOf(stored_, records::kChats).empty());
}

}  // namespace
}  // namespace smfront::core
