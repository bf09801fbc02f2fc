#pragma once
// Core: the domain's single home. Its state is confined to one strand, so domain
// code needs no locks; doors reach it with co_await core.call(...) and resume on
// their own executor with the answer.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <atomic>
#include <exception>
#include <optional>
#include <system_error>
#include <type_traits>

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
  /// and back, which costs two dispatches and no new coroutine; with a single
  /// io_context thread there is nothing to hop to and fn runs in place.
  template <class F>
  auto call(F fn) -> boost::asio::awaitable<std::invoke_result_t<F&>> {
    namespace asio = boost::asio;
    using Result = std::invoke_result_t<F&>;
    if (singleThreaded_) co_return fn();  // one thread is an implicit strand
    const auto caller = co_await asio::this_coro::executor;
    co_await asio::dispatch(asio::bind_executor(strand_, asio::use_awaitable));
    std::exception_ptr failure;
    if constexpr (std::is_void_v<Result>) {
      try {
        fn();
      } catch (...) {
        failure = std::current_exception();
      }
      co_await asio::dispatch(asio::bind_executor(caller, asio::use_awaitable));
      if (failure) std::rethrow_exception(failure);
    } else {
      std::optional<Result> result;
      try {
        result.emplace(fn());
      } catch (...) {
        failure = std::current_exception();
      }
      co_await asio::dispatch(asio::bind_executor(caller, asio::use_awaitable));
      if (failure) std::rethrow_exception(failure);
      co_return std::move(*result);
    }
  }

  /// Makes everything the domain changed so far durable: commits the journal
  /// and resumes when that commit, and every one before it, is done. A route
  /// calls it after a change and before its answer, and answers 503 on error.
  /// With nothing pending and nothing in flight it returns at once, so reads
  /// never wait on the disk.
  boost::asio::awaitable<std::error_code> persist();

 private:
  boost::asio::strand<boost::asio::any_io_executor> strand_;
  bool singleThreaded_ = false;
  using Completion = Store::Completion;
  /// On the strand: takes the journal and hands it to the store, so batches
  /// reach the store in the order their changes were made.
  void submitJournal(Completion done);
  /// Commits what timers and agents changed outside any request.
  void scheduleFlush();

  Store& store_;
  const Clock& clock_;
  Bus bus_;
  Journal journal_;
  std::atomic<int> commitsInFlight_{0};
  bool flushScheduled_ = false;
};

}  // namespace smfront::core
