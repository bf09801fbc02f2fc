#include "core/core.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <optional>
#include <boost/asio/strand.hpp>
#include <string>
#include <thread>
#include <vector>

#include "store/memory_store.hpp"

namespace smfront::core {
namespace {

namespace asio = boost::asio;

TEST(Core, CallRunsOnTheCoreStrandAndResumesOnTheCallersExecutor) {
  asio::io_context io;
  auto store = store::makeMemoryStore();
  SystemClock clock;
  Core core(io.get_executor(), *store, clock);
  auto caller = asio::make_strand(io);

  bool ranOnCore = false;
  bool resumedOnCaller = false;
  int answer = 0;
  asio::co_spawn(
      caller,
      [&]() -> asio::awaitable<void> {
        answer = co_await core.call([&] {
          ranOnCore = core.strand().running_in_this_thread();
          return 42;
        });
        resumedOnCaller = caller.running_in_this_thread();
      },
      asio::detached);
  io.run();
  EXPECT_TRUE(ranOnCore);
  EXPECT_TRUE(resumedOnCaller);
  EXPECT_EQ(answer, 42);
}

TEST(Core, WithOneThreadCallRunsInPlace) {
  asio::io_context io(1);
  auto store = store::makeMemoryStore();
  SystemClock clock;
  Core core(io.get_executor(), *store, clock, 1);
  int answer = 0;
  bool onCaller = false;
  auto caller = asio::make_strand(io);
  asio::co_spawn(
      caller,
      [&]() -> asio::awaitable<void> {
        answer = co_await core.call([&] {
          onCaller = caller.running_in_this_thread();
          return 7;
        });
      },
      asio::detached);
  io.run();
  EXPECT_EQ(answer, 7);
  EXPECT_TRUE(onCaller) << "no hop: the one thread serializes everything anyway";
}

TEST(Core, CallPropagatesExceptionsToTheCaller) {
  asio::io_context io;
  auto store = store::makeMemoryStore();
  SystemClock clock;
  Core core(io.get_executor(), *store, clock);
  std::string caught;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        try {
          co_await core.call([]() -> int { throw std::runtime_error("domain refused"); });
        } catch (const std::exception& e) {
          caught = e.what();
        }
      },
      asio::detached);
  io.run();
  EXPECT_EQ(caught, "domain refused");
}

TEST(Core, DomainStateNeedsNoLocksUnderManyThreads) {
  asio::io_context io;
  auto store = store::makeMemoryStore();
  SystemClock clock;
  Core core(io.get_executor(), *store, clock);
  int counter = 0;  // domain state: touched only on the core strand
  constexpr int kCallers = 200;
  for (int i = 0; i < kCallers; ++i) {
    asio::co_spawn(
        asio::make_strand(io), [&]() -> asio::awaitable<void> { co_await core.call([&] { return ++counter; }); },
        asio::detached);
  }
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) threads.emplace_back([&] { io.run(); });
  for (auto& t : threads) t.join();
  EXPECT_EQ(counter, kCallers);
}

TEST(Core, BusSubscriberOnTheCoreExecutorRunsOnTheCoreStrand) {
  asio::io_context io;
  auto store = store::makeMemoryStore();
  SystemClock clock;
  Core core(io.get_executor(), *store, clock);
  bool onStrand = false;
  auto sub = core.bus().subscribe(core.executor(),
                                  [&](const Event&) { onStrand = core.strand().running_in_this_thread(); });
  core.bus().publish(ServerStarted{clock.nowMs()});
  io.run();
  EXPECT_TRUE(onStrand);
}

}  // namespace
}  // namespace smfront::core

namespace smfront::core {
namespace {

class CorePersist : public ::testing::Test {
 protected:
  /// Records a change as a service would, then persists it as a route would.
  std::error_code changeAndPersist() {
    std::error_code result = make_error_code(std::errc::timed_out);
    asio::co_spawn(
        io_,
        [&]() -> asio::awaitable<void> {
          core_.journal().put("contact", "A", "{}");
          result = co_await core_.persist();
        },
        asio::detached);
    io_.run();
    return result;
  }

  asio::io_context io_;
  std::unique_ptr<Store> store_ = store::makeMemoryStore();
  SystemClock clock_;
  Core core_{io_.get_executor(), *store_, clock_, 1};
};

TEST_F(CorePersist, CommitsWhatTheJournalHoldsAndResumesWhenItIsDurable) {
  EXPECT_FALSE(changeAndPersist());
  EXPECT_EQ(store_->load().at("contact").at("A"), "{}");
  EXPECT_EQ(store_->health().commits, 1u);
}

TEST_F(CorePersist, AFailedCommitIsReportedAndItsChangesAreDropped) {
  store_->close();  // refuses every commit
  EXPECT_EQ(changeAndPersist(), StoreErrc::closed);
  EXPECT_TRUE(core_.journal().empty()) << "nothing of a refused change is kept";
}

// Refuses commits while `full` is set, as a full disk does, and remembers the
// size of every batch it was handed.
class FullDiskStore final : public Store {
 public:
  Snapshot load() override { return {}; }
  void commit(Batch batch, Completion done) override {
    sizes.push_back(batch.mutations.size());
    done(full ? std::error_code(StoreErrc::unavailable) : std::error_code{});
  }
  void close() override {}
  StoreHealth health() const override { return {.kind = "test", .writable = !full, .lastError = {}, .commits = 0}; }

  bool full = true;
  std::vector<std::size_t> sizes;
};

TEST(CoreFullDisk, NewWritesCarryOnlyTheirOwnChangesNotTheRefusedOnes) {
  asio::io_context io;
  FullDiskStore store;
  SystemClock clock;
  Core core{io.get_executor(), store, clock, 1};
  std::vector<std::error_code> results;
  auto write = [&](std::string key) {
    asio::co_spawn(
        io,
        [&, key]() -> asio::awaitable<void> {
          core.journal().put("contact", key, "{}");
          results.push_back(co_await core.persist());
        },
        asio::detached);
    io.run();
    io.restart();
  };
  for (int i = 0; i < 100; ++i) write("refused" + std::to_string(i));
  store.full = false;
  write("accepted");
  ASSERT_EQ(results.size(), 101u);
  EXPECT_EQ(results.back(), std::error_code{});
  EXPECT_EQ(store.sizes, std::vector<std::size_t>(101, 1)) << "no batch retries the refused ones";
}

TEST_F(CorePersist, ChangesMadeOutsideRequestsAreCommittedToo) {
  asio::post(core_.strand(), [&] { core_.journal().put("chat", "C", "{}"); });  // as a timer would
  io_.run();
  EXPECT_EQ(store_->load().at("chat").at("C"), "{}");
}

TEST(CoreFullDisk, AChangeRefusedInAnotherCommitIsReportedToTheRequestThatMadeIt) {
  asio::io_context io;
  FullDiskStore store;
  SystemClock clock;
  Core core{io.get_executor(), store, clock, 1};
  std::optional<std::error_code> result;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        const auto since = core.journal().changes();
        co_await core.call([&] { core.journal().put("contact", "A", "{}"); });
        // The flush of changes made outside requests runs first and is refused.
        co_await asio::post(io, asio::use_awaitable);
        co_await asio::post(io, asio::use_awaitable);
        result = co_await core.persist(since);
      },
      asio::detached);
  io.run();
  ASSERT_EQ(store.sizes, std::vector<std::size_t>{1}) << "the flush took the change";
  EXPECT_EQ(result, StoreErrc::unavailable);
}

TEST(CoreFullDisk, OnlyTheConnectionWhoseCallsChangedSomethingIsToldSo) {
  asio::io_context io;
  FullDiskStore store;
  SystemClock clock;
  Core core{io.get_executor(), store, clock, 2};
  std::optional<bool> writerChanged, readerChanged;
  auto writer = asio::make_strand(io);
  auto reader = asio::make_strand(io);
  asio::co_spawn(
      writer,
      [&]() -> asio::awaitable<void> {
        const auto ticket = core.watchChanges(co_await asio::this_coro::executor);
        co_await core.call([&] { core.journal().put("contact", "A", "{}"); });
        writerChanged = core.changedFor(ticket);
      },
      asio::detached);
  asio::co_spawn(
      reader,
      [&]() -> asio::awaitable<void> {
        const auto ticket = core.watchChanges(co_await asio::this_coro::executor);
        co_await core.call([&] { return core.journal().empty(); });
        co_await asio::post(reader, asio::use_awaitable);
        readerChanged = core.changedFor(ticket);
      },
      asio::detached);
  std::thread second([&] { io.run(); });
  io.run();
  second.join();
  EXPECT_EQ(writerChanged, true);
  EXPECT_EQ(readerChanged, false);
}

}  // namespace
}  // namespace smfront::core
