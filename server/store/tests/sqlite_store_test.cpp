// What only the SQLite store promises: durability across restarts and crashes, the
// refusal of files that are not its own, recovery from a full or read-only medium,
// and group commit. The contract every store keeps is in store_contract_test.cpp.
#include "store/sqlite_store.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <future>
#include <iostream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "support/temp_dir.hpp"
#include "support/wait.hpp"

namespace smfront::store {
namespace {

namespace fs = std::filesystem;
using smfront::testing::TempDir;

// A VFS over the platform's that fails the way a full disk or a read-only
// filesystem does. chmod does not stop root, and mounting a small or read-only
// filesystem needs privileges a test cannot count on, so the faults are injected
// one layer down instead, with the codes the unix VFS itself produces: ENOSPC on
// write becomes SQLITE_FULL, a write refused on an open file (EROFS, EPERM)
// SQLITE_IOERR_WRITE, and a file that cannot be opened for writing is opened
// read-only. Everything above the VFS, SQLite and the store, runs unchanged.
// ImmutableFileFailsCommitsUntilRestored does the same with the real filesystem
// where chattr +i is allowed.
namespace fault {

enum class Mode { none, diskFull, readOnly };
std::atomic<Mode> mode{Mode::none};
constexpr const char* kVfsName = "smfront-fault";

struct File {
  sqlite3_file base;   // must come first: SQLite sees this
  sqlite3_file* real;  // the platform's file, allocated right after this struct
};

sqlite3_vfs* platform() {
  static sqlite3_vfs* vfs = sqlite3_vfs_find(nullptr);
  return vfs;
}

sqlite3_file* real(sqlite3_file* f) { return reinterpret_cast<File*>(f)->real; }

int xClose(sqlite3_file* f) { return real(f)->pMethods->xClose(real(f)); }
int xRead(sqlite3_file* f, void* buf, int n, sqlite3_int64 off) {
  return real(f)->pMethods->xRead(real(f), buf, n, off);
}
int xWrite(sqlite3_file* f, const void* buf, int n, sqlite3_int64 off) {
  switch (mode.load()) {
    case Mode::diskFull: return SQLITE_FULL;
    case Mode::readOnly: return SQLITE_IOERR_WRITE;
    case Mode::none: break;
  }
  return real(f)->pMethods->xWrite(real(f), buf, n, off);
}
int xTruncate(sqlite3_file* f, sqlite3_int64 size) {
  if (mode.load() != Mode::none) return SQLITE_IOERR_TRUNCATE;
  return real(f)->pMethods->xTruncate(real(f), size);
}
int xSync(sqlite3_file* f, int flags) { return real(f)->pMethods->xSync(real(f), flags); }
int xFileSize(sqlite3_file* f, sqlite3_int64* size) { return real(f)->pMethods->xFileSize(real(f), size); }
int xLock(sqlite3_file* f, int level) { return real(f)->pMethods->xLock(real(f), level); }
int xUnlock(sqlite3_file* f, int level) { return real(f)->pMethods->xUnlock(real(f), level); }
int xCheckReservedLock(sqlite3_file* f, int* out) { return real(f)->pMethods->xCheckReservedLock(real(f), out); }
int xFileControl(sqlite3_file* f, int op, void* arg) { return real(f)->pMethods->xFileControl(real(f), op, arg); }
int xSectorSize(sqlite3_file* f) { return real(f)->pMethods->xSectorSize(real(f)); }
int xDeviceCharacteristics(sqlite3_file* f) { return real(f)->pMethods->xDeviceCharacteristics(real(f)); }
int xShmMap(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
  return real(f)->pMethods->xShmMap(real(f), region, size, extend, out);
}
int xShmLock(sqlite3_file* f, int offset, int n, int flags) {
  return real(f)->pMethods->xShmLock(real(f), offset, n, flags);
}
void xShmBarrier(sqlite3_file* f) { real(f)->pMethods->xShmBarrier(real(f)); }
int xShmUnmap(sqlite3_file* f, int deleteFlag) { return real(f)->pMethods->xShmUnmap(real(f), deleteFlag); }
int xFetch(sqlite3_file* f, sqlite3_int64 off, int n, void** out) {
  return real(f)->pMethods->xFetch(real(f), off, n, out);
}
int xUnfetch(sqlite3_file* f, sqlite3_int64 off, void* p) { return real(f)->pMethods->xUnfetch(real(f), off, p); }

// Version 3: WAL needs the shared-memory methods, mmap the fetch ones.
const sqlite3_io_methods kMethods = {
    3,       xClose,      xRead,       xWrite,       xTruncate,   xSync,
    xFileSize, xLock,     xUnlock,     xCheckReservedLock, xFileControl, xSectorSize,
    xDeviceCharacteristics, xShmMap, xShmLock, xShmBarrier, xShmUnmap, xFetch,
    xUnfetch};

int xOpen(sqlite3_vfs*, const char* name, sqlite3_file* f, int flags, int* outFlags) {
  auto* file = reinterpret_cast<File*>(f);
  file->real = reinterpret_cast<sqlite3_file*>(file + 1);
  if (mode.load() == Mode::readOnly && (flags & SQLITE_OPEN_READWRITE)) {
    // What the unix VFS does when open(O_RDWR) is refused: fall back to read-only.
    flags = (flags & ~(SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) | SQLITE_OPEN_READONLY;
  }
  const int rc = platform()->xOpen(platform(), name, file->real, flags, outFlags);
  file->base.pMethods = rc == SQLITE_OK ? &kMethods : nullptr;
  return rc;
}

int xDelete(sqlite3_vfs*, const char* name, int syncDir) {
  if (mode.load() != Mode::none) return SQLITE_IOERR_DELETE;
  return platform()->xDelete(platform(), name, syncDir);
}

/// Registers the VFS once; the platform's methods serve everything not overridden.
void install() {
  static const bool installed = [] {
    static sqlite3_vfs vfs = *platform();
    vfs.zName = kVfsName;
    vfs.szOsFile = static_cast<int>(sizeof(File)) + platform()->szOsFile;
    vfs.pNext = nullptr;
    vfs.xOpen = xOpen;
    vfs.xDelete = xDelete;
    return sqlite3_vfs_register(&vfs, 0) == SQLITE_OK;
  }();
  ASSERT_TRUE(installed);
}

/// Sets a fault for the scope; the next test starts healthy even when this one fails.
class Scoped {
 public:
  explicit Scoped(Mode m) { mode = m; }
  ~Scoped() { mode = Mode::none; }
  Scoped(const Scoped&) = delete;
  Scoped& operator=(const Scoped&) = delete;
};

}  // namespace fault

/// Commits and waits for the completion, which must come exactly once.
std::error_code commitAndWait(core::Store& store, core::Batch batch) {
  std::promise<std::error_code> result;
  auto future = result.get_future();
  std::atomic<int> calls = 0;
  store.commit(std::move(batch), [&](std::error_code ec) {
    if (calls++ == 0) result.set_value(ec);
  });
  if (future.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
    ADD_FAILURE() << "no completion";
    return make_error_code(std::errc::timed_out);
  }
  const auto ec = future.get();
  EXPECT_EQ(calls.load(), 1);
  return ec;
}

std::string readBytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void writeBytes(const fs::path& file, const std::string& bytes) {
  std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
}

/// Runs SQL on the file directly, as another program would.
void sql(const fs::path& file, const std::string& statements) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, statements.c_str(), nullptr, nullptr, &error);
  EXPECT_EQ(rc, SQLITE_OK) << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

std::string sqlValue(const fs::path& file, const std::string& query) {
  sqlite3* db = nullptr;
  std::string value;
  if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, query.c_str(), -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
      value = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  return value;
}

/// The open error's message, or "" when the store opened.
std::string openError(const fs::path& dir, SqliteOptions options = {}) {
  try {
    openSqliteStore(dir, std::move(options))->close();
  } catch (const StoreOpenError& e) {
    return e.what();
  }
  return {};
}

TEST(SqliteStore, CreatesAWalDatabaseMarkedAsSmfronts) {
  TempDir dir;
  const auto data = dir.path() / "nested" / "data";
  auto store = openSqliteStore(data);
  ASSERT_FALSE(commitAndWait(*store, core::Batch{}.put("t", "k", "v")));
  const auto file = data / "smfront.db";
  EXPECT_EQ(sqlValue(file, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(sqlValue(file, "PRAGMA application_id"), std::to_string(0x534D4652));
  EXPECT_EQ(sqlValue(file, "SELECT value FROM meta WHERE name = 'schema_version'"), "1");
  EXPECT_EQ(sqlValue(file, "SELECT count(*) FROM meta WHERE name = 'running'"), "1") << "unclean marker while open";
  store->close();
  EXPECT_EQ(sqlValue(file, "SELECT count(*) FROM meta WHERE name = 'running'"), "0") << "close() clears it";
  const auto health = store->health();
  EXPECT_EQ(health.kind, "sqlite");
  EXPECT_EQ(health.commits, 1u);
}

TEST(SqliteStore, NewFilesAreReadableByTheOwnerOnly) {
  TempDir dir;
  auto store = openSqliteStore(dir.path());
  ASSERT_FALSE(commitAndWait(*store, core::Batch{}.put("t", "k", "v")));
  const auto others = fs::perms::group_all | fs::perms::others_all;
  for (const char* name : {"smfront.db", "smfront.db-wal", "smfront.db-shm"}) {
    const auto file = dir.path() / name;
    ASSERT_TRUE(fs::exists(file)) << name;
    EXPECT_EQ(fs::status(file).permissions() & others, fs::perms::none) << name << " holds password verifiers";
  }
  store->close();
}

TEST(SqliteStore, ExistingFilesReadableByOthersAreMadeOwnerOnlyAndReported) {
  TempDir dir;
  openSqliteStore(dir.path())->close();
  const auto loose = fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read;
  for (const char* name : {"smfront.db", "smfront.db-wal", "smfront.db-shm"}) {
    ASSERT_TRUE(fs::exists(dir.path() / name)) << name;
    fs::permissions(dir.path() / name, loose);
  }
  auto store = openSqliteStore(dir.path());
  const auto tightened = sqliteStats(*store).tightened;
  ASSERT_EQ(tightened.size(), 3u);
  for (const auto& file : tightened) {
    EXPECT_EQ(file.mode, 0644u) << file.file;
    EXPECT_EQ(file.error, "") << file.file;
    EXPECT_EQ(fs::status(file.file).permissions() & fs::perms::mask, fs::perms::owner_read | fs::perms::owner_write)
        << file.file;
  }
  store->close();
  EXPECT_TRUE(sqliteStats(*openSqliteStore(dir.path())).tightened.empty()) << "nothing to report the next time";
}

TEST(SqliteStore, DataSurvivesCloseAndReopen) {
  TempDir dir;
  {
    auto store = openSqliteStore(dir.path());
    std::string binary("a\0b\xff", 4);
    ASSERT_FALSE(commitAndWait(*store, core::Batch{}.put("t", "k1", binary).put("t", "k2", "").put("u", "x", "y")));
    ASSERT_FALSE(commitAndWait(*store, core::Batch{}.erase("u", "x").put("t", "k3", "three")));
    store->close();
  }
  auto store = openSqliteStore(dir.path());
  const auto snapshot = store->load();
  EXPECT_EQ(snapshot.at("t").at("k1"), std::string("a\0b\xff", 4));
  EXPECT_EQ(snapshot.at("t").at("k2"), "");
  EXPECT_EQ(snapshot.at("t").at("k3"), "three");
  EXPECT_FALSE(snapshot.contains("u"));
  const auto stats = sqliteStats(*store);
  EXPECT_FALSE(stats.uncleanStart);
  EXPECT_FALSE(stats.integrityChecked);
  store->close();
}

TEST(SqliteStore, DestroyingWithoutCloseCompletesQueuedBatches) {
  TempDir dir;
  int completed = 0;
  {
    auto store = openSqliteStore(dir.path());
    for (int i = 0; i < 50; ++i) {
      store->commit(core::Batch{}.put("t", std::to_string(i), "v"), [&](std::error_code ec) {
        EXPECT_FALSE(ec);
        ++completed;
      });
    }
  }
  EXPECT_EQ(completed, 50);
  auto store = openSqliteStore(dir.path());
  EXPECT_EQ(store->load().at("t").size(), 50u);
}

// kill -9 after the acknowledgement: the child commits, sees its completions, and
// dies without close(). The parent finds every acknowledged batch and the unclean
// marker, which makes the open run the integrity check.
TEST(SqliteStore, AcknowledgedDataSurvivesKill9AndTriggersIntegrityCheck) {
  TempDir dir;
  const pid_t child = ::fork();
  ASSERT_NE(child, -1);
  if (child == 0) {
    int status = 0;
    try {
      auto store = openSqliteStore(dir.path());
      std::promise<void> acknowledged;
      std::atomic<int> ok = 0;
      for (int i = 0; i < 100; ++i) {
        store->commit(core::Batch{}.put("t", std::to_string(i), "v" + std::to_string(i)),
                      [&, i](std::error_code ec) {
                        if (!ec) ++ok;
                        if (i == 99) acknowledged.set_value();
                      });
      }
      acknowledged.get_future().wait();
      if (ok == 100) ::raise(SIGKILL);  // with the store still open
      status = 3;
    } catch (...) {
      status = 2;
    }
    ::_exit(status);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "child status " << status;
  EXPECT_GT(fs::file_size(dir.path() / "smfront.db-wal"), 0u) << "the acknowledged data is in the WAL";

  auto store = openSqliteStore(dir.path());
  const auto stats = sqliteStats(*store);
  EXPECT_TRUE(stats.uncleanStart);
  EXPECT_TRUE(stats.integrityChecked);
  const auto snapshot = store->load();
  ASSERT_EQ(snapshot.at("t").size(), 100u);
  EXPECT_EQ(snapshot.at("t").at("99"), "v99");
  store->close();

  auto again = openSqliteStore(dir.path());
  EXPECT_FALSE(sqliteStats(*again).uncleanStart) << "a clean close clears the marker";
  EXPECT_FALSE(sqliteStats(*again).integrityChecked);
}

TEST(SqliteStore, IntegrityCheckCanRunAtEveryOpen) {
  TempDir dir;
  openSqliteStore(dir.path())->close();
  auto store = openSqliteStore(dir.path(), {.integrityCheckAlways = true, .vfs = {}});
  EXPECT_FALSE(sqliteStats(*store).uncleanStart);
  EXPECT_TRUE(sqliteStats(*store).integrityChecked);
}

TEST(SqliteStore, CorruptFileAfterUncleanStopIsRefusedAndLeftAsItIs) {
  TempDir dir;
  const auto file = dir.path() / "smfront.db";
  {
    auto store = openSqliteStore(dir.path());
    core::Batch batch;
    for (int i = 0; i < 400; ++i) batch.put("t", "key" + std::to_string(i), std::string(200, 'x'));
    ASSERT_FALSE(commitAndWait(*store, std::move(batch)));
    store->close();
  }
  // As a crash would leave it: the marker set, and a page of records overwritten.
  sql(file, "INSERT INTO meta VALUES('running', 'pid 1')");
  ASSERT_FALSE(fs::exists(dir.path() / "smfront.db-wal"));
  std::string bytes = readBytes(file);
  ASSERT_GT(bytes.size(), 8u * 4096);
  for (std::size_t i = 6 * 4096 + 8; i < 7 * 4096; ++i) bytes[i] = static_cast<char>(0xA5);
  writeBytes(file, bytes);

  const auto error = openError(dir.path());
  EXPECT_NE(error.find(file.string()), std::string::npos) << error;
  EXPECT_NE(error.find("integrity check after an unclean stop failed"), std::string::npos) << error;
  EXPECT_EQ(readBytes(file), bytes);
}

TEST(SqliteStore, ForeignDatabaseIsRefusedAndLeftAsItIs) {
  TempDir dir;
  const auto file = dir.path() / "smfront.db";
  sql(file, "PRAGMA application_id = 305419896; CREATE TABLE notes(x); INSERT INTO notes VALUES('mine');");
  const auto before = readBytes(file);

  const auto error = openError(dir.path());
  EXPECT_NE(error.find(file.string()), std::string::npos) << error;
  EXPECT_NE(error.find("application_id 0x12345678"), std::string::npos) << error;
  EXPECT_EQ(readBytes(file), before);
  EXPECT_FALSE(fs::exists(dir.path() / "smfront.db-wal"));
  EXPECT_EQ(sqlValue(file, "SELECT count(*) FROM sqlite_schema"), "1");
}

TEST(SqliteStore, PlainSqliteDatabaseWithoutApplicationIdIsRefused) {
  TempDir dir;
  const auto file = dir.path() / "smfront.db";
  sql(file, "CREATE TABLE records(tbl, key, value);");
  const auto before = readBytes(file);
  const auto error = openError(dir.path());
  EXPECT_NE(error.find("not an smfront database (application_id 0x00000000"), std::string::npos) << error;
  EXPECT_EQ(readBytes(file), before);
}

TEST(SqliteStore, GarbageFileIsRefusedAndLeftAsItIs) {
  TempDir dir;
  const auto file = dir.path() / "smfront.db";
  std::string garbage;
  for (int i = 0; i < 300; ++i) garbage += "this is not a database, it is a log line\n";
  writeBytes(file, garbage);
  const auto error = openError(dir.path());
  EXPECT_NE(error.find(file.string()), std::string::npos) << error;
  EXPECT_NE(error.find("not a SQLite database"), std::string::npos) << error;
  EXPECT_EQ(readBytes(file), garbage);

  writeBytes(file, "tiny");
  EXPECT_NE(openError(dir.path()).find("not a SQLite database"), std::string::npos);
  EXPECT_EQ(readBytes(file), "tiny");
}

TEST(SqliteStore, SqliteHeaderWithGarbageBehindItIsRefused) {
  TempDir dir;
  const auto file = dir.path() / "smfront.db";
  std::string bytes("SQLite format 3\0", 16);
  bytes += std::string(8192, '\x7f');
  writeBytes(file, bytes);
  const auto error = openError(dir.path());
  EXPECT_NE(error.find(file.string()), std::string::npos) << error;
  EXPECT_EQ(readBytes(file), bytes);
}

TEST(SqliteStore, NewerSchemaIsRefused) {
  TempDir dir;
  const auto file = dir.path() / "smfront.db";
  openSqliteStore(dir.path())->close();
  sql(file, "UPDATE meta SET value = '7' WHERE name = 'schema_version'");
  const auto before = readBytes(file);
  const auto error = openError(dir.path());
  EXPECT_NE(error.find(file.string()), std::string::npos) << error;
  EXPECT_NE(error.find("schema version 7 is newer"), std::string::npos) << error;
  EXPECT_EQ(readBytes(file), before);
}

TEST(SqliteStore, EmptyFileIsTakenAsNew) {
  TempDir dir;
  writeBytes(dir.path() / "smfront.db", "");
  auto store = openSqliteStore(dir.path());
  EXPECT_FALSE(commitAndWait(*store, core::Batch{}.put("t", "k", "v")));
}

TEST(SqliteStore, UncreatableDirectoryIsReported) {
  TempDir dir;
  writeBytes(dir.path() / "file", "x");
  const auto error = openError(dir.path() / "file" / "sub");
  EXPECT_NE(error.find("cannot create the data directory"), std::string::npos) << error;
}

void expectFaultRecovery(fault::Mode mode, const std::string& expectedText) {
  fault::install();
  TempDir dir;
  auto store = openSqliteStore(dir.path(), {.integrityCheckAlways = false, .vfs = fault::kVfsName});
  ASSERT_FALSE(commitAndWait(*store, core::Batch{}.put("t", "before", "1")));
  {
    fault::Scoped faulty(mode);
    EXPECT_EQ(commitAndWait(*store, core::Batch{}.put("t", "lost", "2").put("t", "before", "changed")),
              core::StoreErrc::unavailable);
    auto health = store->health();
    EXPECT_FALSE(health.writable);
    EXPECT_NE(health.lastError.find((dir.path() / "smfront.db").string()), std::string::npos) << health.lastError;
    EXPECT_NE(health.lastError.find(expectedText), std::string::npos) << health.lastError;
    // The next commit tries again (with a fresh connection) and fails the same way.
    EXPECT_EQ(commitAndWait(*store, core::Batch{}.put("t", "lost", "3")), core::StoreErrc::unavailable);
    EXPECT_FALSE(store->health().writable);
    const auto snapshot = store->load();
    EXPECT_EQ(snapshot.at("t").at("before"), "1") << "reads keep working; nothing of a failed batch applied";
    EXPECT_FALSE(snapshot.at("t").contains("lost"));
  }
  ASSERT_FALSE(commitAndWait(*store, core::Batch{}.put("t", "after", "4")));
  EXPECT_TRUE(store->health().writable);
  EXPECT_TRUE(store->health().lastError.empty());
  EXPECT_EQ(store->health().commits, 2u);
  store->close();
  auto reopened = openSqliteStore(dir.path());
  const auto snapshot = reopened->load();
  EXPECT_EQ(snapshot.at("t").at("before"), "1");
  EXPECT_EQ(snapshot.at("t").at("after"), "4");
  EXPECT_FALSE(snapshot.at("t").contains("lost"));
}

TEST(SqliteStore, DiskFullFailsCommitsUntilSpaceReturns) {
  expectFaultRecovery(fault::Mode::diskFull, "SQLITE_FULL");
}

TEST(SqliteStore, AFullMediumIsProbedAndReportedWritableWhenSpaceReturnsWithoutACommit) {
  fault::install();
  TempDir dir;
  auto store = openSqliteStore(dir.path(), {.probeEvery = std::chrono::milliseconds(20), .vfs = fault::kVfsName});
  ASSERT_FALSE(commitAndWait(*store, core::Batch{}.put("t", "before", "1")));
  {
    fault::Scoped faulty(fault::Mode::diskFull);
    ASSERT_EQ(commitAndWait(*store, core::Batch{}.put("t", "lost", "2")), core::StoreErrc::unavailable);
    // Probes keep failing while the disk is full.
    EXPECT_FALSE(smfront::testing::waitUntil([&] { return store->health().writable; }, std::chrono::milliseconds(200)));
  }
  EXPECT_TRUE(smfront::testing::waitUntil([&] { return store->health().writable; }, std::chrono::milliseconds(5000)))
      << "no commit arrives: only the writer's probe can find out";
  EXPECT_TRUE(store->health().lastError.empty());
  EXPECT_EQ(store->health().commits, 1u) << "a probe is not a batch";
  const auto snapshot = store->load();
  EXPECT_FALSE(snapshot.at("t").contains("lost"));
}

TEST(SqliteStore, BelowTheFreeSpaceReserveItStopsTakingWritesBeforeTheDiskIsFull) {
  TempDir dir;
  std::atomic<std::uint64_t> free{1'000'000'000};
  auto store = openSqliteStore(dir.path(), {.probeEvery = std::chrono::milliseconds(20),
                                            .minFreeBytes = 64 * 1024 * 1024,
                                            .freeBytes = [&free] { return free.load(); }});
  ASSERT_FALSE(commitAndWait(*store, core::Batch{}.put("t", "first", "1")));
  EXPECT_TRUE(store->health().writable);

  free = 10 * 1024 * 1024;
  EXPECT_FALSE(commitAndWait(*store, core::Batch{}.put("t", "second", "2")))
      << "the commit that finds the reserve crossed is itself stored";
  auto health = store->health();
  EXPECT_FALSE(health.writable) << "and the store takes no more, so changes are refused before they are made";
  EXPECT_NE(health.lastError.find("10 MiB free"), std::string::npos) << health.lastError;
  EXPECT_NE(health.lastError.find("server.store_min_free_mb"), std::string::npos) << health.lastError;

  free = 100 * 1024 * 1024;
  EXPECT_TRUE(smfront::testing::waitUntil([&] { return store->health().writable; }, std::chrono::milliseconds(5000)))
      << "writable again once there is room, without a commit to find out";
  const auto snapshot = store->load();
  EXPECT_EQ(snapshot.at("t").at("second"), "2");
}

TEST(SqliteStore, ReadOnlyMediumFailsCommitsUntilWritableAgain) {
  expectFaultRecovery(fault::Mode::readOnly, "SQLITE_");
}

TEST(SqliteStore, OpeningOnAReadOnlyMediumServesReads) {
  fault::install();
  TempDir dir;
  {
    auto store = openSqliteStore(dir.path());
    ASSERT_FALSE(commitAndWait(*store, core::Batch{}.put("t", "k", "v")));
  }
  fault::Scoped faulty(fault::Mode::readOnly);
  auto store = openSqliteStore(dir.path(), {.integrityCheckAlways = false, .vfs = fault::kVfsName});
  EXPECT_FALSE(store->health().writable);
  EXPECT_NE(store->health().lastError.find("SQLITE_READONLY"), std::string::npos) << store->health().lastError;
  EXPECT_EQ(store->load().at("t").at("k"), "v");
  EXPECT_EQ(commitAndWait(*store, core::Batch{}.put("t", "k", "w")), core::StoreErrc::unavailable);
}

// The same with the real filesystem: an immutable file refuses even root. Needs
// CAP_LINUX_IMMUTABLE and a filesystem with the flag (ext4, xfs); skipped elsewhere.
TEST(SqliteStore, ImmutableFileFailsCommitsUntilRestored) {
  TempDir dir;
  auto store = openSqliteStore(dir.path());
  ASSERT_FALSE(commitAndWait(*store, core::Batch{}.put("t", "before", "1")));
  const auto db = (dir.path() / "smfront.db").string();
  const auto wal = db + "-wal";
  const auto chattr = [&](const char* flag) {
    return std::system(("chattr " + std::string(flag) + " '" + db + "' '" + wal + "' 2>/dev/null").c_str()) == 0;
  };
  if (!chattr("+i")) {
    chattr("-i");
    GTEST_SKIP() << "chattr +i is not available here";
  }
  struct Restore {
    std::function<bool(const char*)> chattr;
    ~Restore() { chattr("-i"); }
  } restore{chattr};

  EXPECT_EQ(commitAndWait(*store, core::Batch{}.put("t", "lost", "2")), core::StoreErrc::unavailable);
  EXPECT_EQ(commitAndWait(*store, core::Batch{}.put("t", "lost", "3")), core::StoreErrc::unavailable);
  EXPECT_FALSE(store->health().writable);
  EXPECT_NE(store->health().lastError.find(db), std::string::npos) << store->health().lastError;
  EXPECT_EQ(store->load().at("t").at("before"), "1");
  EXPECT_FALSE(store->load().at("t").contains("lost"));

  ASSERT_TRUE(chattr("-i"));
  ASSERT_FALSE(commitAndWait(*store, core::Batch{}.put("t", "after", "4")));
  EXPECT_TRUE(store->health().writable);
  store->close();
  auto reopened = openSqliteStore(dir.path());
  EXPECT_EQ(reopened->load().at("t").size(), 2u);
}

TEST(SqliteStore, ConcurrentCommitsCompleteOnceInOrderPerThread) {
  TempDir dir;
  auto store = openSqliteStore(dir.path());
  constexpr int kThreads = 4;
  constexpr int kPerThread = 250;
  // Completions run on the writer thread only, so these need no lock; join() and
  // close() publish them to this thread.
  std::vector<int> next(kThreads, 0);
  std::vector<int> outOfOrder(kThreads, 0);
  std::atomic<int> failures = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        store->commit(core::Batch{}.put("t" + std::to_string(t), std::to_string(i), "v"),
                      [&, t, i](std::error_code ec) {
                        if (ec) ++failures;
                        if (next[t] != i) ++outOfOrder[t];
                        next[t] = i + 1;
                      });
      }
    });
  }
  for (auto& thread : threads) thread.join();
  store->close();
  EXPECT_EQ(failures.load(), 0);
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(next[t], kPerThread) << "thread " << t;
    EXPECT_EQ(outOfOrder[t], 0) << "thread " << t;
  }
  const auto snapshot = store->load();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(snapshot.at("t" + std::to_string(t)).size(), std::size_t{kPerThread});
  EXPECT_EQ(store->health().commits, std::uint64_t{kThreads * kPerThread});
}

TEST(SqliteStore, GroupCommitUsesFewerTransactionsThanBatches) {
  TempDir dir;
  auto store = openSqliteStore(dir.path());
  constexpr int kBatches = 1000;
  std::promise<void> last;
  std::atomic<int> ok = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kBatches; ++i) {
    store->commit(core::Batch{}.put("contacts", std::to_string(i), "status=unread"), [&, i](std::error_code ec) {
      if (!ec) ++ok;
      if (i == kBatches - 1) last.set_value();
    });
  }
  last.get_future().wait();
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  const auto stats = sqliteStats(*store);
  EXPECT_EQ(ok.load(), kBatches);
  EXPECT_EQ(stats.batches, std::uint64_t{kBatches});
  EXPECT_LT(stats.transactions, std::uint64_t{kBatches});
  std::cout << "[ figures  ] " << kBatches << " batches in " << stats.transactions << " transactions ("
            << static_cast<double>(kBatches) / static_cast<double>(stats.transactions) << " per transaction), "
            << static_cast<int>(kBatches / elapsed.count()) << " commits/s\n";
  RecordProperty("transactions", static_cast<int>(stats.transactions));
  store->close();
}

// The server's pattern: each request waits for its acknowledgement before the next.
// Whoever commits while a transaction is being synced joins the next one.
TEST(SqliteStore, GroupCommitGroupsCommittersThatWait) {
  TempDir dir;
  auto store = openSqliteStore(dir.path());
  constexpr int kThreads = 8;
  constexpr int kPerThread = 40;
  std::atomic<int> failures = 0;
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const auto key = std::to_string(t) + "/" + std::to_string(i);
        if (commitAndWait(*store, core::Batch{}.put("contacts", key, "status=unread"))) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  const auto stats = sqliteStats(*store);
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(stats.batches, std::uint64_t{kThreads * kPerThread});
  EXPECT_LT(stats.transactions, stats.batches);
  std::cout << "[ figures  ] " << kThreads << " waiting committers: " << stats.batches << " batches in "
            << stats.transactions << " transactions ("
            << static_cast<double>(stats.batches) / static_cast<double>(stats.transactions)
            << " per transaction), " << static_cast<int>(static_cast<double>(stats.batches) / elapsed.count())
            << " commits/s\n";
  store->close();
}

TEST(SqliteStore, CompletionMayCommitAgain) {
  TempDir dir;
  auto store = openSqliteStore(dir.path());
  std::promise<std::error_code> second;
  store->commit(core::Batch{}.put("t", "1", "a"), [&](std::error_code) {
    store->commit(core::Batch{}.put("t", "2", "b"), [&](std::error_code ec) { second.set_value(ec); });
  });
  EXPECT_FALSE(second.get_future().get());
  store->close();
  EXPECT_EQ(store->load().at("t").size(), 2u);
}

TEST(SqliteStore, CommitsDuringCloseAreRefusedAfterTheQueuedOnes) {
  TempDir dir;
  auto store = openSqliteStore(dir.path());
  std::vector<std::string> order;
  std::promise<void> firstDone;
  std::promise<void> closing;
  store->commit(core::Batch{}.put("t", "1", "a"), [&](std::error_code ec) {
    order.push_back(ec ? "first failed" : "first");
    firstDone.set_value();
    // Hold the writer until close() has begun, so the next commit lands while closing.
    closing.get_future().wait();
  });
  firstDone.get_future().wait();
  std::thread closer([&] { store->close(); });
  while (store->health().writable) std::this_thread::yield();  // close() has set closing
  store->commit(core::Batch{}.put("t", "2", "b"), [&](std::error_code ec) {
    order.push_back(ec == core::StoreErrc::closed ? "second closed" : "second other");
  });
  closing.set_value();
  closer.join();
  EXPECT_EQ(order, (std::vector<std::string>{"first", "second closed"}));
  EXPECT_FALSE(store->load().at("t").contains("2"));
}

TEST(SqliteStore, CloseFromACompletionStopsAfterTheQueue) {
  TempDir dir;
  auto store = openSqliteStore(dir.path());
  std::promise<std::error_code> second;
  std::promise<std::error_code> third;
  store->commit(core::Batch{}.put("t", "1", "a"), [&](std::error_code) {
    store->commit(core::Batch{}.put("t", "2", "b"), [&](std::error_code ec) { second.set_value(ec); });
    store->close();
    store->commit(core::Batch{}.put("t", "3", "c"), [&](std::error_code ec) { third.set_value(ec); });
  });
  EXPECT_FALSE(second.get_future().get()) << "queued before close(): written";
  EXPECT_EQ(third.get_future().get(), core::StoreErrc::closed);
  store.reset();  // joins the writer
}

TEST(SqliteStore, StatsOnlyForSqliteStores) {
  struct NotSqlite final : core::Store {
    core::Snapshot load() override { return {}; }
    void commit(core::Batch, Completion done) override { done({}); }
    void close() override {}
    core::StoreHealth health() const override { return {}; }
  } other;
  EXPECT_THROW(sqliteStats(other), std::invalid_argument);
}

}  // namespace
}  // namespace smfront::store
