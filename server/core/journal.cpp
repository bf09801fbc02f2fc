#include "core/journal.hpp"

namespace smfront::core {

void Journal::record(std::string_view table, std::string key, std::optional<std::string> value) {
  const bool wasEmpty = pending_.empty();
  changes_.fetch_add(1, std::memory_order_release);
  pending_.insert_or_assign({std::string(table), std::move(key)}, std::move(value));
  if (wasEmpty && notify_) notify_();
}

void Journal::put(std::string_view table, std::string key, std::string value) {
  record(table, std::move(key), std::move(value));
}

void Journal::erase(std::string_view table, std::string key) { record(table, std::move(key), std::nullopt); }

Batch Journal::take() {
  Batch batch;
  batch.mutations.reserve(pending_.size());
  for (auto& [where, value] : pending_) {
    auto [table, key] = where;
    if (value) {
      batch.put(std::move(table), std::move(key), std::move(*value));
    } else {
      batch.erase(std::move(table), std::move(key));
    }
  }
  pending_.clear();
  return batch;
}

}  // namespace smfront::core
