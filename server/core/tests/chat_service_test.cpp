#include "core/chat_service.hpp"

#include <gtest/gtest.h>

#include <deque>

#include "core/router.hpp"
#include "core/virtual_agents.hpp"
#include "manual_time.hpp"

namespace smfront::core {
namespace {

using namespace std::chrono_literals;
using testing::ManualTime;

class ChatServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Feed chat;
    chat.name = "Web chat";
    chat.type = FeedType::Chat;
    chat.tags = {"web"};
    chat.chatJoinTimeoutS = 60;
    chat.chatInactivityTimeoutS = 300;
    chatFeed_ = catalog_.createFeed(chat).value().id;
    Feed callback;
    callback.name = "Callbacks";
    callback.type = FeedType::Callback;
    callbackFeed_ = catalog_.createFeed(callback).value().id;
  }

  ChatCreated start(std::string author = "Pat") {
    NewChat request;
    request.feedId = chatFeed_;
    request.author = std::move(author);
    request.title = "Billing";
    request.tags = {"vip"};
    auto created = chats_.create(request);
    EXPECT_TRUE(created.ok());
    return created.value();
  }

  std::vector<std::string> log(const std::string& session, bool all = true, std::int64_t after = 0) {
    std::vector<std::string> out;
    auto events = chats_.events(session, after, all);
    if (!events) return {"<" + events.refusal().message + ">"};
    for (const auto& e : events.value()) {
      std::string kind = e.kind == ChatEvent::Kind::Message    ? "message"
                         : e.kind == ChatEvent::Kind::Presence ? "presence"
                         : e.kind == ChatEvent::Kind::Typing   ? "typing"
                                                               : "status";
      out.push_back(kind + " " + (e.from.empty() ? "" : e.from + " ") + e.value + (e.detail.empty() ? "" : " (" + e.detail + ")"));
    }
    return out;
  }

  ContactStatus statusOf(const std::string& contactId) { return contacts_.find(contactId)->status; }

  ManualTime time_;
  Bus bus_;
  Journal journal_;
  Catalog catalog_{journal_};
  ContactBook contacts_{bus_, time_, journal_};
  ChatService chats_{catalog_, contacts_, bus_, time_, time_, journal_, "example.com"};
  InternalRouter router_{contacts_, time_, journal_, RoutingOptions{}};
  std::int64_t chatFeed_ = 0;
  std::int64_t callbackFeed_ = 0;
};

TEST_F(ChatServiceTest, CreateOpensARoomAndSaysChatOk) {
  auto first = start();
  auto second = start("Sam");
  const Contact* contact = contacts_.find(first.contact.id);
  ASSERT_NE(contact, nullptr);
  EXPECT_EQ(contact->status, ContactStatus::Unread);
  EXPECT_EQ(contact->statusReason, "unknown");
  EXPECT_EQ(contact->id.size(), 32u);
  EXPECT_EQ(first.sessionId.size(), 32u);
  EXPECT_EQ(*contact->extension("h_chatRoom"), "socialminer_chat.1@conference.example.com");
  EXPECT_EQ(*contact->extension("chatRoom"), "socialminer_chat.1@conference.example.com");
  EXPECT_EQ(*contacts_.find(second.contact.id)->extension("h_chatRoom"), "socialminer_chat.2@conference.example.com");
  EXPECT_EQ(contact->tags, (std::vector<std::string>{"vip", "web"})) << "request tags plus the feed's";
  EXPECT_EQ(log(first.sessionId), (std::vector<std::string>{"status chat_ok"}));
}

TEST_F(ChatServiceTest, CreateRefusesUnknownFeedsAndOtherFeedTypes) {
  NewChat request{.feedId = 4242, .author = "a", .title = "t", .description = {}, .tags = {}, .extensionFields = {},
                  .joinTimeoutDetail = {}};
  auto unknown = chats_.create(request);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.refusal().kind, Refusal::Kind::InvalidValue);
  EXPECT_EQ(unknown.refusal().field, "feedRefURL");
  request.feedId = callbackFeed_;
  auto wrongType = chats_.create(request);
  ASSERT_FALSE(wrongType);
  EXPECT_NE(wrongType.refusal().message.find("not a chat feed"), std::string::npos);
}

TEST_F(ChatServiceTest, AgentJoinClaimsTheContactAndTheConversationFlowsBothWays) {
  auto chat = start();
  ASSERT_TRUE(chats_.agentJoin(chat.contact.id, {"mary", "Mary", false}));
  EXPECT_EQ(statusOf(chat.contact.id), ContactStatus::Reserved);
  EXPECT_EQ(contacts_.find(chat.contact.id)->statusUserId, "mary");
  ASSERT_TRUE(chats_.customerMessage(chat.sessionId, "Hello?"));
  ASSERT_TRUE(chats_.agentTyping(chat.contact.id, "Mary", true));
  ASSERT_TRUE(chats_.agentTyping(chat.contact.id, "Mary", true));  // repeat: suppressed
  ASSERT_TRUE(chats_.agentMessage(chat.contact.id, "Mary", "How can I help?"));
  EXPECT_EQ(log(chat.sessionId, true), (std::vector<std::string>{"status chat_ok", "presence Mary joined",
                                                                  "message Pat Hello?", "typing Mary composing",
                                                                  "message Mary How can I help?", "typing Mary paused"}));
  EXPECT_EQ(log(chat.sessionId, false, 1),
            (std::vector<std::string>{"presence Mary joined", "typing Mary composing", "message Mary How can I help?",
                                      "typing Mary paused"}))
      << "all=false hides the customer's own messages; eventid skips what was seen";
  auto transcript = chats_.transcript(chat.sessionId);
  ASSERT_TRUE(transcript);
  ASSERT_EQ(transcript->lines.size(), 2u);
  EXPECT_EQ(transcript->lines[0].name, "Pat");
  EXPECT_EQ(transcript->lines[1].text, "How can I help?");
  EXPECT_EQ(transcript->participants.size(), 1u);
}

TEST_F(ChatServiceTest, JoinTimeoutEndsAWaitingChatAndDiscardsTheContact) {
  auto chat = start();
  time_.advance(59s);
  EXPECT_EQ(log(chat.sessionId).size(), 1u);
  time_.advance(1s);
  EXPECT_EQ(log(chat.sessionId).back(), "status chat_timedout_waiting_for_agent (No agent joined within 60 seconds)");
  EXPECT_EQ(statusOf(chat.contact.id), ContactStatus::Discarded);
  EXPECT_EQ(contacts_.find(chat.contact.id)->statusReason, "chat_timedout_waiting_for_agent");
  auto late = chats_.customerMessage(chat.sessionId, "anyone?");
  ASSERT_FALSE(late);
  EXPECT_EQ(late.refusal().kind, Refusal::Kind::ChatEnded);
  EXPECT_FALSE(chats_.agentJoin(chat.contact.id, {"mary", "Mary", false}));
}

TEST_F(ChatServiceTest, JoinTimeoutUsesTheWidgetsOwnWords) {
  NewChat request{.feedId = chatFeed_, .author = "a", .title = "t", .description = {}, .tags = {},
                  .extensionFields = {}, .joinTimeoutDetail = "Sorry, everyone is busy"};
  auto chat = chats_.create(request).value();
  time_.advance(60s);
  EXPECT_EQ(log(chat.sessionId).back(), "status chat_timedout_waiting_for_agent (Sorry, everyone is busy)");
}

TEST_F(ChatServiceTest, InactivityTimeoutEndsALiveChatAsHandled) {
  auto chat = start();
  ASSERT_TRUE(chats_.agentJoin(chat.contact.id, {"mary", "Mary", false}));
  time_.advance(200s);
  ASSERT_TRUE(chats_.customerMessage(chat.sessionId, "still there?"));  // restarts the timer
  time_.advance(299s);
  EXPECT_EQ(statusOf(chat.contact.id), ContactStatus::Reserved);
  ASSERT_TRUE(chats_.events(chat.sessionId, 0, false)) << "the widget polls; polls keep the session";
  time_.advance(1s);
  const auto events = log(chat.sessionId);
  EXPECT_EQ(events[events.size() - 2], "status chat_finished_error (inactivity timeout)");
  EXPECT_EQ(events.back(), "presence Mary left");
  EXPECT_EQ(statusOf(chat.contact.id), ContactStatus::Handled);
}

TEST_F(ChatServiceTest, LastAgentLeavingEndsTheChatAsHandled) {
  auto chat = start();
  ASSERT_TRUE(chats_.agentJoin(chat.contact.id, {"mary", "Mary", false}));
  ASSERT_TRUE(chats_.agentLeave(chat.contact.id, "Mary"));
  EXPECT_EQ(log(chat.sessionId).back(), "presence Mary left");
  EXPECT_EQ(statusOf(chat.contact.id), ContactStatus::Handled);
  EXPECT_FALSE(chats_.customerMessage(chat.sessionId, "hello?"));
}

TEST_F(ChatServiceTest, CustomerLeavingBeforeAnyAgentDiscardsAfterOneHandles) {
  auto alone = start();
  ASSERT_TRUE(chats_.customerLeave(alone.sessionId, false));
  EXPECT_EQ(statusOf(alone.contact.id), ContactStatus::Discarded);
  EXPECT_TRUE(chats_.events(alone.sessionId, 0, true)) << "the log stays readable after leaving";

  auto helped = start();
  ASSERT_TRUE(chats_.agentJoin(helped.contact.id, {"mary", "Mary", false}));
  ASSERT_TRUE(chats_.customerLeave(helped.sessionId, true));
  EXPECT_EQ(statusOf(helped.contact.id), ContactStatus::Handled);
  EXPECT_FALSE(chats_.events(helped.sessionId, 0, true)) << "DELETE ends the session";
}

TEST_F(ChatServiceTest, SessionExpiresAfterTheInactivityTimeoutWithoutRequests) {
  auto chat = start();
  ASSERT_TRUE(chats_.agentJoin(chat.contact.id, {"mary", "Mary", false}));
  time_.advance(200s);
  ASSERT_TRUE(chats_.agentMessage(chat.contact.id, "Mary", "hello?"));  // the room stays active
  time_.advance(99s);
  ASSERT_TRUE(chats_.events(chat.sessionId, 0, false)) << "a poll keeps the session until 599 s";
  time_.advance(200s);
  ASSERT_TRUE(chats_.agentMessage(chat.contact.id, "Mary", "are you there?"));
  time_.advance(99s);
  EXPECT_TRUE(chats_.isLive(chat.contact.id));
  time_.advance(1s);
  auto gone = chats_.events(chat.sessionId, 0, false);
  ASSERT_FALSE(gone) << "no request from the customer for 300 s";
  EXPECT_EQ(gone.refusal().kind, Refusal::Kind::NotFound);
  EXPECT_EQ(statusOf(chat.contact.id), ContactStatus::Handled);
}

TEST_F(ChatServiceTest, DiscardingAWaitingChatRejectsIt) {
  auto chat = start();
  ASSERT_TRUE(contacts_.setStatus(chat.contact.id, ContactStatus::Discarded, "spam",
                                  Actor{.isServer = false, .userName = "mary", .isAdmin = false,
                                        .currentStatusUserId = {}}));
  EXPECT_EQ(log(chat.sessionId).back(), "status chat_request_rejected_by_agent");
  EXPECT_EQ(contacts_.find(chat.contact.id)->statusReason, "spam");
}

TEST_F(ChatServiceTest, ARoomReservedByAnotherAgentAdmitsOnlyAdmins) {
  auto chat = start();
  ASSERT_TRUE(chats_.agentJoin(chat.contact.id, {"mary", "Mary", false}));
  auto other = chats_.agentJoin(chat.contact.id, {"bob", "Bob", false});
  ASSERT_FALSE(other);
  EXPECT_EQ(other.refusal().kind, Refusal::Kind::Reserved);
  EXPECT_TRUE(chats_.agentJoin(chat.contact.id, {"boss", "Boss", true}));
}

TEST_F(ChatServiceTest, EveryChangeIsPublishedOnTheBus) {
  std::deque<Task> tasks;
  std::vector<std::string> seen;
  auto sub = bus_.subscribe([&](Task t) { tasks.push_back(std::move(t)); }, [&](const Event& e) {
    if (std::holds_alternative<ContactCreated>(e)) seen.push_back("created");
    if (auto* c = std::get_if<ContactChanged>(&e)) seen.push_back("changed " + std::string(toString(c->contact.status)));
    if (auto* a = std::get_if<ChatActivity>(&e)) seen.push_back("activity " + a->event.value);
    if (std::holds_alternative<ChatEnded>(e)) seen.push_back("ended");
  });
  auto chat = start();
  ASSERT_TRUE(chats_.agentJoin(chat.contact.id, {"mary", "Mary", false}));
  ASSERT_TRUE(chats_.customerTyping(chat.sessionId, true));
  ASSERT_TRUE(chats_.agentLeave(chat.contact.id, "Mary"));
  while (!tasks.empty()) {
    auto t = std::move(tasks.front());
    tasks.pop_front();
    t();
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"activity chat_ok", "created", "changed reserved", "activity joined",
                                            "activity composing", "activity left", "ended", "changed handled"}));
}

class VirtualAgentTest : public ChatServiceTest {
 protected:
  // The bus delivers on this queue; draining it is the core strand running.
  void drain() {
    while (!tasks_.empty()) {
      auto t = std::move(tasks_.front());
      tasks_.pop_front();
      t();
    }
  }
  std::deque<Task> tasks_;
  Executor executor_ = [this](Task t) { tasks_.push_back(std::move(t)); };
};

TEST_F(VirtualAgentTest, ClaimsJoinsAfterTheDelayGreetsAndEchoes) {
  VirtualAgents agents({{"echo-bot", "", 1500ms, "Hi, I am a virtual agent.", "echo"}}, chats_, contacts_, router_, bus_,
                       time_, executor_);
  auto chat = start();
  drain();
  EXPECT_EQ(statusOf(chat.contact.id), ContactStatus::Reserved);
  EXPECT_EQ(contacts_.find(chat.contact.id)->statusUserId, "echo-bot");
  EXPECT_EQ(log(chat.sessionId).size(), 1u) << "not joined before its delay";
  time_.advance(1500ms);
  drain();
  EXPECT_EQ(log(chat.sessionId), (std::vector<std::string>{"status chat_ok", "presence echo-bot joined",
                                                           "message echo-bot Hi, I am a virtual agent."}));
  ASSERT_TRUE(chats_.customerMessage(chat.sessionId, "ping"));
  drain();
  EXPECT_EQ(log(chat.sessionId, false).back(), "typing echo-bot composing");
  time_.advance(1s);
  drain();
  const auto events = log(chat.sessionId, false);
  EXPECT_EQ(events[events.size() - 2], "message echo-bot You said: ping");
  EXPECT_EQ(events.back(), "typing echo-bot paused");
}

TEST_F(VirtualAgentTest, SpreadsChatsOverTheLeastBusyAgent) {
  VirtualAgents agents({{"a1", "", 100ms, "", "echo"}, {"a2", "", 100ms, "", "echo"}}, chats_, contacts_, router_, bus_,
                       time_, executor_);
  auto first = start();
  auto second = start();
  drain();
  EXPECT_NE(contacts_.find(first.contact.id)->statusUserId, contacts_.find(second.contact.id)->statusUserId);
}

}  // namespace
}  // namespace smfront::core

namespace smfront::core {
namespace {

TEST_F(ChatServiceTest, LiveChatsBeyondTheLimitAreRefusedUntilOneEnds) {
  std::vector<std::string> reached;
  ServiceLimits limits;
  limits.liveChats = 2;
  limits.reached = [&](std::string_view limit) { reached.emplace_back(limit); };
  chats_.limitWith(limits);
  const auto first = start();
  start();
  NewChat third;
  third.feedId = chatFeed_;
  third.author = "Eve";
  third.title = "Hi";
  auto refused = chats_.create(third);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.refusal().kind, Refusal::Kind::Busy);
  EXPECT_EQ(refused.refusal().retryAfterS, 30);
  EXPECT_EQ(reached, std::vector<std::string>{"live_chats"});
  EXPECT_EQ(chats_.liveChats(), 2u);
  ASSERT_TRUE(chats_.customerLeave(first.sessionId, true));
  EXPECT_EQ(chats_.liveChats(), 1u);
  EXPECT_TRUE(chats_.create(third)) << "an ended chat frees its place";
}

TEST_F(ChatServiceTest, CustomerMessagesBeyondTheLimitAreRefused) {
  ServiceLimits limits;
  limits.messagesPerChat = 2;
  chats_.limitWith(limits);
  const auto chat = start();
  EXPECT_TRUE(chats_.customerMessage(chat.sessionId, "one"));
  EXPECT_TRUE(chats_.customerMessage(chat.sessionId, "two"));
  auto third = chats_.customerMessage(chat.sessionId, "three");
  ASSERT_FALSE(third);
  EXPECT_EQ(third.refusal().kind, Refusal::Kind::TooMany);
  EXPECT_EQ(third.refusal().retryAfterS, 0) << "waiting would not help";
}

}  // namespace
}  // namespace smfront::core
