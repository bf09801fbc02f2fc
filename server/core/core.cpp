#include "core/core.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <algorithm>
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

namespace {
// Refused ranges remembered; consecutive refusals merge into one, so this only
// runs out when the medium flips between full and writable this often within
// the life of one request.
constexpr std::size_t kFailedRangesKept = 64;
}  // namespace

void Core::submitJournal(std::optional<std::uint64_t> since, Completion done) {
  const std::uint64_t upto = journal_.changes();
  const std::uint64_t from = since.value_or(submittedThrough_);
  if (journal_.empty() && commitsInFlight_.load() == 0) {
    done(failureBetween(from, upto));  // every change so far has had its answer
    return;
  }
  // An empty batch still waits for the ones before it: the store completes in order.
  // A refused batch is dropped, not put back (see Journal::take): its requests
  // answer 503, and the next commit does not retry it.
  const std::uint64_t lo = submittedThrough_;
  submittedThrough_ = upto;
  ++commitsInFlight_;
  store_.commit(journal_.take(), [this, lo, upto, from, done = std::move(done)](std::error_code ec) {
    if (ec) noteFailure(lo, upto, ec);
    --commitsInFlight_;
    done(failureBetween(from, upto));
  });
}

void Core::noteFailure(std::uint64_t lo, std::uint64_t hi, std::error_code ec) {
  if (lo == hi) return;  // an empty batch: no change was refused
  std::lock_guard lock(failedMutex_);
  if (!failed_.empty() && failed_.back().hi == lo && failed_.back().ec == ec) {
    failed_.back().hi = hi;
    return;
  }
  failed_.push_back({lo, hi, ec});
  if (failed_.size() > kFailedRangesKept) failed_.pop_front();
}

std::error_code Core::failureBetween(std::uint64_t since, std::uint64_t upto) const {
  std::lock_guard lock(failedMutex_);
  for (auto it = failed_.rbegin(); it != failed_.rend() && it->hi > since; ++it) {
    if (it->lo < upto) return it->ec;
  }
  return {};
}

asio::awaitable<std::error_code> Core::persist() {
  return awaitCompletion([this](Completion done) {
    if (singleThreaded_) {
      submitJournal(std::nullopt, std::move(done));
    } else {
      asio::dispatch(strand_, [this, done = std::move(done)]() mutable { submitJournal(std::nullopt, std::move(done)); });
    }
  });
}

asio::awaitable<std::error_code> Core::persist(std::uint64_t since) {
  return awaitCompletion([this, since](Completion done) {
    if (singleThreaded_) {
      submitJournal(since, std::move(done));
    } else {
      asio::dispatch(strand_,
                     [this, since, done = std::move(done)]() mutable { submitJournal(since, std::move(done)); });
    }
  });
}

std::uint64_t Core::watchChanges(const asio::any_io_executor& caller) {
  std::lock_guard lock(watchMutex_);
  const std::uint64_t ticket = ++nextTicket_;
  watches_.push_back({ticket, caller, false});
  watchCount_.store(watches_.size(), std::memory_order_release);
  return ticket;
}

bool Core::changedFor(std::uint64_t ticket) {
  std::lock_guard lock(watchMutex_);
  const auto it = std::find_if(watches_.begin(), watches_.end(), [ticket](const Watch& w) { return w.ticket == ticket; });
  if (it == watches_.end()) return false;
  const bool changed = it->changed;
  *it = std::move(watches_.back());
  watches_.pop_back();
  watchCount_.store(watches_.size(), std::memory_order_release);
  return changed;
}

void Core::noteChange(const asio::any_io_executor& caller) {
  if (watchCount_.load(std::memory_order_acquire) == 0) return;
  std::lock_guard lock(watchMutex_);
  for (auto& watch : watches_) {
    if (watch.caller == caller) watch.changed = true;
  }
}

void Core::scheduleFlush() {
  if (flushScheduled_) return;
  flushScheduled_ = true;
  // Posted: a request that made the change commits it first, in its own
  // persist(); this catches what no request will.
  asio::post(strand_, [this] {
    flushScheduled_ = false;
    if (!journal_.empty()) submitJournal(std::nullopt, [](std::error_code) {});
  });
}

}  // namespace smfront::core
