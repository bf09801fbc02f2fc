#pragma once

// Latencies in microseconds in log-linear buckets: exact below 1024 us, then
// 512 buckets per power of two (at most 0.2 % wide), so a long run costs a
// fixed 224 KiB and percentiles need no sorting.

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace smload {

class Histogram {
 public:
  void record(std::uint64_t us) {
    ++counts_[index(us)];
    ++count_;
    max_ = std::max(max_, us);
  }

  std::uint64_t count() const { return count_; }
  double maxMs() const { return static_cast<double>(max_) / 1000.0; }

  // The upper edge of the bucket holding the p-th percentile, in ms; 0 when empty.
  double percentileMs(double p) const {
    if (count_ == 0) return 0;
    const auto rank = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::ceil(p / 100.0 * static_cast<double>(count_))));
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < counts_.size(); ++i) {
      seen += counts_[i];
      if (seen >= rank) return static_cast<double>(std::min(upperEdge(i), max_)) / 1000.0;
    }
    return maxMs();
  }

 private:
  static constexpr unsigned kExactBits = 10;
  static constexpr std::uint64_t kExact = 1u << kExactBits;  // 1024
  static constexpr std::uint64_t kHalf = kExact / 2;         // buckets per power of two above kExact

  static std::size_t index(std::uint64_t v) {
    if (v < kExact) return static_cast<std::size_t>(v);
    const unsigned shift = static_cast<unsigned>(std::bit_width(v)) - kExactBits;  // >= 1
    const std::uint64_t mantissa = v >> shift;                                      // kHalf .. kExact-1
    return static_cast<std::size_t>(kExact + (shift - 1) * kHalf + (mantissa - kHalf));
  }

  static std::uint64_t upperEdge(std::size_t i) {
    if (i < kExact) return i;
    const std::uint64_t shift = (i - kExact) / kHalf + 1;
    const std::uint64_t mantissa = (i - kExact) % kHalf + kHalf;
    return ((mantissa + 1) << shift) - 1;
  }

  std::vector<std::uint64_t> counts_ = std::vector<std::uint64_t>(kExact + (64 - kExactBits) * kHalf);
  std::uint64_t count_ = 0;
  std::uint64_t max_ = 0;
};

}  // namespace smload
