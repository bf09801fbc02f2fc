#pragma once
// Core: the domain's single home. Its state is confined to one strand, so domain
// code needs no locks; doors reach it with co_await core.call(...) and resume on
// their own executor with the answer.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <system_error>
#include <type_traits>

#include "core/clock.hpp"
#include "core/events.hpp"
#include "core/store.hpp"

namespace smfront::core {

class Core {
 public:
  Core(boost::asio::any_io_executor executor, Store& store, const Clock& clock);

  Bus& bus() { return bus_; }
  Store& store() { return store_; }
  const Clock& clock() const { return clock_; }

  /// The core strand as an Executor, for the core's own bus subscriptions.
  Executor executor() const;
  const boost::asio::strand<boost::asio::any_io_executor>& strand() const { return strand_; }

  /// Runs `fn` on the core strand; the caller resumes on its own executor with
  /// fn's result (or its exception).
  template <class F>
  auto call(F fn) -> boost::asio::awaitable<std::invoke_result_t<F&>> {
    using Result = std::invoke_result_t<F&>;
    co_return co_await boost::asio::co_spawn(
        strand_, [fn = std::move(fn)]() mutable -> boost::asio::awaitable<Result> { co_return fn(); },
        boost::asio::use_awaitable);
  }

  /// Commits `batch` to the store and resumes when it is durable or has failed.
  /// Acknowledge a client only after this returns no error.
  boost::asio::awaitable<std::error_code> commit(Batch batch);

 private:
  boost::asio::strand<boost::asio::any_io_executor> strand_;
  Store& store_;
  const Clock& clock_;
  Bus bus_;
};

}  // namespace smfront::core
