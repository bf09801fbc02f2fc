#include "core/core.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <memory>

namespace smfront::core {

namespace asio = boost::asio;

namespace {
// Runs an asynchronous operation that reports through a Store::Completion,
// resuming the awaiting coroutine on its own executor (the store may complete
// on its writer thread). std::function needs a copyable callable, hence the
// shared handler.
// Not a coroutine itself: it hands back the operation's awaitable.
template <class Start>
asio::awaitable<std::error_code> awaitCompletion(Start start) {
  auto initiate = [](auto handler, Start begin) {
    auto shared = std::make_shared<decltype(handler)>(std::move(handler));
    begin([shared](std::error_code ec) {
      auto executor = asio::get_associated_executor(*shared);
      asio::dispatch(executor, [shared, ec] { std::move(*shared)(ec); });
    });
  };
  return asio::async_initiate<const asio::use_awaitable_t<>&, void(std::error_code)>(initiate, asio::use_awaitable,
                                                                                    std::move(start));
}
}  // namespace

Core::Core(asio::any_io_executor executor, Store& store, const Clock& clock, unsigned threads)
    : strand_(asio::make_strand(std::move(executor))), singleThreaded_(threads == 1), store_(store), clock_(clock) {
  journal_.onFirstChange([this] { scheduleFlush(); });
}

Executor Core::executor() const {
  return [strand = strand_](Task task) { asio::post(strand, std::move(task)); };
}

void Core::submitJournal(Completion done) {
  if (journal_.empty() && commitsInFlight_.load() == 0) {
    done({});  // everything changed so far is durable already
    return;
  }
  // An empty batch still waits for the ones before it: the store completes in order.
  auto batch = journal_.take();
  auto copy = std::make_shared<const Batch>(batch);
  ++commitsInFlight_;
  store_.commit(std::move(batch), [this, copy, done = std::move(done)](std::error_code ec) {
    --commitsInFlight_;
    if (ec && !copy->mutations.empty()) {
      asio::post(strand_, [this, copy] { journal_.restore(*copy); });
    }
    done(ec);
  });
}

asio::awaitable<std::error_code> Core::persist() {
  return awaitCompletion([this](Completion done) {
    if (singleThreaded_) {
      submitJournal(std::move(done));
    } else {
      asio::dispatch(strand_, [this, done = std::move(done)]() mutable { submitJournal(std::move(done)); });
    }
  });
}

void Core::scheduleFlush() {
  if (flushScheduled_) return;
  flushScheduled_ = true;
  // Posted: a request that made the change commits it first, in its own
  // persist(); this catches what no request will.
  asio::post(strand_, [this] {
    flushScheduled_ = false;
    if (!journal_.empty()) submitJournal([](std::error_code) {});
  });
}

}  // namespace smfront::core
