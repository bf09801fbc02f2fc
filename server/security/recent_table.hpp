#pragma once
// A map from a client key (an address, a user name) to what a defence counts
// for it, holding at most `capacity` keys: when full, the key used longest ago
// is forgotten. Per-key state of an attacker who cycles through keys therefore
// stays bounded, at the price of forgetting the quietest ones first.
// Not thread-safe: its owner locks.
#include <cstddef>
#include <iterator>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>

namespace smfront::security {

template <class Value>
class RecentTable {
 public:
  explicit RecentTable(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

  Value* find(std::string_view key) {
    const auto it = index_.find(std::string(key));
    return it == index_.end() ? nullptr : &it->second->value;
  }

  /// The entry for @p key, created (value-initialised) when absent, now the most recent.
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

  std::size_t size() const { return index_.size(); }

 private:
  // Keys in the order they were last touched: the one to forget is at the
  // front, and an update moves one node to the back.
  struct Node {
    std::string key;
    Value value;
  };
  std::size_t capacity_;
  std::list<Node> order_;
  std::unordered_map<std::string, typename std::list<Node>::iterator> index_;
};

}  // namespace smfront::security
