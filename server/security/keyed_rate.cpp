#include "security/keyed_rate.hpp"

#include <algorithm>
#include <cmath>

namespace smfront::security {

KeyedRate::KeyedRate(KeyedRateOptions options)
    : options_(options),
      perMs_(options.perMinute / 60000.0),
      debtRepaidWithin_(std::chrono::duration_cast<std::chrono::steady_clock::duration>(
          std::chrono::duration<double, std::milli>(perMs_ > 0 ? (options.maxDebt + 1) / perMs_ : 0.0))),
      buckets_(options.maxTracked) {}

KeyedRate::Bucket& KeyedRate::refilled(std::string_view key, Time now) {
  Bucket& bucket = buckets_.touch(key);
  if (!bucket.seen) {
    bucket = Bucket{options_.burst, now, true};
    return bucket;
  }
  if (now > bucket.at) {
    const double elapsedMs = std::chrono::duration<double, std::milli>(now - bucket.at).count();
    bucket.tokens = std::min(options_.burst, bucket.tokens + elapsedMs * perMs_);
    bucket.at = now;
  }
  return bucket;
}

std::chrono::milliseconds KeyedRate::untilTokens(double tokens, double wanted) const {
  if (tokens >= wanted || perMs_ <= 0) return std::chrono::milliseconds(0);
  // Rounded up, so that a client that waits exactly this long finds the token there.
  return std::chrono::milliseconds(static_cast<long long>(std::ceil((wanted - tokens) / perMs_)));
}

std::chrono::milliseconds KeyedRate::take(std::string_view key, Time now) {
  const std::lock_guard lock(mutex_);
  Bucket& bucket = refilled(key, now);
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return std::chrono::milliseconds(0);
  }
  return std::max(std::chrono::milliseconds(1), untilTokens(bucket.tokens, 1));
}

void KeyedRate::charge(std::string_view key, Time now) {
  const std::lock_guard lock(mutex_);
  Bucket& bucket = refilled(key, now);
  bucket.tokens = std::max(-options_.maxDebt, bucket.tokens - 1);
  lastCharge_.store(now.time_since_epoch().count(), std::memory_order_release);
}

std::chrono::milliseconds KeyedRate::owed(std::string_view key, Time now) {
  const Time lastCharge{Time::duration(lastCharge_.load(std::memory_order_acquire))};
  if (lastCharge.time_since_epoch().count() == 0 || now - lastCharge > debtRepaidWithin_) {
    return std::chrono::milliseconds(0);
  }
  const std::lock_guard lock(mutex_);
  Bucket* bucket = buckets_.find(key);
  if (bucket == nullptr || bucket->tokens >= 0) return std::chrono::milliseconds(0);
  return untilTokens(refilled(key, now).tokens, 0);
}

}  // namespace smfront::security
