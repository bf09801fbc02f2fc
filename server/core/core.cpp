#include "core/core.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <memory>

namespace smfront::core {

namespace asio = boost::asio;

Core::Core(asio::any_io_executor executor, Store& store, const Clock& clock, unsigned threads)
    : strand_(asio::make_strand(std::move(executor))), singleThreaded_(threads == 1), store_(store), clock_(clock) {}

Executor Core::executor() const {
  return [strand = strand_](Task task) { asio::post(strand, std::move(task)); };
}

asio::awaitable<std::error_code> Core::commit(Batch batch) {
  auto initiate = [this](auto handler, Batch b) {
    // The store may complete on its own thread; resume the waiter on its executor.
    // std::function needs a copyable callable, hence the shared handler.
    auto shared = std::make_shared<decltype(handler)>(std::move(handler));
    store_.commit(std::move(b), [shared](std::error_code ec) {
      auto executor = asio::get_associated_executor(*shared);
      asio::dispatch(executor, [shared, ec] { std::move(*shared)(ec); });
    });
  };
  co_return co_await asio::async_initiate<const asio::use_awaitable_t<>&, void(std::error_code)>(
      initiate, asio::use_awaitable, std::move(batch));
}

}  // namespace smfront::core
