// The contract every core::Store implementation keeps. Each implementation adds
// a factory to the parameter list; the tests are the same for all.
#include <gtest/gtest.h>

#include <functional>
#include <memory>

#include "store/memory_store.hpp"
#include "store/sqlite_store.hpp"
#include "support/temp_dir.hpp"

namespace smfront::store {
namespace {

using Factory = std::function<std::unique_ptr<core::Store>()>;

class StoreContract : public ::testing::TestWithParam<Factory> {
 protected:
  std::unique_ptr<core::Store> store_ = GetParam()();

  std::error_code commitAndWait(core::Batch batch) {
    std::error_code result = make_error_code(std::errc::timed_out);
    int calls = 0;
    store_->commit(std::move(batch), [&](std::error_code ec) {
      result = ec;
      ++calls;
    });
    // Implementations may complete on their own thread; close() drains them.
    store_->close();
    EXPECT_EQ(calls, 1) << "the completion must run exactly once";
    return result;
  }
};

TEST_P(StoreContract, CommittedBatchIsLoadedBack) {
  core::Batch batch;
  batch.put("contacts", "A1", "one").put("contacts", "B2", "two").put("counters", "room", "7");
  ASSERT_FALSE(commitAndWait(std::move(batch)));
  const auto snapshot = store_->load();
  EXPECT_EQ(snapshot.at("contacts").at("A1"), "one");
  EXPECT_EQ(snapshot.at("contacts").at("B2"), "two");
  EXPECT_EQ(snapshot.at("counters").at("room"), "7");
}

TEST_P(StoreContract, LaterMutationsWinInsideABatchAndAcrossBatches) {
  std::vector<std::string> order;
  store_->commit(core::Batch{}.put("t", "k", "v1").put("t", "k", "v2"), [&](auto) { order.push_back("first"); });
  store_->commit(core::Batch{}.put("t", "k", "v3").erase("t", "gone"), [&](auto) { order.push_back("second"); });
  store_->close();
  EXPECT_EQ(order, (std::vector<std::string>{"first", "second"})) << "commits complete in submission order";
  EXPECT_EQ(store_->load().at("t").at("k"), "v3");
}

TEST_P(StoreContract, EraseRemovesKey) {
  store_->commit(core::Batch{}.put("t", "k", "v").put("t", "other", "w"), [](auto) {});
  ASSERT_FALSE(commitAndWait(core::Batch{}.erase("t", "k")));
  const auto snapshot = store_->load();
  EXPECT_FALSE(snapshot.at("t").contains("k"));
  EXPECT_EQ(snapshot.at("t").at("other"), "w");
}

TEST_P(StoreContract, CommitAfterCloseFailsAndAppliesNothing) {
  store_->close();
  std::error_code result;
  store_->commit(core::Batch{}.put("t", "k", "v"), [&](std::error_code ec) { result = ec; });
  EXPECT_EQ(result, core::StoreErrc::closed);
  EXPECT_FALSE(store_->load().contains("t"));
}

TEST_P(StoreContract, HealthCountsCommits) {
  store_->commit(core::Batch{}.put("t", "k", "v"), [](auto) {});
  store_->commit(core::Batch{}.put("t", "k", "w"), [](auto) {});
  store_->close();
  EXPECT_EQ(store_->health().commits, 2u);
  EXPECT_FALSE(store_->health().kind.empty());
}

// One fixture per suite: the parameter's name is the suite's.
std::string unnamed(const ::testing::TestParamInfo<Factory>&) { return "store"; }

INSTANTIATE_TEST_SUITE_P(Memory, StoreContract, ::testing::Values(Factory([] { return makeMemoryStore(); })), unnamed);

/// A SQLite store in a directory of its own, removed after the store is gone.
class TempSqliteStore final : public core::Store {
 public:
  TempSqliteStore() : inner_(openSqliteStore(dir_.path())) {}
  ~TempSqliteStore() override { inner_.reset(); }

  core::Snapshot load() override { return inner_->load(); }
  void commit(core::Batch batch, Completion done) override { inner_->commit(std::move(batch), std::move(done)); }
  void close() override { inner_->close(); }
  core::StoreHealth health() const override { return inner_->health(); }

 private:
  smfront::testing::TempDir dir_;
  std::unique_ptr<core::Store> inner_;
};

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreContract,
                         ::testing::Values(Factory([] { return std::make_unique<TempSqliteStore>(); })), unnamed);

}  // namespace
}  // namespace smfront::store
