#include "notify/im_delivery.hpp"

#include <gtest/gtest.h>

namespace smfront::notify {
namespace {

using namespace std::chrono_literals;
using Time = ImDelivery::Time;

class ImDeliveryTest : public ::testing::Test {
 protected:
  ImDelivery delivery_{{.batch = 3, .pingIdle = 60s, .pingTimeout = 20s}};
  Time now_ = Time(1000s);
};

TEST_F(ImDeliveryTest, OnlineItAsksForABatchAndWaitsForItsBarrierBeforeTheNext) {
  delivery_.online(now_);
  ASSERT_TRUE(delivery_.startBatch());
  EXPECT_EQ(delivery_.sentThrough(), 0);
  delivery_.batchSent(7, 3, "barrier-1", now_);
  delivery_.outboxChanged();
  EXPECT_FALSE(delivery_.startBatch()) << "one batch unconfirmed at a time";
  EXPECT_EQ(delivery_.pong("someone-else"), std::nullopt);
  const auto confirmed = delivery_.pong("barrier-1");
  ASSERT_TRUE(confirmed);
  EXPECT_EQ(confirmed->through, 7);
  EXPECT_EQ(confirmed->count, 3u);
  ASSERT_TRUE(delivery_.startBatch()) << "what came meanwhile goes next";
  EXPECT_EQ(delivery_.sentThrough(), 7) << "read after what was sent";
}

TEST_F(ImDeliveryTest, AShortBatchEmptiedTheOutboxAFullOneMayHaveLeftMore) {
  delivery_.online(now_);
  ASSERT_TRUE(delivery_.startBatch());
  delivery_.batchSent(2, 2, "b1", now_);
  ASSERT_TRUE(delivery_.pong("b1"));
  ASSERT_TRUE(delivery_.startBatch()) << "a confirmation always looks again";
  // The read found nothing: no batchSent, and nothing is wanted until the outbox changes.
  EXPECT_FALSE(delivery_.startBatch());
  delivery_.outboxChanged();
  ASSERT_TRUE(delivery_.startBatch());
  delivery_.batchSent(5, 3, "b2", now_);
  delivery_.outboxChanged();  // queued while the batch was being read
  ASSERT_TRUE(delivery_.pong("b2"));
  EXPECT_TRUE(delivery_.startBatch());
}

TEST_F(ImDeliveryTest, AnEntryQueuedWhileABatchIsReadIsNotLost) {
  delivery_.online(now_);
  ASSERT_TRUE(delivery_.startBatch());
  delivery_.outboxChanged();            // arrives during the read
  delivery_.batchSent(1, 1, "b", now_);  // a short batch
  ASSERT_TRUE(delivery_.pong("b"));
  EXPECT_TRUE(delivery_.startBatch());
}

TEST_F(ImDeliveryTest, AnIdleStreamGetsAKeepaliveAndEndsWhenItGoesUnanswered) {
  delivery_.online(now_);
  ASSERT_TRUE(delivery_.startBatch());  // nothing to send: no batchSent
  EXPECT_EQ(delivery_.deadline(), now_ + 60s);
  EXPECT_EQ(delivery_.due(now_ + 59s), ImDelivery::Due::Nothing);
  delivery_.activity(now_ + 30s);  // the server said something: idle counts from there
  EXPECT_EQ(delivery_.due(now_ + 60s), ImDelivery::Due::Nothing);
  EXPECT_EQ(delivery_.due(now_ + 90s), ImDelivery::Due::Keepalive);
  delivery_.keepaliveSent("k1", now_ + 90s);
  EXPECT_EQ(delivery_.deadline(), now_ + 110s);
  EXPECT_EQ(delivery_.due(now_ + 110s), ImDelivery::Due::Timeout);
  delivery_.pong("k1");
  EXPECT_EQ(delivery_.due(now_ + 110s), ImDelivery::Due::Nothing) << "answered in time";
}

TEST_F(ImDeliveryTest, AnUnansweredBarrierEndsTheSession) {
  delivery_.online(now_);
  ASSERT_TRUE(delivery_.startBatch());
  delivery_.batchSent(3, 3, "b", now_);
  EXPECT_EQ(delivery_.due(now_ + 19s), ImDelivery::Due::Nothing);
  EXPECT_EQ(delivery_.due(now_ + 20s), ImDelivery::Due::Timeout);
}

TEST_F(ImDeliveryTest, ANewSessionForgetsTheUnconfirmedBatchAndSendsItAgain) {
  delivery_.online(now_);
  ASSERT_TRUE(delivery_.startBatch());
  delivery_.batchSent(9, 3, "b", now_);
  delivery_.online(now_ + 5s);  // the connection dropped before the answer
  EXPECT_EQ(delivery_.pong("b"), std::nullopt) << "a barrier of the old stream confirms nothing";
  ASSERT_TRUE(delivery_.startBatch());
  EXPECT_EQ(delivery_.sentThrough(), 0) << "from the first entry not confirmed: the outbox still holds them";
}

}  // namespace
}  // namespace smfront::notify
