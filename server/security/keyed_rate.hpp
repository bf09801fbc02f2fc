#pragma once
// Token buckets, one per client key (an address, a user name): each key may
// spend `burst` at once and then `perMinute` a minute, refilled evenly. Two
// ways to spend:
// - take(): an action that is refused when the bucket is empty (creating a
//   contact, running a search); the answer says when to retry.
// - charge(): something already happened that costs the key (a request the
//   server refused); the balance may go below zero, down to `maxDebt`, and
//   owed() says how long the key's next request should wait until it is even.
//   Paced this way, a client that keeps getting refusals gets them slowly,
//   while a client that is never refused never waits.
// At most `maxTracked` keys are remembered (the quietest are forgotten).
// Time is a parameter. Safe to call from any thread.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string_view>

#include "security/recent_table.hpp"

namespace smfront::security {

struct KeyedRateOptions {
  double perMinute = 60;
  double burst = 60;
  /// How far charge() may drive a key below zero, in tokens.
  double maxDebt = 0;
  std::size_t maxTracked = 65536;
};

class KeyedRate {
 public:
  using Time = std::chrono::steady_clock::time_point;

  explicit KeyedRate(KeyedRateOptions options);

  /// Spends one token of @p key; zero when it had one, else how long until it
  /// will (nothing is spent then).
  std::chrono::milliseconds take(std::string_view key, Time now);
  /// Spends one token of @p key whether or not it has one.
  void charge(std::string_view key, Time now);
  /// How long @p key must wait until its balance is back to zero.
  std::chrono::milliseconds owed(std::string_view key, Time now);

 private:
  struct Bucket {
    double tokens = 0;
    Time at{};
    bool seen = false;
  };
  /// @p key's bucket, refilled up to `now`.
  Bucket& refilled(std::string_view key, Time now);
  std::chrono::milliseconds untilTokens(double tokens, double wanted) const;

  KeyedRateOptions options_;
  double perMs_;
  // When charge() last ran: a debt is repaid within maxDebt / rate, so after
  // that owed() answers without the lock (the path of every request of a door).
  std::atomic<Time::rep> lastCharge_{0};
  std::chrono::steady_clock::duration debtRepaidWithin_;
  std::mutex mutex_;
  RecentTable<Bucket> buckets_;
};

}  // namespace smfront::security
