#include "telemetry/rate_limited_log.hpp"

#include <gtest/gtest.h>

#include <spdlog/sinks/ostream_sink.h>

#include <sstream>

namespace smfront::telemetry {
namespace {

using namespace std::chrono_literals;
using Clock = LogRateLimiter::Clock;

TEST(LogRateLimiter, WritesTheFirstLineAndHoldsBackTheRestOfTheInterval) {
  LogRateLimiter limiter(1s);
  const Clock::time_point t0{};
  EXPECT_EQ(limiter.admit(t0), std::optional<std::uint64_t>(0));
  EXPECT_EQ(limiter.admit(t0 + 1ms), std::nullopt);
  EXPECT_EQ(limiter.admit(t0 + 999ms), std::nullopt);
}

TEST(LogRateLimiter, TheNextLineWrittenCountsTheLinesHeldBack) {
  LogRateLimiter limiter(1s);
  const Clock::time_point t0{};
  ASSERT_TRUE(limiter.admit(t0));
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(limiter.admit(t0 + 10ms * (i + 1)));
  EXPECT_EQ(limiter.admit(t0 + 1s), std::optional<std::uint64_t>(5));
  EXPECT_EQ(limiter.admit(t0 + 3s), std::optional<std::uint64_t>(0));
}

TEST(LogRateLimiter, AFloodWritesOneLinePerInterval) {
  LogRateLimiter limiter(1s);
  const Clock::time_point t0{};
  int written = 0;
  for (int ms = 0; ms < 10'000; ++ms) written += limiter.admit(t0 + std::chrono::milliseconds(ms)) ? 1 : 0;
  EXPECT_EQ(written, 10);
}

TEST(RateLimitedLog, WritesOnceAndNamesTheHeldBackCountOnTheNextLine) {
  std::ostringstream out;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_st>(out);
  auto logger = std::make_shared<spdlog::logger>("rate_limited_log_test", sink);
  logger->set_pattern("%v");
  const auto previous = spdlog::default_logger();
  spdlog::set_default_logger(logger);

  RateLimitedLog log(spdlog::level::warn, 1s);
  const Clock::time_point t0{};
  log.at(t0, "refused peer {}", "10.0.0.1");
  log.at(t0 + 100ms, "refused peer {}", "10.0.0.2");
  log.at(t0 + 200ms, "refused peer {}", "10.0.0.3");
  log.at(t0 + 1s, "refused peer {}", "10.0.0.4");
  spdlog::set_default_logger(previous);

  EXPECT_EQ(out.str(), "refused peer 10.0.0.1\nrefused peer 10.0.0.4 (2 similar lines suppressed)\n");
}

}  // namespace
}  // namespace smfront::telemetry
