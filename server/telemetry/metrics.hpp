#pragma once
// A small metrics registry rendered in the Prometheus text exposition format
// (version 0.0.4). Metrics are created once and then updated lock-free; only
// creation and rendering take the registry's lock.
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace smfront::telemetry {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Counter {
 public:
  void inc(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

class Gauge {
 public:
  void add(std::int64_t n) { value_.fetch_add(n, std::memory_order_relaxed); }
  void set(std::int64_t n) { value_.store(n, std::memory_order_relaxed); }
  std::int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> value_{0};
};

/// Cumulative histogram over fixed upper bounds (seconds, bytes, ...).
class Histogram {
 public:
  explicit Histogram(std::vector<double> upperBounds);
  void observe(double value);

  struct Snapshot {
    std::vector<double> upperBounds;
    std::vector<std::uint64_t> cumulativeCounts;  // one per bound, then +Inf
    double sum = 0;
    std::uint64_t count = 0;
  };
  Snapshot snapshot() const;

 private:
  std::vector<double> upperBounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  // per bound, then +Inf
  std::atomic<std::uint64_t> sumMicros_{0};
};

/// Latency buckets in seconds, from 100 µs to 10 s.
std::vector<double> latencyBuckets();

namespace detail {
struct MetricFamily;
}

class Registry {
 public:
  Registry();
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  /// Returns the metric with this name and labels, creating it on first use.
  /// The reference stays valid for the registry's lifetime.
  Counter& counter(std::string_view name, std::string_view help, const Labels& labels = {});
  Gauge& gauge(std::string_view name, std::string_view help, const Labels& labels = {});
  Histogram& histogram(std::string_view name, std::string_view help, const Labels& labels,
                       const std::vector<double>& upperBounds);
  /// A gauge read when scraped, for values owned elsewhere (queue depths, link state).
  /// Callbacks run in renderPrometheus(): /metrics calls it on the core strand, so a
  /// callback may read what the strand owns.
  void gaugeCallback(std::string_view name, std::string_view help, const Labels& labels,
                     std::function<double()> read);
  /// A counter read when scraped, for totals a component keeps itself.
  void counterCallback(std::string_view name, std::string_view help, const Labels& labels,
                       std::function<double()> read);

  std::string renderPrometheus() const;

 private:
  detail::MetricFamily& family(std::string_view name, std::string_view help, std::string_view type);
  void callback(std::string_view name, std::string_view help, std::string_view type, const Labels& labels,
                std::function<double()> read);

  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<detail::MetricFamily>, std::less<>> families_;
};

}  // namespace smfront::telemetry
