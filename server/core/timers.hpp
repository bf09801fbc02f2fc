#pragma once
// One-shot timers for the core's own deadlines (chat join and inactivity, session
// expiry). The server runs them on Asio's clock; unit tests move a manual clock.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

namespace smfront::core {

/// Cancels its timer when destroyed or reset. Movable.
class TimerHandle {
 public:
  TimerHandle() = default;
  explicit TimerHandle(std::function<void()> cancel) : cancel_(std::move(cancel)) {}
  TimerHandle(TimerHandle&& other) noexcept : cancel_(std::exchange(other.cancel_, nullptr)) {}
  TimerHandle& operator=(TimerHandle&& other) noexcept {
    if (this != &other) {
      reset();
      cancel_ = std::exchange(other.cancel_, nullptr);
    }
    return *this;
  }
  ~TimerHandle() { reset(); }
  void reset() {
    if (cancel_) std::exchange(cancel_, nullptr)();
  }
  bool armed() const { return static_cast<bool>(cancel_); }

 private:
  std::function<void()> cancel_;
};

class Timers {
 public:
  virtual ~Timers() = default;
  /// Runs `task` on the core strand after `delay`, unless the handle is gone first.
  [[nodiscard]] virtual TimerHandle after(std::chrono::milliseconds delay, std::function<void()> task) = 0;
};

}  // namespace smfront::core
