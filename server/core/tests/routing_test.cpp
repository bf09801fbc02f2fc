// The internal router and the callback/task requests it serves.
#include <gtest/gtest.h>

#include "core/request_service.hpp"
#include "core/router.hpp"
#include "manual_time.hpp"

namespace smfront::core {
namespace {

using namespace std::chrono_literals;
using testing::ManualTime;

class Routing : public ::testing::Test {
 protected:
  void SetUp() override {
    Feed callbacks;
    callbacks.name = "Callbacks";
    callbacks.type = FeedType::Callback;
    callbackFeed_ = catalog_.createFeed(callbacks).value().id;
    Feed tasks;
    tasks.name = "Tasks";
    tasks.type = FeedType::Task;
    taskFeed_ = catalog_.createFeed(tasks).value().id;
    Feed chat;
    chat.name = "Chat";
    chatFeed_ = catalog_.createFeed(chat).value().id;
  }

  std::string callback(std::string name = "Pat") {
    NewRequest r;
    r.type = SourceType::Callback;
    r.feedId = callbackFeed_;
    r.name = std::move(name);
    r.title = "Call me";
    r.mediaAddress = "5551234";
    auto made = requests_.create(r);
    EXPECT_TRUE(made.ok());
    return made.value().id;
  }

  const Contact& contact(const std::string& id) { return *contacts_.find(id); }

  Actor agent(std::string name) {
    return Actor{.isServer = false, .userName = std::move(name), .isAdmin = false, .currentStatusUserId = {}};
  }

  ManualTime time_;
  Bus bus_;
  Journal journal_;
  Catalog catalog_{journal_};
  ContactBook contacts_{bus_, time_, journal_};
  InternalRouter router_{contacts_, time_, journal_, RoutingOptions{.agentTaskLimit = 1, .defaultHandleTime = 120s}};
  RequestService requests_{catalog_, contacts_, router_, time_, journal_, 300s};
  std::int64_t callbackFeed_ = 0, taskFeed_ = 0, chatFeed_ = 0;
};

TEST_F(Routing, WithoutAgentsACallbackWaitsQueuedWithAnUnknownWait) {
  const auto id = callback();
  EXPECT_EQ(contact(id).status, ContactStatus::Queued);
  EXPECT_EQ(contact(id).statusReason, "externally_routed");
  auto status = requests_.poll(id, SourceType::Callback);
  ASSERT_TRUE(status);
  EXPECT_EQ(status->position, 1u);
  EXPECT_EQ(status->estimatedWaitS, -1);
  EXPECT_FALSE(status->taskId);
}

TEST_F(Routing, TheLongestAvailableAgentGetsTheOldestContact) {
  router_.agentAvailable("mary");
  time_.advance(1s);
  router_.agentAvailable("bob");
  const auto first = callback("first");
  const auto second = callback("second");
  EXPECT_EQ(contact(first).statusUserId, "mary") << "available longest";
  EXPECT_EQ(contact(second).statusUserId, "bob");
  EXPECT_EQ(contact(first).status, ContactStatus::Reserved);
  const auto third = callback("third");
  EXPECT_EQ(contact(third).status, ContactStatus::Queued) << "one contact per agent at a time";

  ASSERT_TRUE(contacts_.setStatus(second, ContactStatus::Handled, "externally_handled", agent("bob")));
  EXPECT_EQ(contact(third).statusUserId, "bob") << "a freed slot takes the next contact at once";
  auto status = requests_.poll(third, SourceType::Callback);
  ASSERT_TRUE(status);
  EXPECT_EQ(status->agentId, "bob");
  ASSERT_TRUE(status->taskId);
  EXPECT_EQ(std::count(status->taskId->begin(), status->taskId->end(), '_'), 2);
}

TEST_F(Routing, PositionAndWaitMoveAsTheQueueDrains) {
  router_.agentAvailable("mary");
  const auto busy = callback("busy");
  const auto a = callback("a");
  const auto b = callback("b");
  EXPECT_EQ(requests_.poll(a, SourceType::Callback)->position, 1u);
  EXPECT_EQ(requests_.poll(b, SourceType::Callback)->position, 2u);
  EXPECT_EQ(requests_.poll(b, SourceType::Callback)->estimatedWaitS, 240) << "two rounds of the default 120 s";
  time_.advance(30s);
  ASSERT_TRUE(contacts_.setStatus(busy, ContactStatus::Handled, "externally_handled", agent("mary")));
  auto later = requests_.poll(b, SourceType::Callback);
  EXPECT_EQ(later->position, 1u);
  EXPECT_EQ(later->estimatedWaitS, 30) << "estimates follow measured handle times";
}

TEST_F(Routing, CancelOnlyBeforeAssignment) {
  const auto waiting = callback();
  auto cancelled = requests_.cancel(waiting, SourceType::Callback);
  ASSERT_TRUE(cancelled);
  EXPECT_EQ(contact(waiting).status, ContactStatus::Discarded);
  EXPECT_EQ(contact(waiting).statusReason, "notification_cce_callback_cancel_succeeded");
  EXPECT_FALSE(requests_.poll(waiting, SourceType::Callback)) << "a cancelled resource is gone";

  router_.agentAvailable("mary");
  const auto taken = callback();
  auto refused = requests_.cancel(taken, SourceType::Callback);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.refusal().kind, Refusal::Kind::Transition);
  EXPECT_EQ(contact(taken).status, ContactStatus::Reserved) << "status unchanged";
}

TEST_F(Routing, TheResourceExpiresWithoutPolls) {
  const auto id = callback();
  time_.advance(299s);
  EXPECT_TRUE(requests_.poll(id, SourceType::Callback));
  time_.advance(299s);
  EXPECT_TRUE(requests_.poll(id, SourceType::Callback));
  time_.advance(300s);
  EXPECT_FALSE(requests_.poll(id, SourceType::Callback));
  EXPECT_NE(contacts_.find(id), nullptr) << "the contact stays for the admin API";
}

TEST_F(Routing, ExpiredResourcesOfFinishedContactsAreRetiredButOpenOnesKeepTheirData) {
  router_.agentAvailable("mary");
  const auto handled = callback("done");
  ASSERT_TRUE(contacts_.setStatus(handled, ContactStatus::Handled, "externally_handled", agent("mary")));
  const auto held = callback("held");  // mary holds it
  time_.advance(301s);
  callback("later");  // a create sweeps
  EXPECT_EQ(requests_.request(handled), nullptr) << "retired";
  ASSERT_NE(requests_.request(held), nullptr) << "still reserved: its request data stays";
  EXPECT_FALSE(requests_.poll(held, SourceType::Callback)) << "but its public resource has expired";
  ASSERT_TRUE(contacts_.setStatus(held, ContactStatus::Handled, "externally_handled", agent("mary")));
  EXPECT_EQ(contact(held).status, ContactStatus::Handled);
}

TEST_F(Routing, FeedTypeMustMatch) {
  NewRequest r;
  r.type = SourceType::Callback;
  r.feedId = taskFeed_;
  r.name = "x";
  r.title = "y";
  auto wrong = requests_.create(r);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.refusal().kind, Refusal::Kind::InvalidValue);
  r.feedId = chatFeed_;
  EXPECT_FALSE(requests_.create(r));
  r.feedId = 999;
  EXPECT_FALSE(requests_.create(r));
  r.type = SourceType::Task;
  r.feedId = taskFeed_;
  auto task = requests_.create(r);
  ASSERT_TRUE(task);
  EXPECT_FALSE(requests_.poll(task->id, SourceType::Callback)) << "a task is not a callback resource";
  EXPECT_TRUE(requests_.poll(task->id, SourceType::Task));
}

TEST_F(Routing, RenotifySendsAReservedTaskBackToTheRouter) {
  NewRequest r;
  r.type = SourceType::Task;
  r.feedId = taskFeed_;
  r.name = "x";
  r.title = "y";
  const auto id = requests_.create(r).value().id;
  auto early = requests_.renotify(id, std::nullopt);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.refusal().kind, Refusal::Kind::Precondition);
  router_.agentAvailable("mary");
  ASSERT_EQ(contact(id).status, ContactStatus::Reserved);
  const auto firstTask = *requests_.poll(id, SourceType::Task)->taskId;
  router_.agentUnavailable("mary");
  ASSERT_TRUE(requests_.renotify(id, "NewScript"));
  EXPECT_EQ(contact(id).status, ContactStatus::Queued);
  EXPECT_EQ(contact(id).statusReason, "task_renotify_requested");
  EXPECT_EQ(requests_.request(id)->scriptSelector, "NewScript");
  router_.agentAvailable("bob");
  EXPECT_EQ(contact(id).statusUserId, "bob");
  EXPECT_NE(*requests_.poll(id, SourceType::Task)->taskId, firstTask) << "a new assignment, a new task id";
}

}  // namespace
}  // namespace smfront::core
