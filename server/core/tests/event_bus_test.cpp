#include "core/event_bus.hpp"

#include <gtest/gtest.h>

#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace smfront::core {
namespace {

struct Created {
  int id;
};
struct Changed {
  int id;
  std::string status;
};
struct Unrelated {};
using TestEvent = std::variant<Created, Changed, Unrelated>;
using TestBus = EventBus<TestEvent>;

// An executor whose tasks run only when the test says so, like a strand whose
// thread is busy: this is how a slow subscriber looks to the bus.
class ManualExecutor {
 public:
  Executor executor() {
    return [this](Task t) { tasks_.push_back(std::move(t)); };
  }
  std::size_t runAll() {
    std::size_t n = 0;
    while (!tasks_.empty()) {
      auto t = std::move(tasks_.front());
      tasks_.pop_front();
      t();
      ++n;
    }
    return n;
  }
  std::size_t pending() const { return tasks_.size(); }

 private:
  std::deque<Task> tasks_;
};

std::string describe(const TestEvent& e) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, Created>) return "created " + std::to_string(v.id);
        if constexpr (std::is_same_v<T, Changed>) return "changed " + std::to_string(v.id) + " " + v.status;
        return "unrelated";
      },
      e);
}

TEST(EventBus, DeliversOnTheSubscribersExecutorInPublishOrderAcrossTypes) {
  TestBus bus;
  ManualExecutor ex;
  std::vector<std::string> seen;
  auto sub = bus.subscribe(ex.executor(), [&](const TestEvent& e) { seen.push_back(describe(e)); });

  bus.publish(Created{1});
  bus.publish(Changed{1, "queued"});
  bus.publish(Created{2});
  bus.publish(Changed{1, "reserved"});
  EXPECT_TRUE(seen.empty()) << "publish never runs a handler inline";
  EXPECT_EQ(ex.pending(), 1u) << "one drain task for a burst, not one per event";

  ex.runAll();
  EXPECT_EQ(seen, (std::vector<std::string>{"created 1", "changed 1 queued", "created 2", "changed 1 reserved"}));
}

TEST(EventBus, SubscriberReceivesOnlyTheTypesItAskedFor) {
  TestBus bus;
  ManualExecutor ex;
  std::vector<std::string> seen;
  auto sub = bus.subscribe(ex.executor(), [&](const TestEvent& e) { seen.push_back(describe(e)); },
                           {.types = TestBus::typesOf<Changed, Unrelated>()});
  bus.publish(Created{1});
  bus.publish(Changed{1, "handled"});
  bus.publish(Unrelated{});
  ex.runAll();
  EXPECT_EQ(seen, (std::vector<std::string>{"changed 1 handled", "unrelated"}));
}

TEST(EventBus, EachSubscriberHasItsOwnExecutorAndQueue) {
  TestBus bus;
  ManualExecutor fast, slow;
  int fastCount = 0, slowCount = 0;
  auto a = bus.subscribe(fast.executor(), [&](const TestEvent&) { ++fastCount; });
  auto b = bus.subscribe(slow.executor(), [&](const TestEvent&) { ++slowCount; });
  for (int i = 0; i < 10; ++i) bus.publish(Created{i});
  fast.runAll();
  EXPECT_EQ(fastCount, 10) << "a slow subscriber does not hold back a fast one";
  EXPECT_EQ(slowCount, 0);
  slow.runAll();
  EXPECT_EQ(slowCount, 10);
}

TEST(EventBus, DisconnectPolicyCutsASubscriberThatFallsBehindAndTellsItOnce) {
  TestBus bus;
  ManualExecutor slow, healthy;
  std::vector<int> slowSeen;
  int overflowCalls = 0;
  int healthySeen = 0;
  auto sub = bus.subscribe(
      slow.executor(), [&](const TestEvent& e) { slowSeen.push_back(std::get<Created>(e).id); },
      {.capacity = 3, .overflow = OverflowPolicy::Disconnect, .onOverflow = [&] { ++overflowCalls; }});
  auto other = bus.subscribe(healthy.executor(), [&](const TestEvent&) { ++healthySeen; });

  for (int i = 0; i < 5; ++i) {
    bus.publish(Created{i});
    healthy.runAll();
  }
  EXPECT_TRUE(sub.overflowed());
  slow.runAll();
  EXPECT_TRUE(slowSeen.empty()) << "a cut subscriber gets a clear break, not a stream with holes";
  EXPECT_EQ(overflowCalls, 1);
  EXPECT_EQ(healthySeen, 5) << "other subscribers are unharmed";

  bus.publish(Created{9});
  slow.runAll();
  EXPECT_TRUE(slowSeen.empty()) << "nothing is delivered after the cut";
  EXPECT_EQ(overflowCalls, 1);
}

TEST(EventBus, DropNewestPolicyKeepsTheQueuedEventsAndCountsTheRest) {
  TestBus bus;
  ManualExecutor ex;
  std::vector<int> seen;
  auto sub = bus.subscribe(ex.executor(), [&](const TestEvent& e) { seen.push_back(std::get<Created>(e).id); },
                           {.capacity = 2, .overflow = OverflowPolicy::DropNewest});
  for (int i = 0; i < 5; ++i) bus.publish(Created{i});
  ex.runAll();
  EXPECT_EQ(seen, (std::vector<int>{0, 1}));
  EXPECT_EQ(sub.dropped(), 3u);
  EXPECT_FALSE(sub.overflowed());
  bus.publish(Created{7});
  ex.runAll();
  EXPECT_EQ(seen.back(), 7) << "delivery resumes once the queue has room";
}

TEST(EventBus, ResetSubscriptionStopsDeliveryEvenOfQueuedEvents) {
  TestBus bus;
  ManualExecutor ex;
  int seen = 0;
  auto sub = bus.subscribe(ex.executor(), [&](const TestEvent&) { ++seen; });
  bus.publish(Created{1});
  sub.reset();
  ex.runAll();
  EXPECT_EQ(seen, 0);
  EXPECT_EQ(bus.subscriberCount(), 0u);
}

TEST(EventBus, HandlerMayPublishWithoutDeadlockAndSeesItsEventLater) {
  TestBus bus;
  ManualExecutor ex;
  std::vector<std::string> seen;
  auto sub = bus.subscribe(ex.executor(), [&](const TestEvent& e) {
    seen.push_back(describe(e));
    if (std::holds_alternative<Created>(e)) bus.publish(Changed{std::get<Created>(e).id, "queued"});
  });
  bus.publish(Created{4});
  ex.runAll();
  EXPECT_EQ(seen, (std::vector<std::string>{"created 4", "changed 4 queued"}));
}

TEST(EventBus, OrderHoldsWhenTheSubscriberDrainsOnAnotherThread) {
  constexpr int kEvents = 20000;
  TestBus bus;
  std::mutex m;
  std::condition_variable cv;
  std::deque<Task> tasks;
  bool stop = false;
  std::thread worker([&] {
    std::unique_lock lock(m);
    for (;;) {
      cv.wait(lock, [&] { return stop || !tasks.empty(); });
      if (stop) return;
      auto t = std::move(tasks.front());
      tasks.pop_front();
      lock.unlock();
      t();
      lock.lock();
    }
  });
  std::vector<int> seen;
  std::promise<void> all;
  auto sub = bus.subscribe(
      [&](Task t) {
        std::lock_guard lock(m);
        tasks.push_back(std::move(t));
        cv.notify_one();
      },
      [&](const TestEvent& e) {
        seen.push_back(std::get<Created>(e).id);
        if (seen.size() == kEvents) all.set_value();
      },
      {.capacity = kEvents});
  for (int i = 0; i < kEvents; ++i) bus.publish(Created{i});
  const bool finished = all.get_future().wait_for(std::chrono::seconds(10)) == std::future_status::ready;
  {
    std::lock_guard lock(m);
    stop = true;
    cv.notify_one();
  }
  worker.join();
  ASSERT_TRUE(finished) << "only " << seen.size() << " events arrived";
  for (int i = 0; i < kEvents; ++i) ASSERT_EQ(seen[i], i);
}

}  // namespace
}  // namespace smfront::core
