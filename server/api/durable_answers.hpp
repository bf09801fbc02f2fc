#pragma once
// No answer says "done" before the change is durable (spec §2.6): a request
// that changed anything waits for the store's commit, and a commit that fails
// turns a success into 503 serviceUnavailable. Requests that changed nothing
// (polls, reads, refusals) pass straight through and never wait on the disk,
// even while other requests write: changes are told apart by the connection
// whose core calls made them. While the store reports itself not writable,
// requests that may change anything are refused with 503 before they run.
#include <boost/asio/awaitable.hpp>
#include <functional>

#include "core/core.hpp"
#include "net/http_message.hpp"

namespace smfront::api {

class DurableAnswers final : public net::HttpHandler {
 public:
  /// `mayChange` tells, before a request runs, whether it may change the domain
  /// (the route table knows: RouteTable::mayChange).
  DurableAnswers(net::HttpHandler& inner, core::Core& core, std::function<bool(const net::Request&)> mayChange)
      : inner_(inner), core_(core), mayChange_(std::move(mayChange)) {}
  boost::asio::awaitable<net::Response> handle(net::Request& request) override;
  net::Response rejected(const net::Rejection& rejection) override {
    return inner_.rejected(rejection);
  }

 private:
  net::HttpHandler& inner_;
  core::Core& core_;
  std::function<bool(const net::Request&)> mayChange_;
};

}  // namespace smfront::api
