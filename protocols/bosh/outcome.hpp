#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bosh/condition.hpp"
#include "xml/element.hpp"

namespace smfront::bosh {

/// The door's handle for one open HTTP request; the session only stores and returns it.
using Ticket = std::uint64_t;

/// Monotonic time, always passed in: the machine never reads a clock.
using Time = std::chrono::steady_clock::time_point;

/// Answer the open HTTP request @p ticket now: HTTP 200, text/xml; charset=utf-8, @p body.
struct Reply {
  Ticket ticket = 0;
  std::string body;
};

/// What one in-order request gives the XMPP layer, in rid order.
struct Inbound {
  std::uint64_t rid = 0;
  /// xmpp:restart='true': restart the stream (its payload is dropped, XEP-0206 §5).
  bool restart = false;
  /// The client's type='terminate': run the stanzas, then the session is over.
  bool terminate = false;
  /// Client stanzas in jabber:client.
  std::vector<xml::Element> stanzas;
};

/// Why a session stopped carrying XMPP.
enum class EndReason {
  ClientTerminated,  ///< the client sent type='terminate'
  ServerTerminated,  ///< a terminal condition: ours (terminate()) or a protocol violation
  Inactive,          ///< nothing was open for longer than the inactivity limit (or pause)
};

struct Ended {
  EndReason reason = EndReason::ClientTerminated;
  Condition condition = Condition::None;
};

/// Everything a call on a Session asks of the door. Handle it in this order:
/// 1. send every Reply (they are in the order the client expects them);
/// 2. run `inbound` in order through the XMPP layer (its answers go back through deliver());
/// 3. if `flushWanted`, arrange one flush() at the end of the current event-loop turn, so that
///    everything delivered in this turn leaves as one batch;
/// 4. if `ended` is set, tell the XMPP layer the session is gone (reported once);
/// then drop the Session once Session::finished() is true, and re-arm the timer at
/// Session::nextDeadline().
struct Outcome {
  std::vector<Reply> replies;
  std::vector<Inbound> inbound;
  bool flushWanted = false;
  std::optional<Ended> ended;
};

}  // namespace smfront::bosh
