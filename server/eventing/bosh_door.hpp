#pragma once
// The BOSH door on 7071/7443 (spec bosh-xmpp): an HTTP handler that keeps the
// BOSH session machines (protocols/bosh), parks long-poll requests until their
// session answers them, and runs the embedded XMPP services behind them.
//
// Theory of operation
// - Request bodies are parsed on the connection's own strand; then the request
//   hops to the core strand, where every session machine, the XMPP hub and the
//   domain live together, so a stanza is handled in one step and the hub can
//   call the chat service directly. What the hop hands back is a waiter that
//   the session completes when it answers that request, at once or after up to
//   `wait` seconds; the connection coroutine sleeps on it meanwhile (the HTTP
//   session's watchdog gives handlers unlimited time, so long polls are safe).
// - Stanzas queued for a session during one turn of the core strand leave
//   together: the first delivery queues the session for one flush at the end of
//   the turn, and a fan-out to every subscriber is one flush pass, not one post
//   per session.
// - One timer per session (on the core strand) follows Session::nextDeadline().
// - A graceful stop ends every session with system-shutdown, which releases
//   every held request at once.
#include <memory>
#include <string>
#include <vector>

#include "net/cors.hpp"
#include "bosh/config.hpp"
#include "bosh/request.hpp"
#include "core/core.hpp"
#include "eventing/xmpp_hub.hpp"
#include "net/http_message.hpp"

namespace smfront::eventing {

struct BoshDoorOptions {
  bosh::SessionConfig session;
  bosh::RequestLimits limits;
  std::vector<std::string> corsOrigins;  // allowed origins; "*" any but "null"
  /// Stanzas over this size end their stream with policy-violation (spec §5).
  std::size_t maxStanzaBytes = 64 * 1024;
};

class BoshDoor final : public net::HttpHandler {
 public:
  /// Builds the hub and subscribes to the bus; construct before the io_context
  /// runs. One door object serves both the plain and the TLS listener.
  BoshDoor(core::Core& core, BoshDoorOptions options, HubOptions hub, HubServices services, const UserDirectory& users);
  ~BoshDoor() override;
  BoshDoor(const BoshDoor&) = delete;
  BoshDoor& operator=(const BoshDoor&) = delete;

  boost::asio::awaitable<net::Response> handle(net::Request& request) override;
  net::Response rejected(const net::Rejection& rejection) override;

  /// Open BOSH sessions; read on the core strand.
  std::size_t sessionCount() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace smfront::eventing
