#include "security/login_throttle.hpp"

#include <gtest/gtest.h>

namespace smfront::security {
namespace {

using namespace std::chrono_literals;
using Time = LoginThrottle::Time;

class LoginThrottleTest : public ::testing::Test {
 protected:
  LoginThrottle throttle_{{.failuresBeforeDelay = 3, .firstDelay = 1000ms, .maxDelay = 8000ms, .maxTracked = 100}};
  Time now_{};

  void fail(std::string_view address, std::string_view user, int times = 1) {
    for (int i = 0; i < times; ++i) throttle_.failed(address, user, now_);
  }
  std::chrono::milliseconds wait(std::string_view address, std::string_view user) {
    return throttle_.wait(address, user, now_);
  }
};

TEST_F(LoginThrottleTest, TheFirstFailuresAreFree) {
  fail("10.0.0.1", "mary", 2);
  EXPECT_EQ(wait("10.0.0.1", "mary"), 0ms);
  fail("10.0.0.1", "mary");
  EXPECT_EQ(wait("10.0.0.1", "mary"), 1000ms);
  EXPECT_EQ(throttle_.refusals(), 1u);
}

TEST_F(LoginThrottleTest, TheDelayDoublesUpToItsCap) {
  fail("10.0.0.1", "mary", 3);
  std::vector<std::chrono::milliseconds> waits;
  for (int i = 0; i < 6; ++i) {
    waits.push_back(wait("10.0.0.1", "mary"));
    now_ += waits.back();
    EXPECT_EQ(wait("10.0.0.1", "mary"), 0ms) << "after waiting it out";
    fail("10.0.0.1", "mary");
  }
  EXPECT_EQ(waits, (std::vector<std::chrono::milliseconds>{1000ms, 2000ms, 4000ms, 8000ms, 8000ms, 8000ms}));
}

TEST_F(LoginThrottleTest, AnAddressIsSlowedForEveryUserName) {
  fail("10.0.0.1", "a");
  fail("10.0.0.1", "b");
  fail("10.0.0.1", "c");
  EXPECT_EQ(wait("10.0.0.1", "d"), 1000ms);
  EXPECT_EQ(wait("10.0.0.2", "d"), 0ms) << "other addresses are not slowed";
}

TEST_F(LoginThrottleTest, AUserNameSlowsOnlyTheAddressesThatFailedForIt) {
  fail("10.0.0.1", "mary");
  fail("10.0.0.2", "mary");
  fail("10.0.0.3", "mary");
  EXPECT_EQ(wait("10.0.0.1", "mary"), 1000ms) << "each address failed once; the user name three times";
  EXPECT_EQ(wait("10.0.0.3", "mary"), 1000ms);
  EXPECT_EQ(wait("10.0.0.9", "mary"), 0ms) << "mary's own address is not held back";
  fail("10.0.0.9", "mary");
  EXPECT_GT(wait("10.0.0.9", "mary"), 0ms) << "once it fails for mary it is";
}

TEST_F(LoginThrottleTest, ASuccessFreesTheAddressForThatUserOnly) {
  fail("10.0.0.1", "mary", 2);
  fail("10.0.0.2", "mary", 2);
  EXPECT_EQ(wait("10.0.0.1", "mary"), 2000ms) << "four failures of mary's";
  throttle_.succeeded("10.0.0.1", "mary");
  EXPECT_EQ(wait("10.0.0.1", "mary"), 0ms);
  EXPECT_EQ(wait("10.0.0.2", "mary"), 2000ms);
  // An address's own count is not reset by logging in with some other account.
  fail("10.0.0.5", "x", 3);
  throttle_.succeeded("10.0.0.5", "own");
  EXPECT_EQ(wait("10.0.0.5", "victim"), 1000ms);
}

TEST_F(LoginThrottleTest, CountsFadeAfterTenTimesTheLongestDelay) {
  fail("10.0.0.1", "mary", 10);
  EXPECT_EQ(wait("10.0.0.1", "mary"), 8000ms);
  now_ += 80s;
  EXPECT_EQ(wait("10.0.0.1", "mary"), 0ms);
  fail("10.0.0.1", "mary");
  EXPECT_EQ(wait("10.0.0.1", "mary"), 0ms) << "the count started again";
}

TEST_F(LoginThrottleTest, MemoryIsBoundedByForgettingTheOldest) {
  fail("10.0.0.1", "mary", 3);
  for (int i = 0; i < 200; ++i) fail("172.16.0." + std::to_string(i), "u" + std::to_string(i));
  EXPECT_EQ(wait("10.0.0.1", "mary"), 0ms) << "forgotten once 100 newer keys failed";
}

}  // namespace
}  // namespace smfront::security
