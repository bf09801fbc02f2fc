#pragma once
// The store interface: the only way the core persists.
//
// The core keeps its domain state in memory, on its strand, and is the authority
// for reads. The store is a journal of that state: on start, load() hands back
// everything committed before; while running, every change the core acknowledges
// to a client goes through commit() first, and the acknowledgement is sent only
// from the commit's completion. An implementation may batch commits from many
// requests into one durable write (group commit); it must complete them in the
// order they were submitted.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <system_error>
#include <variant>
#include <vector>

namespace smfront::core {

/// Sets `table`/`key` to `value` (the owning service chooses the encoding).
struct Put {
  std::string table;
  std::string key;
  std::string value;
};

/// Removes `table`/`key`; removing a missing key is not an error.
struct Erase {
  std::string table;
  std::string key;
};

using Mutation = std::variant<Put, Erase>;

/// Mutations that become durable together or not at all.
struct Batch {
  std::vector<Mutation> mutations;

  Batch& put(std::string table, std::string key, std::string value) {
    mutations.push_back(Put{std::move(table), std::move(key), std::move(value)});
    return *this;
  }
  Batch& erase(std::string table, std::string key) {
    mutations.push_back(Erase{std::move(table), std::move(key)});
    return *this;
  }
};

/// Everything committed, by table then key (keys in lexicographic order).
using Table = std::map<std::string, std::string>;
using Snapshot = std::map<std::string, Table>;

/// The rows of `name`, empty when the table holds none.
const Table& tableOf(const Snapshot& snapshot, std::string_view name);

enum class StoreErrc {
  unavailable = 1,  // the medium refuses writes (disk full, read-only); reads still work
  closed,           // commit after close()
};
const std::error_category& storeCategory();
std::error_code make_error_code(StoreErrc);

struct StoreHealth {
  std::string kind;          // "memory", "sqlite"
  bool writable = true;
  std::string lastError;     // empty when healthy
  std::uint64_t commits = 0; // batches made durable
};

class Store {
 public:
  using Completion = std::function<void(std::error_code)>;

  virtual ~Store() = default;
  /// Everything committed so far. Called before serving starts.
  virtual Snapshot load() = 0;
  /// Queues `batch`; `done` runs exactly once, on any thread, after the batch is
  /// durable (empty error) or has failed (nothing of it applied).
  virtual void commit(Batch batch, Completion done) = 0;
  /// Finishes queued commits and refuses new ones.
  virtual void close() = 0;
  virtual StoreHealth health() const = 0;
};

}  // namespace smfront::core

template <>
struct std::is_error_code_enum<smfront::core::StoreErrc> : std::true_type {};
