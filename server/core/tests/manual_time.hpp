#pragma once
// Time that moves only when a test says so: a Clock and Timers pair for the
// core's deadline logic.
#include <functional>
#include <map>
#include <memory>

#include "core/clock.hpp"
#include "core/timers.hpp"

namespace smfront::core::testing {

class ManualTime final : public Clock, public Timers {
 public:
  std::int64_t nowMs() const override { return epochMs_ + elapsed_.count(); }
  std::chrono::steady_clock::time_point steadyNow() const override {
    return std::chrono::steady_clock::time_point(elapsed_);
  }

  TimerHandle after(std::chrono::milliseconds delay, std::function<void()> task) override {
    const auto key = std::make_pair(elapsed_ + delay, nextSeq_++);
    queue_.emplace(key, std::move(task));
    return TimerHandle([this, key] { queue_.erase(key); });
  }

  /// Moves time forward, running every timer that falls due, in order.
  void advance(std::chrono::milliseconds by) {
    const auto target = elapsed_ + by;
    while (!queue_.empty() && queue_.begin()->first.first <= target) {
      auto node = queue_.extract(queue_.begin());
      elapsed_ = node.key().first;
      node.mapped()();
    }
    elapsed_ = target;
  }

  std::size_t pending() const { return queue_.size(); }

 private:
  std::int64_t epochMs_ = 1'764'000'000'000;
  std::chrono::milliseconds elapsed_{0};
  std::uint64_t nextSeq_ = 0;
  std::map<std::pair<std::chrono::milliseconds, std::uint64_t>, std::function<void()>> queue_;
};

}  // namespace smfront::core::testing
