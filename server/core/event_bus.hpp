#pragma once
// EventBus: the core publishes typed events; every subscriber receives them on its
// own executor, in publish order, through a bounded queue of its own.
//
// Theory of operation
// - Event is a std::variant of plain event structs. A subscription names the
//   alternatives it wants (a bit mask over the variant's indices) and gets one
//   ordered stream across all of them.
// - publish() appends the event to each interested subscriber's queue and, when
//   that queue was idle, posts one drain task to the subscriber's executor. The
//   drain task delivers everything queued at that moment, then posts itself again
//   if more arrived, so a busy subscriber never monopolises its executor.
// - Bounded queues: a subscriber whose queue holds `capacity` undelivered events
//   when another arrives has fallen behind. The publisher never waits for it.
//   The subscription's overflow policy decides:
//     Disconnect (default): the subscription is cut: its queue is dropped, no
//       further event is delivered, and onOverflow runs once on its executor so
//       the owner can resynchronise from the core or close its session. A
//       subscriber therefore sees either every event, in order, or a clear break.
//     DropNewest: the new event is discarded and counted; for subscribers that
//       only sample (metrics, logs), where gaps are harmless.
// - Publishing from several threads at once is safe, but order is only defined
//   between events published from one strand (the core's).
// - A Subscription is a handle: destroying it stops delivery. Destroy it on the
//   subscriber's executor so no handler runs after its owner is gone.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "core/executor.hpp"

namespace smfront::core {

enum class OverflowPolicy { Disconnect, DropNewest };

namespace detail {
template <class T, class Variant>
struct VariantIndex;
template <class T, class... Ts>
struct VariantIndex<T, std::variant<Ts...>> {
  static constexpr std::size_t value = [] {
    constexpr bool matches[] = {std::is_same_v<T, Ts>...};
    for (std::size_t i = 0; i < sizeof...(Ts); ++i) {
      if (matches[i]) return i;
    }
    return sizeof...(Ts);
  }();
  static_assert(value < sizeof...(Ts), "type is not an alternative of the event variant");
};
}  // namespace detail

template <class Event>
class EventBus {
  static_assert(std::variant_size_v<Event> <= 64, "the type mask holds 64 event types");

 public:
  using Handler = std::function<void(const Event&)>;
  using TypeMask = std::uint64_t;
  static constexpr TypeMask kAllTypes = ~TypeMask{0};

  /// The mask selecting the listed event types.
  template <class... Es>
  static constexpr TypeMask typesOf() {
    return ((TypeMask{1} << detail::VariantIndex<Es, Event>::value) | ...);
  }

  struct Options {
    TypeMask types = kAllTypes;
    std::size_t capacity = 4096;
    OverflowPolicy overflow = OverflowPolicy::Disconnect;
    std::function<void()> onOverflow{};  // Disconnect only; runs on the subscriber's executor
  };

 private:
  struct Subscriber {
    Executor executor;
    Handler handler;
    Options options;
    std::mutex mutex;
    std::deque<std::shared_ptr<const Event>> queue;  // guarded by mutex
    bool drainScheduled = false;                     // guarded by mutex
    std::atomic<bool> closed{false};
    std::atomic<bool> cut{false};
    std::atomic<std::uint64_t> dropped{0};
  };

  struct Registry {
    std::mutex mutex;
    std::vector<std::shared_ptr<Subscriber>> subscribers;

    void remove(const Subscriber* s) {
      std::lock_guard lock(mutex);
      std::erase_if(subscribers, [s](const auto& p) { return p.get() == s; });
    }
  };

 public:
  /// Handle of one subscription; delivery stops when it is reset or destroyed.
  class Subscription {
   public:
    Subscription() = default;
    Subscription(Subscription&&) noexcept = default;
    Subscription& operator=(Subscription&& other) noexcept {
      if (this != &other) {
        reset();
        subscriber_ = std::move(other.subscriber_);
        registry_ = std::move(other.registry_);
      }
      return *this;
    }
    ~Subscription() { reset(); }

    void reset() {
      if (!subscriber_) return;
      subscriber_->closed = true;
      if (auto registry = registry_.lock()) registry->remove(subscriber_.get());
      subscriber_.reset();
    }
    bool active() const { return subscriber_ && !subscriber_->cut; }
    /// True once the Disconnect policy cut this subscription.
    bool overflowed() const { return subscriber_ && subscriber_->cut; }
    /// Events discarded under the DropNewest policy.
    std::uint64_t dropped() const { return subscriber_ ? subscriber_->dropped.load() : 0; }

   private:
    friend class EventBus;
    Subscription(std::shared_ptr<Subscriber> s, std::weak_ptr<Registry> r)
        : subscriber_(std::move(s)), registry_(std::move(r)) {}
    std::shared_ptr<Subscriber> subscriber_;
    std::weak_ptr<Registry> registry_;
  };

  [[nodiscard]] Subscription subscribe(Executor executor, Handler handler, Options options = {}) {
    auto s = std::make_shared<Subscriber>();
    s->executor = std::move(executor);
    s->handler = std::move(handler);
    s->options = std::move(options);
    if (s->options.capacity == 0) s->options.capacity = 1;
    {
      std::lock_guard lock(registry_->mutex);
      registry_->subscribers.push_back(s);
    }
    return Subscription(std::move(s), registry_);
  }

  void publish(Event event) {
    const TypeMask bit = TypeMask{1} << event.index();
    std::shared_ptr<const Event> shared;
    std::lock_guard lock(registry_->mutex);
    for (const auto& s : registry_->subscribers) {
      if ((s->options.types & bit) == 0 || s->cut || s->closed) continue;
      if (!shared) shared = std::make_shared<const Event>(std::move(event));
      enqueue(s, shared);
    }
  }

  std::size_t subscriberCount() const {
    std::lock_guard lock(registry_->mutex);
    return registry_->subscribers.size();
  }

 private:
  static void enqueue(const std::shared_ptr<Subscriber>& s, const std::shared_ptr<const Event>& e) {
    bool postDrain = false;
    bool postOverflow = false;
    {
      std::lock_guard lock(s->mutex);
      if (s->queue.size() >= s->options.capacity) {
        if (s->options.overflow == OverflowPolicy::DropNewest) {
          ++s->dropped;
          return;
        }
        s->cut = true;
        s->queue.clear();
        postOverflow = static_cast<bool>(s->options.onOverflow);
      } else {
        s->queue.push_back(e);
        postDrain = !s->drainScheduled;
        s->drainScheduled = true;
      }
    }
    if (postDrain) s->executor([s] { drain(s); });
    if (postOverflow) {
      s->executor([s] {
        if (!s->closed) s->options.onOverflow();
      });
    }
  }

  static void drain(const std::shared_ptr<Subscriber>& s) {
    std::deque<std::shared_ptr<const Event>> batch;
    {
      std::lock_guard lock(s->mutex);
      batch.swap(s->queue);
    }
    for (const auto& e : batch) {
      if (s->closed || s->cut) break;
      s->handler(*e);
    }
    bool again = false;
    {
      std::lock_guard lock(s->mutex);
      again = !s->queue.empty();
      s->drainScheduled = again;
    }
    if (again) s->executor([s] { drain(s); });
  }

  std::shared_ptr<Registry> registry_ = std::make_shared<Registry>();
};

}  // namespace smfront::core
