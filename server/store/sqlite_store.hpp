#pragma once
// The SQLite store: the durable journal behind the core (spec §2.6). Everything a
// commit's completion reports as done is in <dataDir>/smfront.db, synced to disk,
// and survives kill -9 and power loss.
//
// The file is refused at open, and left untouched, when it is not smfront's (another
// application id, not SQLite at all, unreadable), when its schema is newer than this
// build knows, or when the previous process did not close it and an integrity check
// fails. Faults of the medium while running (disk full, read-only) fail the affected
// commits with StoreErrc::unavailable and show in health(); the next commit tries
// again, so service resumes by itself when the disk recovers.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/store.hpp"

namespace smfront::store {

/// The data file cannot be used; what() is "<file>: <reason>", fit for one log line.
class StoreOpenError : public std::runtime_error {
 public:
  StoreOpenError(const std::filesystem::path& file, const std::string& reason);

  const std::filesystem::path& file() const noexcept { return file_; }

 private:
  std::filesystem::path file_;
};

struct SqliteOptions {
  /// true: every commit is synced to the disk before it completes (survives power
  /// loss). false: a commit completes once SQLite has written it to the file
  /// (survives kill -9 and crashes of the process; the operating system writes it
  /// out on its own, and at each checkpoint).
  bool syncEveryCommit = true;
  /// Run PRAGMA integrity_check at every open, not only after an unclean stop.
  bool integrityCheckAlways = false;
  /// Group commit's gathering, used only while commits arrive concurrently (the
  /// previous transaction held more than one batch): the writer keeps collecting
  /// while another batch arrives within `gatherQuiet` of the last one, for at most
  /// `gatherLimit` and up to `gatherBatches` batches. Each transaction costs a sync
  /// and a few pages whatever it holds, so under load a few hundred microseconds of
  /// waiting buys several times fewer of them. A lone client never waits.
  std::chrono::microseconds gatherQuiet{50};
  std::chrono::microseconds gatherLimit{500};
  std::size_t gatherBatches = 32;
  /// While the medium refuses writes, the writer tries a one-row write this often
  /// and reports the store writable again once it succeeds: the core refuses
  /// changes up front while the store is not writable, so no commit would tell.
  std::chrono::milliseconds probeEvery{1000};
  /// Free space kept on the store's disk: once a commit leaves less, the store
  /// reports itself not writable (the commit itself succeeded), so that the core
  /// refuses changes before it makes them instead of after the disk fills; it is
  /// writable again when that much is free. 0: no reserve.
  std::uint64_t minFreeBytes = 64ull * 1024 * 1024;
  /// How the free space is measured; empty: statvfs of the data directory. Tests set it.
  std::function<std::uint64_t()> freeBytes{};
  /// The SQLite VFS both connections open the file through; empty is the platform's
  /// default. Only tests set it, to a VFS that plays a full or read-only disk.
  std::string vfs{};
};

/// Opens (creating when missing) <dataDir>/smfront.db and starts its writer thread.
/// Throws StoreOpenError naming the file and the reason. load() throws it too when
/// the records cannot be read.
std::unique_ptr<core::Store> openSqliteStore(const std::filesystem::path& dataDir,
                                             SqliteOptions options = {});

/// A file of the store that others could read, found at open.
struct LooseFileMode {
  std::filesystem::path file;
  unsigned mode = 0;  // the permission bits it had
  std::string error;  // empty: it is 0600 now; else why it could not be changed
};

/// What the SQLite store found at open and how it has grouped commits since.
struct SqliteStats {
  std::vector<LooseFileMode> tightened;  // smfront.db, -wal, -shm that were not 0600
  bool uncleanStart = false;       // the previous process did not close() the store
  bool integrityChecked = false;   // PRAGMA integrity_check ran at open, and passed
  std::uint64_t transactions = 0;  // write transactions that made batches durable
  std::uint64_t batches = 0;       // batches they held (health().commits)
};

/// The stats of a store made by openSqliteStore; std::invalid_argument for any other.
SqliteStats sqliteStats(const core::Store& store);

}  // namespace smfront::store
