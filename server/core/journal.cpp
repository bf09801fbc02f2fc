#include "core/journal.hpp"

namespace smfront::core {

void Journal::record(std::string_view table, std::string key, std::optional<std::string> value, bool overwrite) {
  const bool wasEmpty = pending_.empty();
  changes_.fetch_add(1, std::memory_order_release);
  auto [it, inserted] = pending_.try_emplace({std::string(table), std::move(key)}, std::move(value));
  if (!inserted && overwrite) it->second = std::move(value);
  // Restored entries do not notify: retrying at once against a full disk would
  // spin; the next change, or the next request's persist(), carries them.
  if (wasEmpty && overwrite && notify_) notify_();
}

void Journal::put(std::string_view table, std::string key, std::string value) {
  record(table, std::move(key), std::move(value), true);
}

void Journal::erase(std::string_view table, std::string key) { record(table, std::move(key), std::nullopt, true); }

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

void Journal::restore(const Batch& failed) {
  for (const auto& mutation : failed.mutations) {
    if (const auto* put = std::get_if<Put>(&mutation)) {
      record(put->table, put->key, put->value, false);
    } else {
      const auto& erase = std::get<Erase>(mutation);
      record(erase.table, erase.key, std::nullopt, false);
    }
  }
}

}  // namespace smfront::core
