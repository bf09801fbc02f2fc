// Chats of feeds with mrRouting, routed through CCE (routing = mr): the chat
// service and the MR router together, with a fake link.
#include <gtest/gtest.h>

#include "core/chat_service.hpp"
#include "core/mr_router.hpp"
#include "core/records.hpp"
#include "manual_time.hpp"
#include "mr_test_support.hpp"

namespace smfront::core {
namespace {

using namespace std::chrono_literals;
using testing::FakeLink;
using testing::ManualTime;
using testing::storedSnapshot;

class MrChatRouting : public ::testing::Test {
 protected:
  void SetUp() override {
    Feed routed;
    routed.name = "Routed chat";
    routed.type = FeedType::Chat;
    routed.mrRouting = true;
    routedFeed_ = catalog_.createFeed(routed).value().id;
    Feed plain;
    plain.name = "Plain chat";
    plain.type = FeedType::Chat;
    plainFeed_ = catalog_.createFeed(plain).value().id;
    chats_.routeChatsThrough([this](const std::string& id) { mr_.enqueue(id); });
    mr_.setLinkLossNotice([this](const std::string& id) { chats_.routingIssue(id, "link lost"); });
  }

  ChatCreated start(std::int64_t feed) {
    NewChat request;
    request.feedId = feed;
    request.author = "Pat";
    request.title = "Billing";
    auto created = chats_.create(request);
    EXPECT_TRUE(created.ok());
    return created.value();
  }

  /// The StatusEvent values the customer reads.
  std::vector<std::string> statuses(const std::string& session) {
    std::vector<std::string> out;
    const auto events = chats_.events(session, 0, true);
    if (!events.ok()) return {"<" + events.refusal().message + ">"};
    for (const auto& e : events.value()) {
      if (e.kind == ChatEvent::Kind::Status) out.push_back(e.value);
    }
    return out;
  }

  const Contact& contact(const std::string& id) { return *contacts_.find(id); }

  ManualTime time_;
  Bus bus_;
  Journal journal_;
  Catalog catalog_{journal_};
  ContactBook contacts_{bus_, time_, journal_};
  ChatService chats_{catalog_, contacts_, bus_, time_, time_, journal_, "localhost"};
  MrRouter mr_{contacts_, time_, journal_, time_, MrRoutingOptions{}};
  FakeLink link_;
  std::int64_t routedFeed_ = 0;
  std::int64_t plainFeed_ = 0;
};

TEST_F(MrChatRouting, AChatOfAnMrFeedGoesAsNewTaskAndIsReservedForTheLabel) {
  mr_.linkOpened(link_);
  const auto chat = start(routedFeed_);
  const auto& id = chat.contact.id;
  EXPECT_EQ(chat.contact.status, ContactStatus::Queued);
  ASSERT_EQ(link_.sent.size(), 1u);
  EXPECT_EQ(link_.sent[0].contactId, id);

  mr_.taskRouted(1, "mary", "150000_1_0", false);
  EXPECT_EQ(contact(id).status, ContactStatus::Reserved);
  EXPECT_EQ(contact(id).statusUserId, "mary");
  EXPECT_EQ(contact(id).statusReason, "externally_routed");
  EXPECT_FALSE(mr_.assignment(id)) << "a chat's agent is its holder, not a request assignment";

  // Only the named agent (or an admin) may join.
  EXPECT_FALSE(chats_.agentJoin(id, {"john", "john", false}).ok());
  ASSERT_TRUE(chats_.agentJoin(id, {"mary", "mary", false}).ok());
  EXPECT_EQ(chats_.occupancy(id)->agents.count("mary"), 1u);
  EXPECT_EQ(statuses(chat.sessionId), std::vector<std::string>{"chat_ok"});
}

TEST_F(MrChatRouting, AChatOfAPlainFeedWaitsForAnAgentToClaimIt) {
  mr_.linkOpened(link_);
  const auto chat = start(plainFeed_);
  EXPECT_EQ(chat.contact.status, ContactStatus::Unread);
  EXPECT_TRUE(link_.sent.empty());
}

TEST_F(MrChatRouting, ADialogueFailureDiscardsWithTheSpecReasonAndEndsTheChat) {
  mr_.linkOpened(link_);
  const auto chat = start(routedFeed_);
  mr_.dialogueEnded(1, DialogueFailure::InvalidScriptSelector);
  EXPECT_EQ(contact(chat.contact.id).status, ContactStatus::Discarded);
  EXPECT_EQ(contact(chat.contact.id).statusReason, "notification_invalid_script_selector");
  EXPECT_FALSE(chats_.isLive(chat.contact.id));
  EXPECT_EQ(statuses(chat.sessionId), (std::vector<std::string>{"chat_ok", "chat_request_rejected_by_agent"}));
  EXPECT_FALSE(chats_.customerMessage(chat.sessionId, "hello?").ok());
}

TEST_F(MrChatRouting, RoutingNotAvailableKeepsTheChatWaiting) {
  mr_.linkOpened(link_);
  const auto chat = start(routedFeed_);
  mr_.dialogueEnded(1, DialogueFailure::RoutingNotAvailable);
  EXPECT_TRUE(chats_.isLive(chat.contact.id));
  EXPECT_EQ(contact(chat.contact.id).status, ContactStatus::Queued);
}

TEST_F(MrChatRouting, ALinkLossTellsTheCustomerAndTheChatIsSentAgain) {
  mr_.linkOpened(link_);
  const auto chat = start(routedFeed_);
  mr_.dialogueEnded(1, DialogueFailure::LinkLost);
  mr_.linkClosed();
  EXPECT_EQ(statuses(chat.sessionId), (std::vector<std::string>{"chat_ok", "chat_issue"}));
  EXPECT_TRUE(chats_.isLive(chat.contact.id));
  FakeLink next;
  mr_.linkOpened(next);
  ASSERT_EQ(next.sent.size(), 1u);
  EXPECT_EQ(next.sent[0].contactId, chat.contact.id);
}

TEST_F(MrChatRouting, TheCustomerLeavingBeforeAnAgentSendsCancelTask) {
  mr_.linkOpened(link_);
  const auto chat = start(routedFeed_);
  ASSERT_TRUE(chats_.customerLeave(chat.sessionId, false).ok());
  EXPECT_EQ(link_.cancelled, std::vector<std::uint32_t>{1});
  EXPECT_EQ(contact(chat.contact.id).status, ContactStatus::Discarded);
  mr_.taskRouted(1, "mary", "150000_1_0", true);  // crossed the cancel
  EXPECT_EQ(contact(chat.contact.id).status, ContactStatus::Discarded);
  EXPECT_EQ(mr_.counters().ignoredResults, 1u);
}

TEST_F(MrChatRouting, TheJoinTimeoutWhileWaitingSendsCancelTask) {
  mr_.linkOpened(link_);
  const auto chat = start(routedFeed_);
  time_.advance(60s);
  EXPECT_EQ(link_.cancelled, std::vector<std::uint32_t>{1});
  EXPECT_EQ(contact(chat.contact.id).statusReason, "chat_timedout_waiting_for_agent");
}

TEST_F(MrChatRouting, ALeaveWithoutALinkSendsNothingLater) {
  const auto chat = start(routedFeed_);
  EXPECT_EQ(mr_.pending(), 1u);
  ASSERT_TRUE(chats_.customerLeave(chat.sessionId, true).ok());
  mr_.linkOpened(link_);
  EXPECT_TRUE(link_.sent.empty());
  EXPECT_TRUE(link_.cancelled.empty());
}

TEST_F(MrChatRouting, AWaitingChatIsSentAgainAfterARestart) {
  const auto waiting = start(routedFeed_);
  const auto plain = start(plainFeed_);
  const Snapshot snapshot = storedSnapshot(journal_);
  Bus bus;
  Journal journal;
  Catalog catalog{journal};
  ContactBook contacts{bus, time_, journal};
  ChatService chats{catalog, contacts, bus, time_, time_, journal, "localhost"};
  MrRouter restored{contacts, time_, journal, time_, MrRoutingOptions{}};
  catalog.restore(snapshot);
  contacts.restore(snapshot);
  chats.restore(snapshot);
  restored.restore(snapshot);
  FakeLink next;
  restored.linkOpened(next);
  ASSERT_EQ(next.sent.size(), 1u);
  EXPECT_EQ(next.sent[0].contactId, waiting.contact.id);
  (void)plain;
}

}  // namespace
}  // namespace smfront::core
