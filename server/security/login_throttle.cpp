#include "security/login_throttle.hpp"

#include <algorithm>

namespace smfront::security {

LoginThrottle::LoginThrottle(LoginThrottleOptions options)
    : options_(options),
      fadeAfter_(10 * options.maxDelay),
      addresses_(std::make_unique<RecentTable<Count>>(options.maxTracked)),
      users_(std::make_unique<RecentTable<UserCount>>(options.maxTracked)) {}

LoginThrottle::~LoginThrottle() = default;

std::chrono::milliseconds LoginThrottle::delayAfter(std::size_t failures) const {
  if (failures < options_.failuresBeforeDelay) return std::chrono::milliseconds(0);
  const std::size_t doublings = std::min<std::size_t>(failures - options_.failuresBeforeDelay, 40);
  auto delay = options_.firstDelay;
  for (std::size_t i = 0; i < doublings && delay < options_.maxDelay; ++i) delay *= 2;
  return std::min(delay, options_.maxDelay);
}

bool LoginThrottle::faded(const Count& count, Time now) const { return now - count.last >= fadeAfter_; }

std::chrono::milliseconds LoginThrottle::remaining(const Count& count, Time now) const {
  if (count.failures == 0 || faded(count, now)) return std::chrono::milliseconds(0);
  const Time until = count.last + delayAfter(count.failures);
  if (until <= now) return std::chrono::milliseconds(0);
  // Rounded up, so that a client that waits exactly this long is let through.
  return std::chrono::ceil<std::chrono::milliseconds>(until - now);
}

std::chrono::milliseconds LoginThrottle::wait(std::string_view address, std::string_view user, Time now) {
  const std::lock_guard lock(mutex_);
  std::chrono::milliseconds longest(0);
  if (const Count* a = addresses_->find(address)) longest = remaining(*a, now);
  if (const UserCount* u = users_->find(user)) {
    const bool failedHere = std::find(u->failedFrom.begin(), u->failedFrom.end(), address) != u->failedFrom.end();
    if (failedHere) longest = std::max(longest, remaining(u->count, now));
  }
  if (longest.count() > 0) ++refusals_;
  return longest;
}

void LoginThrottle::failed(std::string_view address, std::string_view user, Time now) {
  const std::lock_guard lock(mutex_);
  auto bump = [&](Count& count) {
    if (faded(count, now)) count.failures = 0;
    ++count.failures;
    count.last = now;
  };
  bump(addresses_->touch(address));
  UserCount& u = users_->touch(user);
  if (faded(u.count, now)) u.failedFrom.clear();
  bump(u.count);
  auto& from = u.failedFrom;
  if (const auto it = std::find(from.begin(), from.end(), address); it != from.end()) from.erase(it);
  if (from.size() >= options_.addressesPerUser && !from.empty()) from.erase(from.begin());
  from.emplace_back(address);
}

void LoginThrottle::succeeded(std::string_view address, std::string_view user) {
  const std::lock_guard lock(mutex_);
  // The address's own count stays: a known good account must not buy an
  // address fresh guesses at other accounts.
  if (UserCount* u = users_->find(user)) std::erase(u->failedFrom, address);
}

std::uint64_t LoginThrottle::refusals() const {
  const std::lock_guard lock(mutex_);
  return refusals_;
}

}  // namespace smfront::security
