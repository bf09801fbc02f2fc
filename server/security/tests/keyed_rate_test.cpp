#include "security/keyed_rate.hpp"

#include <gtest/gtest.h>

#include <string>

namespace smfront::security {
namespace {

using namespace std::chrono_literals;
using Time = KeyedRate::Time;

const Time kStart = Time(1000s);
// Rates whose tokens per millisecond are exact in binary, so waits are exact too.
constexpr double kTwoPerMs = 120000;
constexpr double kHalfPerMs = 30000;

TEST(KeyedRate, ABurstIsFreeThenTheRateHoldsAndTheRefusalSaysWhenToRetry) {
  KeyedRate rate({.perMinute = kHalfPerMs, .burst = 3});
  for (int i = 0; i < 3; ++i) EXPECT_EQ(rate.take("10.0.0.1", kStart), 0ms) << i;
  EXPECT_EQ(rate.take("10.0.0.1", kStart), 2ms);
  EXPECT_EQ(rate.take("10.0.0.1", kStart + 1ms), 1ms);  // a refused take spends nothing
  EXPECT_EQ(rate.take("10.0.0.1", kStart + 2ms), 0ms);
  EXPECT_EQ(rate.take("10.0.0.1", kStart + 2ms), 2ms);
}

TEST(KeyedRate, KeysAreCountedApart) {
  KeyedRate rate({.perMinute = 60, .burst = 1});
  EXPECT_EQ(rate.take("10.0.0.1", kStart), 0ms);
  EXPECT_GT(rate.take("10.0.0.1", kStart), 0ms);
  EXPECT_EQ(rate.take("10.0.0.2", kStart), 0ms);
}

TEST(KeyedRate, TheBucketRefillsNoHigherThanTheBurst) {
  KeyedRate rate({.perMinute = 60, .burst = 2});
  EXPECT_EQ(rate.take("a", kStart), 0ms);
  const Time later = kStart + 1h;
  EXPECT_EQ(rate.take("a", later), 0ms);
  EXPECT_EQ(rate.take("a", later), 0ms);
  EXPECT_GT(rate.take("a", later), 0ms);
}

TEST(KeyedRate, ChargesBeyondTheBurstAreOwedAndRepaidAtTheRate) {
  KeyedRate rate({.perMinute = kHalfPerMs, .burst = 2, .maxDebt = 100});
  rate.charge("a", kStart);
  rate.charge("a", kStart);
  EXPECT_EQ(rate.owed("a", kStart), 0ms);  // the burst paid for both
  for (int i = 0; i < 10; ++i) rate.charge("a", kStart);
  EXPECT_EQ(rate.owed("a", kStart), 20ms);
  EXPECT_EQ(rate.owed("a", kStart + 15ms), 5ms);
  EXPECT_EQ(rate.owed("a", kStart + 20ms), 0ms);
  EXPECT_EQ(rate.owed("b", kStart), 0ms);  // nobody else owes anything
}

TEST(KeyedRate, DebtStopsGrowingAtItsMaximum) {
  KeyedRate rate({.perMinute = kTwoPerMs, .burst = 1, .maxDebt = 30});
  for (int i = 0; i < 1000; ++i) rate.charge("a", kStart);
  EXPECT_EQ(rate.owed("a", kStart), 15ms);
}

TEST(KeyedRate, OnlyTheMostRecentKeysAreRemembered) {
  KeyedRate rate({.perMinute = 60, .burst = 1, .maxTracked = 2});
  EXPECT_EQ(rate.take("a", kStart), 0ms);
  EXPECT_EQ(rate.take("b", kStart), 0ms);
  EXPECT_EQ(rate.take("c", kStart), 0ms);  // "a" is forgotten
  EXPECT_EQ(rate.take("a", kStart), 0ms);
  EXPECT_GT(rate.take("c", kStart), 0ms);
}

}  // namespace
}  // namespace smfront::security
