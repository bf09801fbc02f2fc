#pragma once
// One throttle for failed logins, whatever the door: HTTP Basic on the REST
// API and SASL on the BOSH door ask it before they check a password and tell
// it how the check went.
//
// Failures are counted per client address and per user name. The first
// `failuresBeforeDelay` failures of either are free; after that every further
// attempt must wait, a second after the next failure, then twice as long after
// each one more, up to `maxDelay`. An attempt made while it must wait is
// refused without checking the password, so guesses stop paying off.
//
// The count of a user name holds back only the addresses that have failed for
// that name: someone guessing an agent's password from elsewhere never keeps
// the agent from logging in from its own address.
//
// Counts fade: a key that has not failed for ten times `maxDelay` starts again
// from zero. At most `maxTracked` addresses and as many user names are
// remembered; beyond that the one that failed longest ago is forgotten.
//
// Time is a parameter. Safe to call from any thread.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "security/recent_table.hpp"

namespace smfront::security {

struct LoginThrottleOptions {
  std::size_t failuresBeforeDelay = 5;
  std::chrono::milliseconds firstDelay{1000};
  std::chrono::milliseconds maxDelay{30000};
  std::size_t maxTracked = 65536;
  /// Addresses remembered per user name as having failed for it.
  std::size_t addressesPerUser = 256;
};

class LoginThrottle {
 public:
  using Time = std::chrono::steady_clock::time_point;

  explicit LoginThrottle(LoginThrottleOptions options = {});

  /// How long a login as @p user from @p address must still wait; zero when
  /// its password may be checked now. @p address is a clientKey().
  std::chrono::milliseconds wait(std::string_view address, std::string_view user, Time now);
  /// The password was wrong (or the user unknown).
  void failed(std::string_view address, std::string_view user, Time now);
  /// The password was right: the address no longer counts as failing for this user.
  void succeeded(std::string_view address, std::string_view user);

  /// Attempts wait() refused so far.
  std::uint64_t refusals() const;

 private:
  struct Count {
    std::size_t failures = 0;
    Time last{};
  };
  struct UserCount {
    Count count;
    std::vector<std::string> failedFrom;  // oldest first
  };
  std::chrono::milliseconds delayAfter(std::size_t failures) const;
  std::chrono::milliseconds remaining(const Count& count, Time now) const;
  bool faded(const Count& count, Time now) const;

  LoginThrottleOptions options_;
  std::chrono::milliseconds fadeAfter_;
  mutable std::mutex mutex_;
  std::unique_ptr<RecentTable<Count>> addresses_;
  std::unique_ptr<RecentTable<UserCount>> users_;
  std::uint64_t refusals_ = 0;

 public:
  ~LoginThrottle();
  LoginThrottle(const LoginThrottle&) = delete;
  LoginThrottle& operator=(const LoginThrottle&) = delete;
};

}  // namespace smfront::security
