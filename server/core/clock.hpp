#pragma once
// Time as a dependency: services read it through a Clock so tests can move it.
#include <chrono>
#include <cstdint>

namespace smfront::core {

class Clock {
 public:
  virtual ~Clock() = default;
  /// Wall-clock time in ms since the Unix epoch (what the APIs report).
  virtual std::int64_t nowMs() const = 0;
  /// Monotonic time for durations (uptime, timers).
  virtual std::chrono::steady_clock::time_point steadyNow() const = 0;
};

class SystemClock final : public Clock {
 public:
  std::int64_t nowMs() const override {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  }
  std::chrono::steady_clock::time_point steadyNow() const override { return std::chrono::steady_clock::now(); }
};

}  // namespace smfront::core
