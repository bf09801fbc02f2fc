#include "api/durable_answers.hpp"

#include <spdlog/spdlog.h>

#include "api/api_error.hpp"

namespace smfront::api {

boost::asio::awaitable<net::Response> DurableAnswers::handle(net::Request& request) {
  // Counted before the handler runs: with several threads another request's
  // change may be counted too, which costs a wait and never a lost write.
  const auto before = core_.journal().changes();
  net::Response response = co_await inner_.handle(request);
  if (core_.journal().changes() == before) co_return response;
  const std::error_code stored = co_await core_.persist();
  if (!stored || response.status >= 300) co_return response;
  spdlog::error("store: a change to {} {} was not made durable: {}", request.method, request.target, stored.message());
  co_return apiError(503, "serviceUnavailable", "store",
                     "the change could not be stored (" + stored.message() + "); try again later");
}

}  // namespace smfront::api
