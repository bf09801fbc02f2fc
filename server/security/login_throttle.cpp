#include "security/login_throttle.hpp"

#include <algorithm>

namespace smfront::security {

// Keys in the order they last failed, so that the one to forget when full is at
// the front and an update moves one node to the back.
template <class Value>
class LoginThrottle::Table {
 public:
  explicit Table(std::size_t capacity) : capacity_(capacity) {}

  Value* find(std::string_view key) {
    const auto it = index_.find(std::string(key));
    return it == index_.end() ? nullptr : &it->second->value;
  }

  // The entry for @p key, created when absent, now the most recent.
  Value& touch(std::string_view key) {
    std::string k(key);
    if (const auto it = index_.find(k); it != index_.end()) {
      order_.splice(order_.end(), order_, it->second);
      return it->second->value;
    }
    if (index_.size() >= capacity_ && !order_.empty()) {
      index_.erase(order_.front().key);
      order_.pop_front();
    }
    order_.push_back(Node{k, Value{}});
    index_.emplace(std::move(k), std::prev(order_.end()));
    return order_.back().value;
  }

 private:
  struct Node {
    std::string key;
    Value value;
  };
  std::size_t capacity_;
  std::list<Node> order_;
  std::unordered_map<std::string, typename std::list<Node>::iterator> index_;
};

LoginThrottle::LoginThrottle(LoginThrottleOptions options)
    : options_(options),
      fadeAfter_(10 * options.maxDelay),
      addresses_(std::make_unique<Table<Count>>(std::max<std::size_t>(1, options.maxTracked))),
      users_(std::make_unique<Table<UserCount>>(std::max<std::size_t>(1, options.maxTracked))) {}

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
