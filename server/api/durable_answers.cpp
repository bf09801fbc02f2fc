#include "api/durable_answers.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/this_coro.hpp>

#include "api/api_error.hpp"

namespace smfront::api {

namespace {
// The watch of one request, ended however the request ends.
class ChangeWatch {
 public:
  ChangeWatch(core::Core& core, const boost::asio::any_io_executor& connection)
      : core_(core), ticket_(core.watchChanges(connection)) {}
  ~ChangeWatch() {
    if (!ended_) (void)core_.changedFor(ticket_);
  }
  ChangeWatch(const ChangeWatch&) = delete;
  ChangeWatch& operator=(const ChangeWatch&) = delete;

  bool changed() {
    ended_ = true;
    return core_.changedFor(ticket_);
  }

 private:
  core::Core& core_;
  std::uint64_t ticket_;
  bool ended_ = false;
};

}  // namespace

boost::asio::awaitable<net::Response> DurableAnswers::handle(net::Request& request) {
  // While the store refuses writes, a change is refused before it is made: one made
  // and then refused would stay in memory, unacknowledged, until the next start.
  // The store finds out by itself when it takes writes again.
  if (const core::StoreHealth health = core_.store().health(); !health.writable && mayChange_(request)) {
    auto refused = apiError(503, "serviceUnavailable", "store",
                            "the store refuses writes (" + health.lastError + "); try again later");
    refused.headers.set("Retry-After", "5");
    co_return refused;
  }
  // The route's core calls run for this connection's executor: what they change
  // is this request's, whatever other connections change meanwhile.
  ChangeWatch watch(core_, co_await boost::asio::this_coro::executor);
  const auto since = core_.journal().changes();
  net::Response response = co_await inner_.handle(request);
  if (!watch.changed()) co_return response;
  const std::error_code stored = co_await core_.persist(since);
  if (!stored || response.status >= 300) co_return response;
  spdlog::error("store: a change to {} {} was not made durable: {}", request.method, request.target, stored.message());
  co_return apiError(503, "serviceUnavailable", "store",
                     "the change could not be stored (" + stored.message() + "); try again later");
}

}  // namespace smfront::api
