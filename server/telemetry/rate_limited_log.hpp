#pragma once
// Log lines that an outsider can provoke at will (garbage on a door, refused
// peers, limits hit) are written at most once per interval; the next line that
// is written says how many were held back, so a flood costs one line a second
// and the operator still sees its size.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include <spdlog/spdlog.h>

namespace smfront::telemetry {

/// Decides which lines of one kind are written. Thread-safe; time is a parameter.
class LogRateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  explicit LogRateLimiter(Clock::duration interval = std::chrono::seconds(1)) : interval_(interval) {}

  /// Empty when the line must be held back; otherwise the number of lines held
  /// back since the last one written.
  std::optional<std::uint64_t> admit(Clock::time_point now) {
    const std::lock_guard lock(mutex_);
    if (written_ && now < nextAllowed_) {
      ++heldBack_;
      return std::nullopt;
    }
    written_ = true;
    nextAllowed_ = now + interval_;
    return std::exchange(heldBack_, 0);
  }

 private:
  const Clock::duration interval_;
  std::mutex mutex_;
  bool written_ = false;
  Clock::time_point nextAllowed_{};
  std::uint64_t heldBack_ = 0;
};

/// One kind of log line, written through spdlog at most once per interval.
class RateLimitedLog {
 public:
  explicit RateLimitedLog(spdlog::level::level_enum level = spdlog::level::warn,
                          LogRateLimiter::Clock::duration interval = std::chrono::seconds(1))
      : level_(level), limiter_(interval) {}

  template <class... Args>
  void operator()(spdlog::format_string_t<Args...> format, Args&&... args) {
    at(LogRateLimiter::Clock::now(), format, std::forward<Args>(args)...);
  }

  /// The same, at a given time.
  template <class... Args>
  void at(LogRateLimiter::Clock::time_point now, spdlog::format_string_t<Args...> format, Args&&... args) {
    if (!spdlog::should_log(level_)) return;
    const auto heldBack = limiter_.admit(now);
    if (!heldBack) return;
    auto line = fmt::format(format, std::forward<Args>(args)...);
    if (*heldBack > 0) line += fmt::format(" ({} similar lines suppressed)", *heldBack);
    spdlog::log(level_, "{}", line);
  }

 private:
  const spdlog::level::level_enum level_;
  LogRateLimiter limiter_;
};

}  // namespace smfront::telemetry
