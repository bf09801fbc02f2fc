// Routing through CCE (routing = mr): the policy half, with a fake link.
#include <gtest/gtest.h>

#include "core/mr_router.hpp"
#include "core/records.hpp"
#include "core/request_service.hpp"
#include "manual_time.hpp"
#include "mr_test_support.hpp"

namespace smfront::core {
namespace {

using namespace std::chrono_literals;
using testing::FakeLink;
using testing::ManualTime;
using testing::storedSnapshot;

class MrRouting : public ::testing::Test {
 protected:
  void SetUp() override {
    Feed callbacks;
    callbacks.name = "Callbacks";
    callbacks.type = FeedType::Callback;
    feed_ = catalog_.createFeed(callbacks).value().id;
    mr_.setRequeuePolicy([this](const std::string& id) {
      const NewRequest* r = requests_.request(id);
      return r != nullptr && r->requeueOnRecovery;
    });
  }

  std::string callback(std::string name = "Pat", bool requeueOnRecovery = false) {
    NewRequest r;
    r.requeueOnRecovery = requeueOnRecovery;
    r.type = SourceType::Callback;
    r.feedId = feed_;
    r.name = std::move(name);
    r.mediaAddress = "5551234";
    auto made = requests_.create(r);
    EXPECT_TRUE(made.ok());
    return made.value().id;
  }

  const Contact& contact(const std::string& id) { return *contacts_.find(id); }

  ManualTime time_;
  Bus bus_;
  Journal journal_;
  Catalog catalog_{journal_};
  ContactBook contacts_{bus_, time_, journal_};
  MrRouter mr_{contacts_, time_, journal_, time_,
               MrRoutingOptions{.retryDelay = 10s, .newTaskTimeout = 30s, .taskLife = 120s}};
  RequestService requests_{catalog_, contacts_, mr_, time_, journal_, 300s};
  FakeLink link_;
  std::int64_t feed_ = 0;
};

TEST_F(MrRouting, WithoutALinkContactsWaitAndGoInOrderOnConnect) {
  const auto a = callback("A");
  const auto b = callback("B");
  EXPECT_EQ(contact(a).status, ContactStatus::Queued);
  EXPECT_EQ(mr_.pending(), 2u);
  mr_.linkOpened(link_);
  ASSERT_EQ(link_.sent.size(), 2u);
  EXPECT_EQ(link_.sent[0].contactId, a);
  EXPECT_EQ(link_.sent[1].contactId, b);
  EXPECT_EQ(link_.sent[0].reason, TaskReasonCode::New);
  EXPECT_EQ(mr_.pending(), 0u);
  EXPECT_EQ(mr_.inFlight(), 2u);
}

TEST_F(MrRouting, AtMaxPendingANewRequestIsRefusedAnotherContactDiscardedAndTheWaitingOnesStay) {
  MrRouter small{contacts_, time_, journal_, time_, MrRoutingOptions{.maxPending = 2}};
  RequestService requests{catalog_, contacts_, small, time_, journal_, 300s};
  int notices = 0;
  small.setRefusalNotice([&] { ++notices; });
  const auto request = [&](const std::string& name) {
    NewRequest r;
    r.type = SourceType::Callback;
    r.feedId = feed_;
    r.name = name;
    r.mediaAddress = "5551234";
    return r;
  };
  const auto a = requests.create(request("A")).value().id;
  EXPECT_TRUE(small.hasRoom());
  const auto b = requests.create(request("B")).value().id;
  EXPECT_FALSE(small.hasRoom());
  // The request service refuses before a contact exists...
  const auto refused = requests.create(request("C"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.refusal().kind, Refusal::Kind::Busy);
  // ...and the router still guards its queue against contacts that reach it
  // another way (chats routed through CCE): one made elsewhere is discarded.
  const auto c = requests_.create(request("C")).value().id;
  small.enqueue(c);
  EXPECT_EQ(contact(c).status, ContactStatus::Discarded);
  EXPECT_EQ(contact(c).statusReason, kPendingFullReason);
  EXPECT_EQ(small.counters().refused, 1u);
  EXPECT_EQ(notices, 1);
  EXPECT_EQ(small.pending(), 2u);
  small.linkOpened(link_);
  ASSERT_EQ(link_.sent.size(), 2u);
  EXPECT_EQ(link_.sent[0].contactId, a);
  EXPECT_EQ(link_.sent[1].contactId, b);
  EXPECT_TRUE(small.hasRoom()) << "sent contacts no longer wait";
}

TEST_F(MrRouting, ALinkThatIsNotReadSendsNothingMoreUntilItDrains) {
  const auto a = callback("A");
  const auto b = callback("B");
  link_.ready = false;
  mr_.linkOpened(link_);
  EXPECT_TRUE(link_.sent.empty());
  EXPECT_EQ(mr_.pending(), 2u);
  link_.ready = true;
  mr_.linkDrained();
  ASSERT_EQ(link_.sent.size(), 2u);
  EXPECT_EQ(link_.sent[0].contactId, a);
  EXPECT_EQ(link_.sent[1].contactId, b);
}

TEST_F(MrRouting, DoThisWithTaskReservesForTheLabelAndShowsTheTaskId) {
  mr_.linkOpened(link_);
  const auto id = callback();
  mr_.taskAccepted(1, "150000_1_0");
  mr_.taskQueued(1, "150000_1_0", 90);
  auto queued = requests_.poll(id, SourceType::Callback);
  ASSERT_TRUE(queued.ok());
  EXPECT_EQ(queued.value().estimatedWaitS, 90);
  mr_.taskQueued(1, "150000_1_0", 30);
  EXPECT_EQ(requests_.poll(id, SourceType::Callback).value().estimatedWaitS, 90) << "the first estimate stands";
  mr_.taskRouted(1, "mary", "150000_1_0", false);
  EXPECT_EQ(contact(id).status, ContactStatus::Reserved);
  EXPECT_EQ(contact(id).statusUserId, "mary");
  EXPECT_EQ(contact(id).statusReason, "externally_routed");
  auto reserved = requests_.poll(id, SourceType::Callback);
  EXPECT_EQ(reserved.value().agentId, "mary");
  EXPECT_EQ(reserved.value().taskId, "150000_1_0");
  EXPECT_EQ(mr_.queued(), 0u);
}

TEST_F(MrRouting, WaitIsUnknownUntilThePgSaysAndWithoutOne) {
  const auto id = callback();
  EXPECT_EQ(requests_.poll(id, SourceType::Callback).value().estimatedWaitS, -1);
  mr_.linkOpened(link_);
  mr_.taskQueued(1, "150000_1_0", std::nullopt);
  EXPECT_EQ(requests_.poll(id, SourceType::Callback).value().estimatedWaitS, -1);
}

TEST_F(MrRouting, DialogueFailuresDiscardWithTheSpecReason) {
  mr_.linkOpened(link_);
  const auto a = callback();
  const auto b = callback();
  const auto c = callback();
  const auto d = callback();
  mr_.dialogueEnded(1, DialogueFailure::NoScript);
  mr_.dialogueEnded(2, DialogueFailure::InvalidMrd);
  mr_.dialogueEnded(3, DialogueFailure::InvalidScriptSelector);
  mr_.dialogueEnded(4, DialogueFailure::Other);
  EXPECT_EQ(contact(a).status, ContactStatus::Discarded);
  EXPECT_EQ(contact(a).statusReason, "notification_no_script");
  EXPECT_EQ(contact(b).statusReason, "notification_invalid_mrd_id");
  EXPECT_EQ(contact(c).statusReason, "notification_invalid_script_selector");
  EXPECT_EQ(contact(d).statusReason, "notification_invalid_new_task_message");
  EXPECT_EQ(mr_.counters().discarded, 4u);
}

TEST_F(MrRouting, RoutingNotAvailableHoldsUntilTheRetryDelayOrRoutingIsBack) {
  mr_.linkOpened(link_);
  const auto a = callback();
  mr_.dialogueEnded(1, DialogueFailure::RoutingNotAvailable);
  EXPECT_EQ(contact(a).status, ContactStatus::Queued);
  EXPECT_EQ(link_.sent.size(), 1u);
  time_.advance(9s);
  EXPECT_EQ(link_.sent.size(), 1u);
  time_.advance(1s);
  ASSERT_EQ(link_.sent.size(), 2u);
  EXPECT_EQ(link_.sent[1].contactId, a);

  mr_.dialogueEnded(2, DialogueFailure::RoutingNotAvailable);
  mr_.routingStatus(false);
  mr_.routingStatus(true);
  EXPECT_EQ(link_.sent.size(), 3u) << "routing back sends the held one at once";
}

TEST_F(MrRouting, RoutingDownHoldsNewTasks) {
  mr_.linkOpened(link_);
  mr_.routingStatus(false);
  callback();
  EXPECT_TRUE(link_.sent.empty());
  mr_.routingStatus(true);
  EXPECT_EQ(link_.sent.size(), 1u);
}

TEST_F(MrRouting, DuplicateDialogueIsSentOnceMoreThenDiscarded) {
  mr_.linkOpened(link_);
  const auto a = callback();
  mr_.dialogueEnded(1, DialogueFailure::DuplicateDialogue);
  ASSERT_EQ(link_.sent.size(), 2u);
  EXPECT_EQ(contact(a).status, ContactStatus::Queued);
  mr_.dialogueEnded(2, DialogueFailure::DuplicateDialogue);
  EXPECT_EQ(contact(a).status, ContactStatus::Discarded);
}

TEST_F(MrRouting, LinkLossResendsInOrderOnceWithThePreviousTask) {
  mr_.linkOpened(link_);
  const auto a = callback("A");
  const auto b = callback("B");
  const auto c = callback("C");
  mr_.taskAccepted(1, "150000_1_0");
  mr_.taskRouted(2, "mary", "150000_2_0", false);  // B is done before the loss
  mr_.dialogueEnded(3, DialogueFailure::LinkLost);
  mr_.dialogueEnded(1, DialogueFailure::LinkLost);
  mr_.linkClosed();
  EXPECT_EQ(mr_.pending(), 2u);
  const auto d = callback("D");  // while down

  FakeLink second;
  second.nextDialogue = 100;
  mr_.linkOpened(second);
  ASSERT_EQ(second.sent.size(), 3u);
  EXPECT_EQ(second.sent[0].contactId, a);
  EXPECT_EQ(second.sent[0].reason, TaskReasonCode::Recovery);
  EXPECT_EQ(second.sent[0].previousTaskId, "150000_1_0");
  EXPECT_EQ(second.sent[1].contactId, c);
  EXPECT_EQ(second.sent[1].reason, TaskReasonCode::New);
  EXPECT_EQ(second.sent[2].contactId, d);
  EXPECT_EQ(contact(b).status, ContactStatus::Reserved);
  EXPECT_EQ(mr_.counters().resent, 2u) << "A and C were sent on the first link";
}

TEST_F(MrRouting, CustomerCancelSendsCancelTaskAndALateResultIsIgnored) {
  mr_.linkOpened(link_);
  const auto a = callback();
  auto cancelled = requests_.cancel(a, SourceType::Callback);
  ASSERT_TRUE(cancelled.ok());
  ASSERT_EQ(link_.cancelled, std::vector<std::uint32_t>{1});
  EXPECT_EQ(contact(a).status, ContactStatus::Discarded);
  mr_.taskRouted(1, "mary", "150000_1_0", true);
  EXPECT_EQ(contact(a).status, ContactStatus::Discarded);
  EXPECT_EQ(mr_.counters().ignoredResults, 1u);
  EXPECT_EQ(mr_.inFlight(), 0u);
}

TEST_F(MrRouting, CancelWhilePendingSendsNothing) {
  const auto a = callback();
  ASSERT_TRUE(requests_.cancel(a, SourceType::Callback).ok());
  mr_.linkOpened(link_);
  EXPECT_TRUE(link_.sent.empty());
  EXPECT_TRUE(link_.cancelled.empty());
}

TEST_F(MrRouting, RestoreTakesBackPendingContactsInTheirOrder) {
  mr_.linkOpened(link_);
  const auto a = callback("A");
  const auto b = callback("B");
  mr_.taskAccepted(2, "150000_2_0");
  mr_.taskRouted(1, "mary", "150000_1_0", false);
  const auto c = callback("C");
  // What the store would hold now.
  const Snapshot snapshot = storedSnapshot(journal_);

  Bus bus;
  Journal journal;
  ContactBook contacts{bus, time_, journal};
  contacts.restore(snapshot);
  MrRouter restored{contacts, time_, journal, time_, MrRoutingOptions{}};
  restored.restore(snapshot);
  EXPECT_EQ(restored.pending(), 2u);
  EXPECT_EQ(restored.assignment(a)->agent, "mary");
  FakeLink next;
  restored.linkOpened(next);
  ASSERT_EQ(next.sent.size(), 2u);
  EXPECT_EQ(next.sent[0].contactId, b);
  EXPECT_EQ(next.sent[0].previousTaskId, "150000_2_0");
  EXPECT_EQ(next.sent[1].contactId, c);
}

TEST_F(MrRouting, AContactFinishedElsewhereLeavesTheQueue) {
  const auto a = callback();
  ASSERT_TRUE(contacts_.setStatus(a, ContactStatus::Handled, "done", Actor::server()).ok());
  mr_.linkOpened(link_);
  EXPECT_TRUE(link_.sent.empty());
}

TEST_F(MrRouting, NewTaskTimeoutCancelsTheDialogueAndDiscards) {
  mr_.linkOpened(link_);
  const auto a = callback("A");
  time_.advance(10s);
  const auto b = callback("B");
  mr_.taskRouted(2, "mary", "150000_2_0", false);  // B is answered in time
  time_.advance(19s);
  EXPECT_TRUE(link_.cancelled.empty());
  time_.advance(1s);
  EXPECT_EQ(link_.cancelled, std::vector<std::uint32_t>{1});
  EXPECT_EQ(contact(a).status, ContactStatus::Discarded);
  EXPECT_EQ(contact(a).statusReason, "notification_invalid_new_task_message");
  EXPECT_EQ(contact(b).status, ContactStatus::Reserved);
  EXPECT_EQ(mr_.counters().timedOut, 1u);
  mr_.dialogueEnded(1, DialogueFailure::Cancelled);  // CANCEL_TASK_CONF
  EXPECT_EQ(mr_.inFlight(), 0u);
  time_.advance(60s);
  EXPECT_EQ(link_.cancelled.size(), 1u) << "nothing else times out";
}

TEST_F(MrRouting, NewTaskTimeoutStartsAgainWithEachSend) {
  mr_.linkOpened(link_);
  const auto a = callback();
  time_.advance(20s);
  mr_.dialogueEnded(1, DialogueFailure::LinkLost);
  mr_.linkClosed();
  FakeLink second;
  second.nextDialogue = 1;  // a new session may reuse the number
  mr_.linkOpened(second);
  time_.advance(20s);
  EXPECT_TRUE(second.cancelled.empty()) << "the first send's deadline does not apply";
  EXPECT_EQ(contact(a).status, ContactStatus::Queued);
  time_.advance(10s);
  EXPECT_EQ(second.cancelled, std::vector<std::uint32_t>{1});
}

TEST_F(MrRouting, ALinkLostLongerThanTaskLifeRequeuesReservedTasksThatAskIt) {
  mr_.linkOpened(link_);
  const auto keep = callback("keep");
  const auto requeue = callback("requeue", true);
  mr_.taskRouted(1, "mary", "150000_1_0", false);
  mr_.taskRouted(2, "john", "150000_2_0", false);
  mr_.linkClosed();

  time_.advance(60s);  // shorter than taskLife: CCE still has them
  FakeLink second;
  mr_.linkOpened(second);
  EXPECT_TRUE(second.sent.empty());
  mr_.linkClosed();

  time_.advance(121s);
  FakeLink third;
  mr_.linkOpened(third);
  ASSERT_EQ(third.sent.size(), 1u);
  EXPECT_EQ(third.sent[0].contactId, requeue);
  EXPECT_EQ(third.sent[0].reason, TaskReasonCode::Recovery);
  EXPECT_EQ(third.sent[0].previousTaskId, "150000_2_0");
  EXPECT_EQ(contact(requeue).status, ContactStatus::Queued);
  EXPECT_EQ(contact(keep).status, ContactStatus::Reserved);
  EXPECT_EQ(contact(keep).statusUserId, "mary");
  EXPECT_EQ(mr_.counters().recovered, 1u);
  mr_.taskRouted(1, "ann", "150000_3_0", false);
  EXPECT_EQ(contact(requeue).statusUserId, "ann");
}

}  // namespace
}  // namespace smfront::core
