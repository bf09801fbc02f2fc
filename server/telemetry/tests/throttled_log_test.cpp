#include "telemetry/throttled_log.hpp"

#include <gtest/gtest.h>

namespace smfront::telemetry {
namespace {

using namespace std::chrono_literals;

TEST(ThrottledLog, OneLinePerIntervalCountingWhatWasHeldBack) {
  ThrottledLog log(1s);
  const auto start = ThrottledLog::Clock::time_point(100s);
  EXPECT_EQ(log.admit(start), 0u);
  EXPECT_FALSE(log.admit(start + 10ms));
  EXPECT_FALSE(log.admit(start + 999ms));
  EXPECT_EQ(log.admit(start + 1s), 2u) << "the two held back are reported with the next line";
  EXPECT_FALSE(log.admit(start + 1500ms));
  EXPECT_EQ(log.admit(start + 5s), 1u);
}

}  // namespace
}  // namespace smfront::telemetry
