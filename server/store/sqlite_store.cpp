// Theory of operation
//
// Open. The file is first inspected through a read-only connection, so that a file
// that is not ours is refused without a single byte of it changing: a non-empty file
// must start with SQLite's header, carry smfront's application_id (or be an empty
// database, which is what a crash during creation leaves), and have a schema version
// no newer than kMigrations knows. If the previous process left the "running" marker
// in meta (it did not reach close()), or the options ask for it, PRAGMA
// integrity_check runs before anything is written. Only then is the write connection
// opened: WAL mode, synchronous=FULL (a commit is on disk when COMMIT returns), the
// pending migrations in one transaction, and the marker set.
//
// Writing. One writer thread owns the write connection. commit() only appends to a
// queue and wakes it. The writer takes everything queued, applies it in one
// transaction (group commit: the fsync that makes one batch durable makes all of
// them durable), then runs the completions in submission order. A failed
// transaction is rolled back and fails every batch in it; nothing of them is
// applied. Any failure also drops the write connection and the next group opens a
// fresh one: a connection that fell back to read-only because the file was not
// writable at open only recovers that way. While writes fail, the writer also
// probes every `probeEvery` with a one-row write of its own (meta "write_probe"),
// so that health() turns writable again when space returns even if no commit
// arrives. Checkpoints run after the completions, so acknowledgements never wait
// for them.
//
// Reading. load() uses its own read-only connection, so it works while the medium
// refuses writes and after close().
//
// Closing. close() refuses new commits, lets the writer drain the queue (queued
// batches are written and completed), clears the marker and closes the write
// connection, which checkpoints the WAL into the database file. The emptied -wal
// and -shm files stay, so that a later start on a read-only directory can still
// read (and, if the files themselves are writable, write).
#include "store/sqlite_store.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <optional>
#include <span>
#include <string_view>
#include <thread>
#include <vector>

namespace smfront::store {
namespace {

namespace fs = std::filesystem;

constexpr const char* kFileName = "smfront.db";
// 'SMFR': marks the file as smfront's, so that no other database is ever migrated.
constexpr std::int32_t kApplicationId = 0x534D4652;
constexpr int kBusyTimeoutMs = 5000;
// WAL frames after which the writer checkpoints; SQLite's own default threshold.
constexpr int kCheckpointFrames = 1000;
constexpr std::string_view kSqliteHeader{"SQLite format 3\0", 16};

/// One forward step of the schema; version N's SQL turns version N-1 into N.
struct Migration {
  int version;
  const char* sql;
};

constexpr std::array kMigrations{
    Migration{1,
              "CREATE TABLE meta(name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
              "CREATE TABLE records(tbl TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL,"
              " PRIMARY KEY(tbl, key)) WITHOUT ROWID;"},
};
constexpr int kSchemaVersion = kMigrations.back().version;

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Db = std::unique_ptr<sqlite3, DbCloser>;

struct StmtFinalizer {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using Stmt = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

/// Why a SQLite call failed, for logs: "database or disk is full (SQLITE_FULL)".
std::string describe(sqlite3* db, int rc) {
  std::string text = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  const int code = db ? sqlite3_extended_errcode(db) : rc;
  const char* name = nullptr;
  switch (code & 0xff) {
    case SQLITE_FULL: name = "SQLITE_FULL"; break;
    case SQLITE_READONLY: name = "SQLITE_READONLY"; break;
    case SQLITE_CANTOPEN: name = "SQLITE_CANTOPEN"; break;
    case SQLITE_IOERR: name = "SQLITE_IOERR"; break;
    case SQLITE_BUSY: name = "SQLITE_BUSY"; break;
    case SQLITE_CORRUPT: name = "SQLITE_CORRUPT"; break;
    case SQLITE_NOTADB: name = "SQLITE_NOTADB"; break;
    case SQLITE_PERM: name = "SQLITE_PERM"; break;
    default: break;
  }
  text += name ? std::string(" (") + name : std::string(" (SQLite error");
  if (code != (code & 0xff) || !name) text += " " + std::to_string(code);
  text += ")";
  return text;
}

/// A failed SQLite call, carried up to where it becomes a StoreOpenError or a
/// failed commit.
struct SqliteFailure {
  int rc;
  std::string text;
};

SqliteFailure failure(sqlite3* db, int rc, std::string_view doing) {
  return {rc, std::string(doing) + ": " + describe(db, rc)};
}

Db openConnection(const fs::path& file, int flags, const std::string& vfs) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(file.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX,
                                 vfs.empty() ? nullptr : vfs.c_str());
  Db db(raw);
  if (rc != SQLITE_OK) throw failure(db.get(), rc, "cannot open");
  sqlite3_extended_result_codes(db.get(), 1);
  sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
  return db;
}

Stmt prepare(sqlite3* db, std::string_view sql) {
  sqlite3_stmt* raw = nullptr;
  const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  Stmt stmt(raw);
  if (rc != SQLITE_OK) throw failure(db, rc, "cannot prepare \"" + std::string(sql) + "\"");
  return stmt;
}

void exec(sqlite3* db, const char* sql, std::string_view doing) {
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) throw failure(db, rc, doing);
}

/// Runs `sql` and returns its rows' first column as text.
std::vector<std::string> queryColumn(sqlite3* db, std::string_view sql, std::string_view doing) {
  Stmt stmt = prepare(db, sql);
  std::vector<std::string> rows;
  for (;;) {
    const int rc = sqlite3_step(stmt.get());
    if (rc == SQLITE_DONE) return rows;
    if (rc != SQLITE_ROW) throw failure(db, rc, doing);
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt.get(), 0));
    rows.emplace_back(text ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt.get(), 0)))
                           : std::string());
  }
}

int parseVersion(const std::string& text) {
  int version = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), version);
  if (ec != std::errc{} || end != text.data() + text.size() || version < 0) {
    throw SqliteFailure{SQLITE_CORRUPT, "unreadable schema version \"" + text + "\""};
  }
  return version;
}

std::string hex32(std::int32_t value) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08x", static_cast<std::uint32_t>(value));
  return text;
}

std::string columnString(sqlite3_stmt* stmt, int column) {
  const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt, column));
  const int size = sqlite3_column_bytes(stmt, column);
  return data ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

/// What the read-only inspection found.
struct Inspection {
  bool fresh = false;  // no database yet: create it
  int version = 0;
  bool unclean = false;
  bool integrityChecked = false;
};

class SqliteStore final : public core::Store {
 public:
  SqliteStore(fs::path file, SqliteOptions options)
      : file_(std::move(file)), options_(std::move(options)) {}

  ~SqliteStore() override { close(); }

  /// Everything up to the writer's start; throws StoreOpenError.
  void open() {
    try {
      const Inspection found = inspect();
      uncleanStart_ = found.unclean;
      integrityChecked_ = found.integrityChecked;
      tightenModes();
      if (found.fresh || found.version < kSchemaVersion) {
        // The file cannot be served without its tables: failing here is fatal.
        openWriteConnection(found.fresh);
        migrate(found.fresh, found.version);
      }
    } catch (const SqliteFailure& failed) {
      throw StoreOpenError(file_, failed.text);
    }
    // From here on the file is ours and current. A medium that refuses the marker
    // (full, read-only) leaves the store serving reads with writable=false, as it
    // would be had the fault come a moment later.
    writeGroup({});
    writer_ = std::thread([this] { writerLoop(); });
  }

  core::Snapshot load() override {
    try {
      Db db = openConnection(file_, SQLITE_OPEN_READONLY, options_.vfs);
      Stmt stmt = prepare(db.get(), "SELECT tbl, key, value FROM records");
      core::Snapshot snapshot;
      for (;;) {
        const int rc = sqlite3_step(stmt.get());
        if (rc == SQLITE_DONE) return snapshot;
        if (rc != SQLITE_ROW) throw failure(db.get(), rc, "cannot read the records");
        snapshot[columnString(stmt.get(), 0)][columnString(stmt.get(), 1)] = columnString(stmt.get(), 2);
      }
    } catch (const SqliteFailure& failed) {
      throw StoreOpenError(file_, failed.text);
    }
  }

  void commit(core::Batch batch, Completion done) override {
    {
      std::lock_guard lock(mutex_);
      if (!writerDone_) {
        // While closing the rejection still goes through the queue, so that it
        // completes after the batches submitted before it.
        queue_.push_back({std::move(batch), std::move(done), closing_});
        wake_.notify_one();
        return;
      }
    }
    done(core::StoreErrc::closed);
  }

  void close() override {
    if (std::this_thread::get_id() == writer_.get_id()) {
      // From a completion: the writer cannot wait for itself. It stops on its own
      // once the queue is drained; the destructor, on another thread, joins it.
      std::lock_guard lock(mutex_);
      closing_ = true;
      return;
    }
    std::lock_guard closeLock(closeMutex_);
    {
      std::lock_guard lock(mutex_);
      closing_ = true;
      if (!writer_.joinable()) writerDone_ = true;  // open() failed: never started
    }
    wake_.notify_one();
    if (writer_.joinable()) writer_.join();
  }

  core::StoreHealth health() const override {
    std::lock_guard lock(mutex_);
    return {.kind = "sqlite", .writable = writable_ && !closing_, .lastError = lastError_, .commits = batches_};
  }

  SqliteStats stats() const {
    std::lock_guard lock(mutex_);
    return {.tightened = tightened_,
            .uncleanStart = uncleanStart_,
            .integrityChecked = integrityChecked_,
            .transactions = transactions_,
            .batches = batches_};
  }

 private:
  struct Pending {
    core::Batch batch;
    Completion done;
    bool rejected = false;  // submitted after close(): completes with StoreErrc::closed
  };

  /// Decides, without writing, whether the file may be used; throws SqliteFailure.
  Inspection inspect() const {
    Inspection found;
    std::error_code ec;
    const bool exists = fs::exists(file_, ec);
    if (ec) throw SqliteFailure{SQLITE_CANTOPEN, "cannot look at the file: " + ec.message()};
    const auto size = exists ? fs::file_size(file_, ec) : 0;
    if (ec) throw SqliteFailure{SQLITE_CANTOPEN, "cannot look at the file: " + ec.message()};
    if (size == 0) {
      // A zero-length file is what an interrupted creation leaves behind.
      found.fresh = true;
      return found;
    }
    {
      // SQLite reports a foreign file only once it reads it; checking the header
      // first keeps every byte of a stray file out of SQLite's hands.
      std::ifstream in(file_, std::ios::binary);
      if (!in) throw SqliteFailure{SQLITE_CANTOPEN, "cannot read the file"};
      std::array<char, kSqliteHeader.size()> header{};
      in.read(header.data(), header.size());
      if (std::string_view(header.data(), static_cast<std::size_t>(in.gcount())) != kSqliteHeader) {
        throw SqliteFailure{SQLITE_NOTADB, "not a SQLite database (unexpected file header); left untouched"};
      }
    }
    Db db = openConnection(file_, SQLITE_OPEN_READONLY, options_.vfs);
    const auto appId = queryColumn(db.get(), "PRAGMA application_id", "cannot read the application id");
    const auto id = static_cast<std::int32_t>(std::stoll(appId.at(0)));  // SQLite prints an integer
    if (id != kApplicationId) {
      const auto objects = queryColumn(db.get(), "SELECT count(*) FROM sqlite_schema", "cannot read the schema");
      if (id == 0 && objects.at(0) == "0") {
        found.fresh = true;  // an empty database, as a crash during creation leaves it
        return found;
      }
      throw SqliteFailure{SQLITE_NOTADB, "not an smfront database (application_id " + hex32(id) +
                                             ", smfront's is " + hex32(kApplicationId) + "); left untouched"};
    }
    const auto hasMeta = queryColumn(
        db.get(), "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'meta'", "cannot read the schema");
    if (hasMeta.at(0) != "0") {
      const auto version = queryColumn(db.get(), "SELECT value FROM meta WHERE name = 'schema_version'",
                                       "cannot read the schema version");
      if (!version.empty()) found.version = parseVersion(version.front());
      found.unclean = !queryColumn(db.get(), "SELECT value FROM meta WHERE name = 'running'",
                                   "cannot read the unclean-stop marker")
                           .empty();
    }
    if (found.version > kSchemaVersion) {
      throw SqliteFailure{SQLITE_CANTOPEN, "schema version " + std::to_string(found.version) +
                                               " is newer than this smfront knows (" +
                                               std::to_string(kSchemaVersion) + "); left untouched"};
    }
    if (found.unclean || options_.integrityCheckAlways) {
      auto problems = queryColumn(db.get(), "PRAGMA integrity_check(10)", "cannot run the integrity check");
      if (problems.size() != 1 || problems.front() != "ok") {
        std::string text = found.unclean ? "integrity check after an unclean stop failed:"
                                         : "integrity check failed:";
        for (const auto& problem : problems) text += " " + problem + ";";
        text += " left untouched";
        throw SqliteFailure{SQLITE_CORRUPT, text};
      }
      found.integrityChecked = true;
    }
    return found;
  }

  /// Makes the database and its -wal and -shm files readable by their owner
  /// only. Files made by smfront are 0600 from the start; this catches files
  /// made by an older build, a copy, or an archive restore. Runs once the file
  /// is known to be smfront's, so a foreign file is never touched.
  void tightenModes() {
    for (const char* suffix : {"", "-wal", "-shm"}) {
      const fs::path path = file_.string() + suffix;
      struct stat info {};
      if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) continue;
      const unsigned mode = info.st_mode & 07777;
      if ((mode & 077) == 0) continue;
      LooseFileMode loose{path, mode, {}};
      if (::chmod(path.c_str(), mode & 0700) != 0) loose.error = std::strerror(errno);
      tightened_.push_back(std::move(loose));
    }
  }

  /// Opens and configures the write connection; throws SqliteFailure.
  void openWriteConnection(bool create) {
    // The file holds users' password verifiers (the PLAIN one is a single salted
    // HMAC, quick to test guesses against): only the owner may read it. SQLite
    // gives the -wal and -shm files the database file's mode.
    if (create) {
      const int fd = ::open(file_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd >= 0) ::close(fd);
    }
    const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    Db db = openConnection(file_, flags, options_.vfs);
    if (sqlite3_db_readonly(db.get(), "main") == 1) {
      throw SqliteFailure{SQLITE_READONLY,
                          "opened read-only: the file or its directory refuses writes (SQLITE_READONLY)"};
    }
    const auto mode = queryColumn(db.get(), "PRAGMA journal_mode = WAL", "cannot switch to WAL");
    if (mode.empty() || mode.front() != "wal") {
      throw SqliteFailure{SQLITE_CANTOPEN, "cannot switch to WAL (journal mode stays " +
                                               (mode.empty() ? std::string("unknown") : mode.front()) + ")"};
    }
    // WAL with NORMAL syncs only at checkpoints: a commit is in the file (and the
    // page cache) when COMMIT returns, which a killed process cannot undo.
    exec(db.get(), options_.syncEveryCommit ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL",
         "cannot set synchronous");
    // Keep -wal and -shm after close (emptied): without them SQLite cannot open a
    // WAL database in a directory that has become read-only, not even to read it.
    int persist = 1;
    sqlite3_file_control(db.get(), "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
    exec(db.get(), "PRAGMA journal_size_limit = 4194304", "cannot limit the WAL size");
    // 16 MiB of page cache instead of 2: rows of busy chats are spread over the
    // tree, and a page read back from the file costs a system call per commit.
    exec(db.get(), "PRAGMA cache_size = -16384", "cannot size the page cache");
    // The writer checkpoints itself, after the completions (see writerLoop()).
    sqlite3_wal_hook(
        db.get(),
        [](void* self, sqlite3*, const char*, int frames) {
          static_cast<SqliteStore*>(self)->walFrames_ = frames;
          return SQLITE_OK;
        },
        this);
    writeDb_ = std::move(db);
  }

  /// Prepares the statements the writer uses; after the schema exists.
  void prepareStatements() {
    sqlite3* db = writeDb_.get();
    begin_ = prepare(db, "BEGIN IMMEDIATE");
    commit_ = prepare(db, "COMMIT");
    put_ = prepare(db,
                   "INSERT INTO records(tbl, key, value) VALUES(?1, ?2, ?3)"
                   " ON CONFLICT(tbl, key) DO UPDATE SET value = excluded.value");
    erase_ = prepare(db, "DELETE FROM records WHERE tbl = ?1 AND key = ?2");
    setMeta_ = prepare(db,
                       "INSERT INTO meta(name, value) VALUES(?1, ?2)"
                       " ON CONFLICT(name) DO UPDATE SET value = excluded.value");
    clearMeta_ = prepare(db, "DELETE FROM meta WHERE name = ?1");
  }

  void dropWriteConnection() {
    begin_.reset();
    commit_.reset();
    put_.reset();
    erase_.reset();
    setMeta_.reset();
    clearMeta_.reset();
    writeDb_.reset();
  }

  /// Creates the schema or brings it forward, in one transaction; throws SqliteFailure.
  void migrate(bool fresh, int from) {
    sqlite3* db = writeDb_.get();
    exec(db, "BEGIN IMMEDIATE", "cannot start the migration");
    try {
      if (fresh) {
        exec(db, ("PRAGMA application_id = " + std::to_string(kApplicationId)).c_str(),
             "cannot set the application id");
      }
      for (const auto& step : kMigrations) {
        if (step.version <= from) continue;
        exec(db, step.sql, "cannot migrate to schema version " + std::to_string(step.version));
        const auto record = "INSERT INTO meta(name, value) VALUES('schema_version', '" +
                            std::to_string(step.version) +
                            "') ON CONFLICT(name) DO UPDATE SET value = excluded.value";
        exec(db, record.c_str(), "cannot record schema version " + std::to_string(step.version));
      }
      exec(db, "COMMIT", "cannot commit the migration");
    } catch (...) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
  }

  static void check(sqlite3* db, int rc, std::string_view doing) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) throw failure(db, rc, doing);
  }

  /// Runs a prepared statement to completion and resets it.
  static void execute(sqlite3* db, sqlite3_stmt* stmt, std::string_view doing) {
    const int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    check(db, rc, doing);
  }

  static void bindText(sqlite3* db, sqlite3_stmt* stmt, int index, std::string_view text) {
    // SQLITE_STATIC: the batch outlives the statement's step.
    check(db, sqlite3_bind_text(stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC),
          "cannot bind");
  }

  /// One transaction: the marker when not yet set, then every batch not rejected
  /// (with none and `probe`, a row of meta of its own, so that the transaction
  /// writes a page and fails the way a batch would). Records the outcome in
  /// health and returns it for the completions.
  std::error_code writeGroup(std::span<const Pending> group, bool probe = false) {
    std::size_t batches = 0;
    std::string failed;
    try {
      if (!writeDb_) {
        openWriteConnection(false);
        prepareStatements();
      } else if (!begin_) {
        prepareStatements();
      }
      sqlite3* db = writeDb_.get();
      execute(db, begin_.get(), "cannot begin");
      try {
        if (!markerSet_) {
          bindText(db, setMeta_.get(), 1, kMarker);
          const auto owner = "pid " + std::to_string(::getpid());
          bindText(db, setMeta_.get(), 2, owner);
          execute(db, setMeta_.get(), "cannot set the unclean-stop marker");
        }
        for (const auto& pending : group) {
          if (pending.rejected) continue;
          ++batches;
          for (const auto& mutation : pending.batch.mutations) apply(db, mutation);
        }
        if (probe) {
          bindText(db, setMeta_.get(), 1, kProbe);
          const auto attempt = std::to_string(++probes_);
          bindText(db, setMeta_.get(), 2, attempt);
          execute(db, setMeta_.get(), "cannot write");
        }
        execute(db, commit_.get(), "cannot commit");
      } catch (...) {
        if (!sqlite3_get_autocommit(db)) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
      }
      markerSet_ = true;
    } catch (const SqliteFailure& failure) {
      failed = file_.string() + ": " + failure.text;
      // A fresh connection next time: one that fell back to read-only, or whose
      // file descriptor went bad, would otherwise never recover.
      dropWriteConnection();
    }
    // The batches are durable either way; below the reserve the store only stops
    // taking more, so that the core refuses changes before it makes them.
    auto lowSpace = failed.empty() ? spaceBelowReserve() : std::nullopt;
    std::lock_guard lock(mutex_);
    if (!failed.empty()) {
      writable_ = false;
      lastError_ = std::move(failed);
      return core::StoreErrc::unavailable;
    }
    writable_ = !lowSpace;
    lastError_ = lowSpace.value_or(std::string());
    if (batches > 0) {
      batches_ += batches;
      ++transactions_;
    }
    return {};
  }

  /// What health() says while the data directory's disk has less free space than
  /// options_.minFreeBytes; nothing when it has enough (or it cannot be measured).
  std::optional<std::string> spaceBelowReserve() const {
    if (options_.minFreeBytes == 0) return std::nullopt;
    std::uint64_t free = 0;
    if (options_.freeBytes) {
      free = options_.freeBytes();
    } else {
      struct statvfs disk {};
      if (::statvfs(file_.parent_path().c_str(), &disk) != 0) return std::nullopt;
      free = static_cast<std::uint64_t>(disk.f_bavail) * disk.f_frsize;
    }
    if (free >= options_.minFreeBytes) return std::nullopt;
    constexpr std::uint64_t kMiB = 1024 * 1024;
    return file_.string() + ": " + std::to_string(free / kMiB) + " MiB free on its disk, below the " +
           std::to_string(options_.minFreeBytes / kMiB) + " MiB the store keeps (server.store_min_free_mb)";
  }

  void apply(sqlite3* db, const core::Mutation& mutation) {
    if (const auto* put = std::get_if<core::Put>(&mutation)) {
      bindText(db, put_.get(), 1, put->table);
      bindText(db, put_.get(), 2, put->key);
      check(db,
            sqlite3_bind_blob(put_.get(), 3, put->value.data(), static_cast<int>(put->value.size()), SQLITE_STATIC),
            "cannot bind");
      execute(db, put_.get(), "cannot write a record");
    } else {
      const auto& erase = std::get<core::Erase>(mutation);
      bindText(db, erase_.get(), 1, erase.table);
      bindText(db, erase_.get(), 2, erase.key);
      execute(db, erase_.get(), "cannot erase a record");
    }
  }

  /// The writer thread.
  void writerLoop() {
    pthread_setname_np(pthread_self(), "store-writer");
    std::vector<Pending> group;
    for (;;) {
      {
        std::unique_lock lock(mutex_);
        const auto work = [&] { return !queue_.empty() || closing_; };
        if (writable_) {
          wake_.wait(lock, work);
        } else if (!wake_.wait_for(lock, options_.probeEvery, work)) {
          lock.unlock();
          if (auto low = spaceBelowReserve()) {
            std::lock_guard relock(mutex_);
            lastError_ = std::move(*low);  // still short of space: no write is tried
          } else {
            (void)writeGroup({}, true);
          }
          continue;
        }
        if (lastGroupSize_ > 1) gather(lock);
        lastGroupSize_ = queue_.size();
        if (queue_.empty()) {
          writerDone_ = true;
          break;
        }
        group.swap(queue_);
      }
      const bool anyBatch = std::any_of(group.begin(), group.end(), [](const Pending& p) { return !p.rejected; });
      const std::error_code result = anyBatch ? writeGroup(group) : std::error_code{};
      // A completion that throws ends the process: the owners of the batches after
      // it would never hear back.
      for (auto& pending : group) {
        pending.done(pending.rejected ? std::error_code(core::StoreErrc::closed) : result);
      }
      group.clear();
      if (writeDb_ && walFrames_ >= kCheckpointFrames) {
        // PASSIVE never waits for readers; what it cannot copy now it copies later.
        sqlite3_wal_checkpoint_v2(writeDb_.get(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        walFrames_ = 0;
      }
    }
    clearMarker();
    // The last connection to close checkpoints the WAL into the database file.
    dropWriteConnection();
  }

  /// Waits while batches keep arriving (see SqliteOptions::gatherQuiet); @p lock holds mutex_.
  void gather(std::unique_lock<std::mutex>& lock) {
    const auto limit = std::chrono::steady_clock::now() + options_.gatherLimit;
    while (queue_.size() < options_.gatherBatches && !closing_) {
      const std::size_t seen = queue_.size();
      const auto quietUntil = std::min(limit, std::chrono::steady_clock::now() + options_.gatherQuiet);
      const bool more = wake_.wait_until(lock, quietUntil, [&] { return queue_.size() > seen || closing_; });
      if (!more || std::chrono::steady_clock::now() >= limit) return;
    }
  }

  /// Best effort: when it fails the next open merely runs an integrity check.
  void clearMarker() {
    if (!markerSet_ || !writeDb_ || !begin_) return;
    sqlite3* db = writeDb_.get();
    try {
      bindText(db, clearMeta_.get(), 1, kMarker);
      execute(db, clearMeta_.get(), "cannot clear the unclean-stop marker");
      markerSet_ = false;
    } catch (const SqliteFailure&) {
    }
  }

  // The meta row present while a process has the store open.
  static constexpr std::string_view kMarker = "running";
  // The meta row the writer rewrites to find out whether the medium takes writes again.
  static constexpr std::string_view kProbe = "write_probe";

  const fs::path file_;
  const SqliteOptions options_;

  // Writer-thread state (before the writer starts and after it stops, the thread
  // running open() or the destructor owns it).
  Db writeDb_;
  Stmt begin_, commit_, put_, erase_, setMeta_, clearMeta_;
  bool markerSet_ = false;
  int walFrames_ = 0;
  std::uint64_t probes_ = 0;
  std::size_t lastGroupSize_ = 0;  // batches (and rejections) the writer took last time

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<Pending> queue_;
  bool closing_ = false;     // close() was called: new commits are rejected
  bool writerDone_ = false;  // the writer drained the queue and stopped
  bool writable_ = true;
  std::string lastError_;
  std::uint64_t batches_ = 0;
  std::uint64_t transactions_ = 0;
  bool uncleanStart_ = false;
  bool integrityChecked_ = false;
  std::vector<LooseFileMode> tightened_;

  std::mutex closeMutex_;
  std::thread writer_;
};

}  // namespace

StoreOpenError::StoreOpenError(const std::filesystem::path& file, const std::string& reason)
    : std::runtime_error(file.string() + ": " + reason), file_(file) {}

std::unique_ptr<core::Store> openSqliteStore(const std::filesystem::path& dataDir, SqliteOptions options) {
  std::error_code ec;
  fs::create_directories(dataDir, ec);
  if (ec) throw StoreOpenError(dataDir, "cannot create the data directory: " + ec.message());
  auto store = std::make_unique<SqliteStore>(dataDir / kFileName, std::move(options));
  store->open();
  return store;
}

SqliteStats sqliteStats(const core::Store& store) {
  const auto* sqlite = dynamic_cast<const SqliteStore*>(&store);
  if (!sqlite) throw std::invalid_argument("sqliteStats: not a SQLite store");
  return sqlite->stats();
}

}  // namespace smfront::store
