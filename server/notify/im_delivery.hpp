#pragma once
// The notifier's delivery protocol over one online XMPP stream, as a machine
// with time as a parameter (no sockets, no Asio):
// - up to `batch` outbox entries are sent, then a ping, the batch's barrier;
//   its answer confirms every message before it (XMPP delivers in order), and
//   only then is the next batch sent;
// - a stream idle for `pingIdle` gets a keepalive ping;
// - a ping (barrier or keepalive) unanswered for `pingTimeout` ends the session.
// The caller fetches and sends what the machine asks for and tells it what
// happened; the machine decides what comes next.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace smfront::notify {

struct ImDeliveryOptions {
  std::size_t batch = 50;
  std::chrono::milliseconds pingIdle{60000};
  std::chrono::milliseconds pingTimeout{20000};
};

class ImDelivery {
 public:
  using Time = std::chrono::steady_clock::time_point;

  explicit ImDelivery(ImDeliveryOptions options) : options_(options) {}

  /// A new session is online: nothing is in flight, and the outbox is read from
  /// the first entry not yet confirmed.
  void online(Time now);
  /// New entries may be waiting in the outbox.
  void outboxChanged() { outboxDirty_ = true; }

  /// True when a batch is to be read from the outbox now (nothing unconfirmed,
  /// and entries may be waiting); the read starts after sentThrough(). Entries
  /// queued from here on make the next batch wanted again.
  bool startBatch();
  std::int64_t sentThrough() const { return lastSent_; }
  /// `count` entries (at least one) up to seq `lastSeq` were sent, then the ping
  /// `barrierId`. An empty read needs no call.
  void batchSent(std::int64_t lastSeq, std::size_t count, std::string barrierId, Time now);

  struct Confirmed {
    std::int64_t through = 0;  // the outbox is delivered up to this seq
    std::size_t count = 0;     // messages in the batch
  };
  /// A ping's answer; the batch it confirms, when it was the barrier.
  std::optional<Confirmed> pong(std::string_view id);
  /// Bytes arrived from the server.
  void activity(Time now) { lastActivity_ = now; }

  enum class Due { Nothing, Keepalive, Timeout };
  /// What the clock asks for at `now`: nothing yet, a keepalive ping (then
  /// keepaliveSent()), or the end of the session (an unanswered ping).
  Due due(Time now) const;
  void keepaliveSent(std::string id, Time now);
  /// When due() next has something to say.
  Time deadline() const;

 private:
  ImDeliveryOptions options_;
  std::int64_t lastSent_ = 0;
  bool outboxDirty_ = true;
  std::string barrierId_;
  std::int64_t barrierSeq_ = 0;
  std::size_t barrierCount_ = 0;
  std::string keepaliveId_;
  std::optional<Time> pingDeadline_;
  Time lastActivity_{};
};

}  // namespace smfront::notify
