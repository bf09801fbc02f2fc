#pragma once
// The journal: what the domain changed since the last commit, one entry per
// record. Services write whole records here as they change them, on the core
// strand; Core::persist() takes the lot as one batch for the store. A record
// changed twice before a commit is written once, with its latest value.
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "core/store.hpp"

namespace smfront::core {

class Journal {
 public:
  void put(std::string_view table, std::string key, std::string value);
  void erase(std::string_view table, std::string key);

  bool empty() const { return pending_.empty(); }
  /// How many changes were ever recorded; readable from any thread, so a door
  /// can tell whether a request changed anything without a trip to the strand.
  std::uint64_t changes() const { return changes_.load(std::memory_order_acquire); }
  /// Everything pending, as one batch; the journal is empty afterwards. A batch
  /// the store refuses is not taken back: the answer that waited for it says the
  /// change failed, and later commits carry only their own changes, so a full
  /// disk never piles refused changes up for every new write to retry.
  Batch take();

  /// Called when the journal goes from empty to holding a change, so that
  /// changes made outside any request (timers, agents) are committed too.
  void onFirstChange(std::function<void()> notify) { notify_ = std::move(notify); }

 private:
  void record(std::string_view table, std::string key, std::optional<std::string> value);

  // (table, key) -> value, or nullopt for an erase.
  std::map<std::pair<std::string, std::string>, std::optional<std::string>, std::less<>> pending_;
  std::function<void()> notify_;
  std::atomic<std::uint64_t> changes_{0};
};

}  // namespace smfront::core
