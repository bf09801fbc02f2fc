#pragma once
// At most one log line per interval for an event that can recur at any rate (a
// limit refusing clients, a peer sending garbage): an attacker must not fill
// the disk or drown the other lines. The line that is written says how many
// were held back since the one before.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>

namespace smfront::telemetry {

class ThrottledLog {
 public:
  using Clock = std::chrono::steady_clock;

  explicit ThrottledLog(std::chrono::milliseconds interval = std::chrono::seconds(1))
      : intervalNs_(std::chrono::duration_cast<std::chrono::nanoseconds>(interval).count()) {}

  /// Whether a line may be written at `now`: if so, how many calls were held
  /// back since the last line; if not, nothing (and this call is counted).
  /// Safe from any thread.
  std::optional<std::uint64_t> admit(Clock::time_point now = Clock::now()) {
    const std::int64_t t = std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch()).count();
    std::int64_t next = nextNs_.load(std::memory_order_relaxed);
    if (t < next || !nextNs_.compare_exchange_strong(next, t + intervalNs_, std::memory_order_relaxed)) {
      held_.fetch_add(1, std::memory_order_relaxed);
      return std::nullopt;
    }
    return held_.exchange(0, std::memory_order_relaxed);
  }

 private:
  std::int64_t intervalNs_;
  std::atomic<std::int64_t> nextNs_{std::numeric_limits<std::int64_t>::min()};
  std::atomic<std::uint64_t> held_{0};
};

}  // namespace smfront::telemetry
