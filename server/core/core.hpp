#pragma once
// Core: the domain's single home. Its state is confined to one strand, so domain
// code needs no locks; doors reach it with co_await core.call(...) and resume on
// their own executor with the answer.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <atomic>
#include <cstdint>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <system_error>
#include <type_traits>
#include <vector>

#include "core/clock.hpp"
#include "core/events.hpp"
#include "core/journal.hpp"
#include "core/store.hpp"

namespace smfront::core {

class Core {
 public:
  /// `threads` is how many threads run the io_context; with one, every handler
  /// is already serialized and call() runs the domain code in place.
  Core(boost::asio::any_io_executor executor, Store& store, const Clock& clock, unsigned threads = 0);

  Bus& bus() { return bus_; }
  Store& store() { return store_; }
  /// Where services record what they change; confined to the strand.
  Journal& journal() { return journal_; }
  const Clock& clock() const { return clock_; }

  /// The core strand as an Executor, for the core's own bus subscriptions.
  Executor executor() const;
  const boost::asio::strand<boost::asio::any_io_executor>& strand() const { return strand_; }

  /// Runs `fn` on the core strand; the caller resumes on its own executor with
  /// fn's result (or its exception). The coroutine itself hops to the strand
  /// and back, which costs a dispatch, a post and no new coroutine; with a
  /// single io_context thread there is nothing to hop to and fn runs in place.
  /// The way back is posted: a dispatch would run the caller's next steps
  /// (matching a search, writing an answer) nested in the strand's handler,
  /// holding the core strand until the caller next waits.
  template <class F>
  auto call(F fn) -> boost::asio::awaitable<std::invoke_result_t<F&>> {
    namespace asio = boost::asio;
    using Result = std::invoke_result_t<F&>;
    const auto caller = co_await asio::this_coro::executor;
    if (singleThreaded_) co_return runFor(caller, fn);  // one thread is an implicit strand
    co_await asio::dispatch(asio::bind_executor(strand_, asio::use_awaitable));
    std::exception_ptr failure;
    if constexpr (std::is_void_v<Result>) {
      try {
        runFor(caller, fn);
      } catch (...) {
        failure = std::current_exception();
      }
      co_await asio::post(asio::bind_executor(caller, asio::use_awaitable));
      if (failure) std::rethrow_exception(failure);
    } else {
      std::optional<Result> result;
      try {
        result.emplace(runFor(caller, fn));
      } catch (...) {
        failure = std::current_exception();
      }
      co_await asio::post(asio::bind_executor(caller, asio::use_awaitable));
      if (failure) std::rethrow_exception(failure);
      co_return std::move(*result);
    }
  }

  /// Starts telling whether the code call() runs for `caller` (one connection's
  /// executor) changes anything, so that a request that changed nothing need not
  /// wait for the commits of others. Pair with changedFor().
  std::uint64_t watchChanges(const boost::asio::any_io_executor& caller);
  /// Stops the watch `ticket`; true when a call() for its executor changed the
  /// domain meanwhile.
  bool changedFor(std::uint64_t ticket);

  /// Makes everything the domain changed so far durable: commits the journal
  /// and resumes when that commit, and every one before it, is done. A route
  /// calls it after a change and before its answer, and answers 503 on error.
  /// With nothing pending and nothing in flight it returns at once, so reads
  /// never wait on the disk.
  boost::asio::awaitable<std::error_code> persist();
  /// As persist(), and fails when any commit that held a change counted after
  /// `since` (a journal().changes() value) failed, including the commits of
  /// changes made outside requests: a change that reached the store in another
  /// commit is not reported durable unless that commit was.
  boost::asio::awaitable<std::error_code> persist(std::uint64_t since);

 private:
  boost::asio::strand<boost::asio::any_io_executor> strand_;
  bool singleThreaded_ = false;
  using Completion = Store::Completion;
  /// On the strand: takes the journal and hands it to the store, so batches
  /// reach the store in the order their changes were made.
  void submitJournal(std::optional<std::uint64_t> since, Completion done);
  /// The first refused commit holding a change counted in (since, upto].
  std::error_code failureBetween(std::uint64_t since, std::uint64_t upto) const;
  void noteFailure(std::uint64_t lo, std::uint64_t hi, std::error_code ec);

  template <class F>
  decltype(auto) runFor(const boost::asio::any_io_executor& caller, F& fn) {
    // Noted on the way out, so that code that changed something and then threw
    // still counts as a change.
    struct Note {
      Core& core;
      const boost::asio::any_io_executor& caller;
      std::uint64_t before;
      ~Note() {
        if (core.journal_.changes() != before) core.noteChange(caller);
      }
    } note{*this, caller, journal_.changes()};
    return fn();
  }
  void noteChange(const boost::asio::any_io_executor& caller);
  /// Commits what timers and agents changed outside any request.
  void scheduleFlush();

  Store& store_;
  const Clock& clock_;
  Bus bus_;
  Journal journal_;
  std::atomic<int> commitsInFlight_{0};
  bool flushScheduled_ = false;
  std::uint64_t submittedThrough_ = 0;  // changes handed to the store so far (strand)

  // Refused commits, as ranges (lo, hi] of change counts, oldest first; the
  // writer thread records them and persist() reads them.
  struct FailedRange {
    std::uint64_t lo;
    std::uint64_t hi;
    std::error_code ec;
  };
  mutable std::mutex failedMutex_;
  std::deque<FailedRange> failed_;

  struct Watch {
    std::uint64_t ticket;
    boost::asio::any_io_executor caller;
    bool changed;
  };
  std::mutex watchMutex_;
  std::vector<Watch> watches_;
  std::uint64_t nextTicket_ = 0;
  std::atomic<std::size_t> watchCount_{0};
};

}  // namespace smfront::core
