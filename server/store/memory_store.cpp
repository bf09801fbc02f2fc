#include "store/memory_store.hpp"

#include <mutex>
#include <unordered_map>

namespace smfront::store {
namespace {

class MemoryStore final : public core::Store {
 public:
  core::Snapshot load() override {
    std::lock_guard lock(mutex_);
    core::Snapshot snapshot;
    for (const auto& [table, rows] : data_) snapshot[table].insert(rows.begin(), rows.end());
    return snapshot;
  }

  void commit(core::Batch batch, Completion done) override {
    std::error_code result;
    {
      std::lock_guard lock(mutex_);
      if (closed_) {
        result = core::StoreErrc::closed;
      } else {
        for (auto& m : batch.mutations) apply(std::move(m));
        ++commits_;
      }
    }
    done(result);
  }

  void close() override {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }

  core::StoreHealth health() const override {
    std::lock_guard lock(mutex_);
    return {.kind = "memory", .writable = !closed_, .lastError = {}, .commits = commits_};
  }

 private:
  void apply(core::Mutation&& m) {
    if (auto* put = std::get_if<core::Put>(&m)) {
      data_[put->table][put->key] = std::move(put->value);
    } else {
      const auto& erase = std::get<core::Erase>(m);
      auto table = data_.find(erase.table);
      if (table == data_.end()) return;
      table->second.erase(erase.key);
      if (table->second.empty()) data_.erase(table);
    }
  }

  mutable std::mutex mutex_;
  // Hashed: commits are the hot path and load() is rare, so order is made
  // only when a snapshot is asked for.
  std::unordered_map<std::string, std::unordered_map<std::string, std::string>> data_;
  std::uint64_t commits_ = 0;
  bool closed_ = false;
};

}  // namespace

std::unique_ptr<core::Store> makeMemoryStore() { return std::make_unique<MemoryStore>(); }

}  // namespace smfront::store
