#pragma once

// One BOSH session (XEP-0124 / XEP-0206) as a pure state machine: parsed requests, outbound
// stanzas and the current time go in; replies to open HTTP requests, client stanzas in rid
// order and the next deadline come out. No sockets, clocks or randomness: the door owns the
// HTTP requests (named by Tickets), the timer and the sid generator (see sid.hpp).
//
// Choices where spec bosh-xmpp.md (§3, §4, §11) leaves room:
// - rid window: a request is parked when L+1 < rid <= L+requests (L = last rid processed in
//   order) and item-not-found beyond that; "a third concurrent request is tolerated" means
//   three requests open at once in rid order never cause overactivity, not a wider window.
// - Replay: the last 2 answers are kept as exact text; a client ack drops those up to it. A
//   repeat of a held or parked rid takes over its place and the older HTTP request gets an
//   empty body that is not cached (its rid is still to be answered).
// - A parked request whose predecessor does not come within `wait` gets an empty body (wait
//   is never exceeded); it stays parked without an HTTP request, runs once the gap fills,
//   and that empty body is what a replay of its rid returns.
// - Inactivity counts from the moment nothing is open (held or parked with an HTTP request)
//   and restarts with every request, replays included. A pause sets the limit for that one
//   gap; pause='0' is honoured as a zero gap.
// - The pause request itself is answered at once together with every held request.
// - Server terminate with no request open: the terminate body waits for the client's next
//   request (any rid) or for the inactivity limit; `ended` is reported at once either way.
//   Stanzas still pending are sent ahead of the payload, except when the buffer overflowed.
// - With several requests to answer at termination, the first gets the payload and every
//   one gets type='terminate' and the condition.
// - ack in responses: creation echoes the rid when the client sent ack='1'; later responses
//   carry ack=L only when L differs from the rid answered (XEP-0124 §9.1).
// - ver absent or not "major.minor": the client is taken to speak 1.0, so ver='1.0'.
// - hold above the configured 1 is lowered to it; requests stays the configured 2.
// - Creation: wait and hold must be present (bad-request otherwise); `to` is compared with
//   the domain ignoring ASCII case; a creation payload is ignored; route, content, key and
//   newkey are accepted and not acted on.
// - Refused bodies (request.hpp): size, depth and attribute caps -> policy-violation; every
//   other XML or attribute fault -> bad-request. A refused body that still names a live sid
//   ends that session (Session::reject). Stanzas that inherit the httpbind namespace are
//   read as jabber:client. The 64 KiB stanza cap of spec §5 is the XMPP layer's.

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bosh/condition.hpp"
#include "bosh/config.hpp"
#include "bosh/outcome.hpp"
#include "bosh/request.hpp"
#include "xml/element.hpp"

namespace smfront::bosh {

struct Creation;

class Session {
 public:
  /// @brief Opens a session from creation @p request (no sid), answered at once with the
  /// creation response carrying @p features (e.g. "<stream:features>...</stream:features>").
  /// @p sid must be unique and unguessable; the caller draws it (see sid.hpp).
  static Creation create(const Request& request, const SessionConfig& config, std::string sid,
                         std::string_view features, Time now);

  /// @brief A request for this session (request.sid == sid()), arriving on HTTP @p ticket.
  Outcome onRequest(Request&& request, Ticket ticket, Time now);

  /// @brief A body for this session that parseRequest refused: ends the session with
  /// @p condition, answering @p ticket and everything open.
  Outcome reject(Ticket ticket, Condition condition, Time now);

  /// @brief Queues serialized stanzas for the client. They must be well-formed XML whose
  /// default namespace is explicit or is httpbind's (serialize with kHttpBindNs inherited).
  /// Over SessionConfig::maxPendingBytes buffered: the session ends with policy-violation.
  Outcome deliver(std::string_view stanzas, Time now);
  /// @brief Whether @p bytes of stanzas the client can do without still fit: they may fill
  /// three quarters of the buffer, so the last quarter stays free for what it must get
  /// (answers to its own requests), and one large item never ends the session.
  bool hasRoomForOptional(std::size_t bytes) const noexcept;
  /// @brief Serializes @p stanza under the body's namespace and queues it.
  Outcome deliver(const xml::Element& stanza, Time now);

  /// @brief Answers the oldest held request with everything pending, if both exist.
  Outcome flush(Time now);

  /// @brief Ends the session from our side with @p condition, sending @p payload (e.g. a
  /// streamError()) after any pending stanzas. Does nothing once the session has ended.
  Outcome terminate(Condition condition, Time now, std::string_view payload = {});

  /// @brief Answers held requests whose wait has run out, and ends an inactive session.
  Outcome onTimer(Time now);

  /// @brief When onTimer() next has something to do; nullopt once finished().
  std::optional<Time> nextDeadline() const;

  /// @brief No longer carrying XMPP (the end was reported in some Outcome).
  bool ended() const noexcept { return state_ != State::Open; }
  /// @brief Nothing left to send: the door may forget the session.
  bool finished() const noexcept { return state_ == State::Finished; }

  const std::string& sid() const noexcept { return sid_; }
  /// Negotiated values.
  std::chrono::seconds wait() const noexcept { return std::chrono::seconds(wait_); }
  std::uint32_t hold() const noexcept { return hold_; }
  std::uint32_t requests() const noexcept { return requests_; }
  std::chrono::seconds inactivity() const noexcept { return std::chrono::seconds(inactivity_); }
  bool acks() const noexcept { return acks_; }
  /// @brief The highest rid processed in order (L).
  std::uint64_t lastRid() const noexcept { return lastRid_; }
  /// @brief Requests processed and waiting for something to answer with.
  std::size_t heldCount() const noexcept { return held_.size(); }
  /// @brief Requests that arrived early and wait for their predecessor.
  std::size_t parkedCount() const noexcept { return parked_.size(); }
  /// @brief Outbound bytes waiting for a held request.
  std::size_t pendingBytes() const noexcept { return state_ == State::Open ? pending_.size() : 0; }

 private:
  enum class State : std::uint8_t { Open, Closing, Finished };

  struct Held {
    std::uint64_t rid;
    Ticket ticket;
    Time since;
  };
  struct Parked {
    Request request;
    std::optional<Ticket> ticket;  ///< none once it was answered empty at wait expiry
    Time since;
  };
  struct Cached {
    std::uint64_t rid = 0;  ///< 0: empty slot
    std::string body;
  };

  Session() = default;

  void process(Request&& request, std::optional<Ticket> ticket, Time since, Time now, Outcome& out);
  void answer(std::uint64_t rid, Ticket ticket, std::string_view payload, Outcome& out);
  void releaseHeld(std::size_t index, Outcome& out);
  void remember(std::uint64_t rid, std::string body);
  const Cached* cached(std::uint64_t rid) const noexcept;
  void dropAcknowledged(std::uint64_t ack) noexcept;
  void endWith(Condition condition, EndReason reason, std::string_view payload, bool sendPending,
               std::optional<Ticket> extra, Time now, Outcome& out);
  void finish() noexcept;
  std::size_t openCount() const noexcept;
  void settle(Time now, bool activity, Outcome& out);
  std::chrono::seconds idleLimit() const noexcept;

  std::string sid_;
  /// Outbound stanzas waiting for a held request; in Closing, the terminate body to collect.
  std::string pending_;
  std::vector<Held> held_;      ///< in rid order
  std::vector<Parked> parked_;  ///< in arrival order
  std::array<Cached, 2> cache_;
  std::uint64_t lastRid_ = 0;
  Time idleSince_{};
  std::size_t maxPending_ = 0;
  std::uint32_t wait_ = 0;        ///< seconds
  std::uint32_t inactivity_ = 0;  ///< seconds
  std::uint32_t maxPause_ = 0;    ///< seconds
  std::optional<std::uint32_t> pauseGap_;  ///< seconds, for the current gap only
  std::uint16_t hold_ = 1;
  std::uint16_t requests_ = 2;
  std::uint8_t nextSlot_ = 0;
  bool acks_ = false;
  bool idle_ = true;
  State state_ = State::Open;
};

/// Result of Session::create: a session and its creation response, or the condition that
/// refused it (then `body` is the terminate body to answer the creation request with).
struct Creation {
  std::optional<Session> session;
  std::string body;
  Condition condition = Condition::None;

  explicit operator bool() const noexcept { return session.has_value(); }
};

}  // namespace smfront::bosh
