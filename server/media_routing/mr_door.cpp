#include "media_routing/mr_door.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/json/object.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <optional>
#include <set>
#include <unordered_map>

#include "core/core.hpp"
#include "core/services.hpp"
#include "mr/link.hpp"
#include "net/listener.hpp"
#include "net/tcp_or_tls_stream.hpp"
#include "telemetry/metrics.hpp"
#include "telemetry/rate_limited_log.hpp"

namespace smfront::media_routing {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

namespace {

mr::TimePoint now() { return mr::Clock::now(); }

constexpr std::size_t kReadPauseBytes = 64 * 1024;

std::string describe(const tcp::endpoint& endpoint) {
  const auto address = net::canonicalAddress(endpoint.address());
  const std::string host = address.find(':') != std::string::npos ? "[" + address + "]" : address;
  return host + ":" + std::to_string(endpoint.port());
}

}  // namespace

void checkMrDoorExposure(const MrDoorOptions& options) {
  if (!options.allowedPeers.empty()) return;
  error_code ec;
  const auto address = asio::ip::make_address(options.bindAddress, ec);
  if (!ec && address.is_loopback()) return;
  throw std::invalid_argument("mr.allowed_peers is empty while the MR port listens on " + options.bindAddress +
                              " (listeners.bind), so any host could act as the PG and receive every contact: "
                              "list the PG's addresses in mr.allowed_peers or bind a loopback address");
}

class MrConnection;

struct MrDoor::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::io_context& io, core::Core& core, core::Services& services, MrDoorOptions options,
       telemetry::Registry& metrics)
      : core(core),
        services(services),
        router(*services.mediaRouter),
        options(std::move(options)),
        listener(net::Listener::open(io.get_executor(), [&core] { return core.strand(); },
                                     net::ListenerOptions{.door = "mr",
                                                          .bindAddress = this->options.bindAddress,
                                                          .port = this->options.port,
                                                          .maxConnections = this->options.maxConnections,
                                                          .connectionsPerAddress = this->options.connectionsPerAddress,
                                                          .allowedPeers = this->options.allowedPeers,
                                                          .maxConnectionsKey = "limits.mr_connections",
                                                          .allowedPeersKey = "mr.allowed_peers"},
                                     metrics)),
        connectionsTotal(metrics.counter("smfront_connections_total", "Connections accepted, per door.", {{"door", "mr"}})),
        stalledLinks(metrics.counter("smfront_mr_links_closed_unread_total",
                                     "MR connections closed because the peer stopped reading (outbox cap, write stall).")),
        openGauge(metrics.gauge("smfront_open_connections", "Connections open now, per door.", {{"door", "mr"}})),
        sessionsTotal(metrics.counter("smfront_mr_sessions_total", "MR sessions opened.")),
        violations(metrics.counter("smfront_mr_violations_total",
                                   "Messages from the PG that broke the protocol (answered with FAILURE_*).")),
        peerFailures(metrics.counter("smfront_mr_peer_failures_total", "FAILURE_CONF/EVENT received from the PG.")),
        routeLatency(metrics.histogram("smfront_mr_route_duration_seconds",
                                       "NEW_TASK sent to DO_THIS_WITH_TASK received.", {}, telemetry::latencyBuckets())) {
    codec.floatWidth = this->options.floatWidth == 1 ? mr::FloatWidth::OneOne : mr::FloatWidth::TwoTwo;
  }

  void accepted(tcp::socket socket, net::ConnectionSlot slot);
  void setActive(MrConnection* connection);
  /// 0 down, 1 connected, 2 open, 3 closing.
  int linkState() const;
  void addRouterMetrics(telemetry::Registry& metrics);

  core::Core& core;
  core::Services& services;
  core::MrRouter& router;
  MrDoorOptions options;
  mr::CodecOptions codec;
  std::shared_ptr<net::Listener> listener;
  std::set<std::shared_ptr<MrConnection>> connections;  // on the strand
  MrConnection* active = nullptr;                       // the one with the open session
  std::atomic<std::size_t> open{0};
  bool stopping = false;
  NewTaskBuffer buffer;
  std::uint64_t sessions = 0;

  telemetry::Counter& connectionsTotal;
  telemetry::Counter& stalledLinks;
  telemetry::Gauge& openGauge;
  telemetry::Counter& sessionsTotal;
  telemetry::Counter& violations;
  telemetry::Counter& peerFailures;
  telemetry::Histogram& routeLatency;
  // Anyone who can connect can make these happen at will.
  telemetry::RateLimitedLog badMessageLog{spdlog::level::warn};
  telemetry::RateLimitedLog stalledLog{spdlog::level::warn};
  telemetry::RateLimitedLog handshakeLog{spdlog::level::warn};
  telemetry::RateLimitedLog refusedTasksLog{spdlog::level::warn};
};

// One accepted connection: the MR session of one PIM.
class MrConnection final : public core::TaskLink, public std::enable_shared_from_this<MrConnection> {
 public:
  MrConnection(std::shared_ptr<MrDoor::Impl> door, tcp::socket socket, net::ConnectionSlot slot)
      : door_(std::move(door)),
        slot_(std::move(slot)),
        transport_(std::move(socket)),
        timer_(transport_.get_executor()),
        stallTimer_(transport_.get_executor()) {
    error_code ec;
    peer_ = describe(transport_.socket().remote_endpoint(ec));
    transport_.socket().set_option(tcp::no_delay(true), ec);
  }

  const std::string& peer() const { return peer_; }
  std::uint32_t peripheralId() const { return peripheralId_; }
  mr::Session* session() { return link_ ? &link_->session() : nullptr; }

  void begin() {
    if (!door_->options.tls) return run();
    auto& tls = transport_.startTls(*door_->options.tls);
    tls.async_handshake(asio::ssl::stream_base::server, [self = shared_from_this()](const error_code& ec) {
      if (ec) {
        self->door_->handshakeLog("mr: TLS handshake with {} failed: {}", self->peer_, ec.message());
        return self->shutdown();
      }
      self->run();
    });
  }

  std::optional<std::uint32_t> startTask(const core::TaskOrder& order) override {
    if (!link_ || closed_) return std::nullopt;
    const core::Contact* contact = door_->services.contacts.find(order.contactId);
    if (contact == nullptr) return std::nullopt;
    const auto cce = door_->services.notifications.cceRouting(*contact);
    buildNewTask(*contact, door_->services.requests.request(order.contactId), order, door_->options.mapping,
                 door_->buffer, cce ? &*cce : nullptr);
    const mr::TimePoint sentAt = now();
    const auto dialogueId = link_->session().startTask(door_->buffer.task, sentAt);
    if (dialogueId) {
      sentAt_[*dialogueId] = sentAt;
      handleEvents();
      flush();
    }
    return dialogueId;
  }

  // Below half the cap, so a burst of NEW_TASKs for a PG that reads never meets it.
  bool acceptsTasks() const override { return !closed_ && unsentBytes() < door_->options.outboxBytes / 2; }

  bool cancelTask(std::uint32_t dialogueId) override {
    if (!link_ || closed_ || !link_->session().cancelTask(dialogueId, now())) return false;
    spdlog::info("mr: CANCEL_TASK for dialogue {} (contact {})", dialogueId, door_->router.contactOf(dialogueId));
    flush();
    return true;
  }

  /// The door is stopping: CLOSE_REQ(0) on an open session, else just close.
  void close() {
    if (!link_ || closed_) return shutdown();
    link_->session().close(now());
    handleEvents();
    afterActivity();
  }

  void shutdown() {
    if (closed_) return;
    closed_ = true;
    if (link_ && link_->session().state() != mr::LinkState::Closed) {
      link_->session().disconnected(now());
      handleEvents();
    }
    timer_.cancel();
    stallTimer_.cancel();
    transport_.close();
    door_->open.fetch_sub(1, std::memory_order_relaxed);
    door_->openGauge.add(-1);
    auto self = shared_from_this();
    door_->connections.erase(self);
    if (door_->active == this) door_->setActive(nullptr);
  }

 private:
  void run() {
    mr::SessionOptions options;
    options.role = mr::Role::Application;
    options.codec = door_->codec;
    link_.emplace(options, now());
    link_->session().setPeerSessionActive(door_->active != nullptr);
    read();
    arm();
  }

  // Not while answers wait unsent: a peer that sends requests without reading
  // them is held at what a read or two brings, instead of growing the outbox.
  // A little unsent (a heartbeat answer in flight) does not pause reading, so a
  // PG that itself waits for its writes before reading cannot deadlock with us.
  void read() {
    if (closed_ || reading_ || unsentBytes() >= kReadPauseBytes) return;
    reading_ = true;
    auto handler = [self = shared_from_this()](const error_code& ec, std::size_t n) {
      self->reading_ = false;
      if (self->closed_) return;
      if (ec) {
        if (ec != asio::error::eof) spdlog::info("mr: connection from {} lost: {}", self->peer_, ec.message());
        return self->shutdown();
      }
      self->onBytes(n);
    };
    transport_.async_read_some(asio::buffer(readBuffer_), std::move(handler));
  }

  void onBytes(std::size_t n) {
    link_->feed(std::string_view(readBuffer_.data(), n));
    while (!closed_ && link_->next(now())) {
      if (!link_->lastStatus().ok()) {
        const auto& status = link_->lastStatus();
        door_->badMessageLog("mr: {} sent a bad {} (type {}): {}; answered {}", peer_, mr::messageName(status.type),
                             status.type, status.reason, mr::errorName(status.code));
      }
      handleEvents();
    }
    afterActivity();
    read();
  }

  void afterActivity() {
    if (closed_) return;
    flush();
    arm();
  }

  // Events of the session, in order; the index loop sees events that handling adds
  // (a NEW_TASK sent while handling Opened may add a repair note).
  void handleEvents() {
    if (dispatching_ || !link_) return;
    dispatching_ = true;
    mr::Session& session = link_->session();
    for (std::size_t i = 0; i < session.events().size(); ++i) {
      const mr::Event event = session.events()[i];
      std::visit([this](const auto& e) { on(e); }, event);
    }
    session.clearEvents();
    dispatching_ = false;
  }

  void on(const mr::event::Opened& e) {
    spdlog::info("mr: session open with {} (peripheral {}, version {}, idle {})", peer_, e.peripheralId,
                 e.versionNumber, e.idleTimeoutSeconds ? std::to_string(*e.idleTimeoutSeconds) + " s" : "none");
    peripheralId_ = e.peripheralId;
    door_->setActive(this);
    ++door_->sessions;
    door_->sessionsTotal.inc();
    door_->router.linkOpened(*this);
  }
  void on(const mr::event::RoutingStatus& e) {
    spdlog::info("mr: routing {} ({})", e.available ? "available" : "not available", peer_);
    if (door_->active == this) door_->router.routingStatus(e.available);
  }
  void on(const mr::event::TaskAccepted& e) { door_->router.taskAccepted(e.dialogueId, taskIdText(e.taskId)); }
  void on(const mr::event::TaskQueued& e) {
    door_->router.taskQueued(e.dialogueId, taskIdText(e.taskId), e.estimatedWaitSeconds);
  }
  void on(const mr::event::TaskRouted& e) {
    const mr::DoThisWithTask& m = *e.message;
    const std::uint32_t dialogueId = m.dialogue.dialogueId;
    if (e.cancelRequested) {
      spdlog::info("mr: dialogue {} (contact {}) routed to {} after CANCEL_TASK; ignored", dialogueId,
                   door_->router.contactOf(dialogueId), m.label);
    }
    if (const auto sent = sentAt_.find(dialogueId); sent != sentAt_.end()) {
      door_->routeLatency.observe(std::chrono::duration<double>(now() - sent->second).count());
      sentAt_.erase(sent);
    }
    door_->router.taskRouted(dialogueId, std::string(m.label), taskIdText(m.taskId), e.cancelRequested);
  }
  void on(const mr::event::DialogueEnded& e) {
    const auto failure = failureOf(e.how, e.code);
    const auto reason = core::discardReason(failure);
    if (e.how != mr::DialogueEnd::LinkLost && e.how != mr::DialogueEnd::Cancelled) {
      spdlog::info("mr: dialogue {} (contact {}) {} with {}{}{}", e.dialogueId, door_->router.contactOf(e.dialogueId),
                   mr::toString(e.how), mr::errorName(e.code), reason.empty() ? "; stays queued" : "; discarded: ",
                   reason);
    }
    sentAt_.erase(e.dialogueId);
    door_->router.dialogueEnded(e.dialogueId, failure);
  }
  void on(const mr::event::CancelTooLate& e) {
    spdlog::info("mr: CANCEL_TASK for dialogue {} came too late; its result will be ignored", e.dialogueId);
  }
  void on(const mr::event::SequenceGap& e) {
    spdlog::warn("mr: {} dialogue {}: SendSeqNo {} where {} was next", peer_, e.dialogueId, e.received, e.expected);
  }
  void on(const mr::event::PeerFailure& e) {
    door_->peerFailures.inc();
    spdlog::warn("mr: {} sent {} {}{}{}", peer_, mr::messageName(e.type), mr::errorName(e.status),
                 e.text.empty() ? "" : ": ", e.text);
  }
  void on(const mr::event::Violation& e) {
    door_->violations.inc();
    door_->badMessageLog("mr: {} broke the protocol with {} (type {}): {}; answered {}", peer_,
                         mr::messageName(e.messageType), e.messageType, e.reason, mr::errorName(e.code));
  }
  void on(const mr::event::Repaired& e) {
    spdlog::info("mr: {} for dialogue {} repaired: {} truncated, {} non-ASCII replaced, {} variables dropped",
                 mr::messageName(e.type), e.dialogueId, e.report.truncated, e.report.replaced,
                 e.report.droppedVariables);
  }
  void on(const mr::event::Closed& e) {
    spdlog::info("mr: session with {} over: {}", peer_, mr::toString(e.reason));
    if (door_->active == this) door_->setActive(nullptr);
  }
  void on(const mr::event::TaskRequested&) {}
  void on(const mr::event::TaskCancelled&) {}

  std::size_t unsentBytes() const {
    return (writing_ ? writeBuffer_.size() : 0) + (link_ ? link_->session().outbox().size() : 0);
  }

  void closeUnread(std::string_view why) {
    door_->stalledLinks.inc();
    door_->stalledLog("mr: closed the link to {}: it stopped reading ({} bytes unsent, {})", peer_, unsentBytes(),
                      why);
    shutdown();
  }

  void flush() {
    if (closed_ || !link_) return;
    if (writing_) {
      if (unsentBytes() > door_->options.outboxBytes) closeUnread("limits.mr_outbox_bytes");
      return;
    }
    std::string& outbox = link_->session().outbox();
    if (outbox.empty()) {
      if (link_->session().closeDecision()) shutdown();
      return;
    }
    writeBuffer_.clear();
    writeBuffer_.swap(outbox);
    writing_ = true;
    watchStall();
    auto handler = [self = shared_from_this()](const error_code& ec, std::size_t) {
      self->writing_ = false;
      self->stallTimer_.cancel();
      if (self->closed_) return;
      if (ec) {
        spdlog::info("mr: write to {} failed: {}", self->peer_, ec.message());
        return self->shutdown();
      }
      self->flush();
      if (self->closed_) return;
      self->read();
      if (self->door_->active == self.get() && self->acceptsTasks()) self->door_->router.linkDrained();
    };
    asio::async_write(transport_, asio::buffer(writeBuffer_), std::move(handler));
  }

  // A write that does not finish within limits.mr_write_stall_ms means the peer
  // stopped reading.
  void watchStall() {
    stallTimer_.expires_after(door_->options.writeStall);
    stallTimer_.async_wait([self = shared_from_this()](const error_code& ec) {
      if (ec || self->closed_ || !self->writing_) return;
      self->closeUnread("limits.mr_write_stall_ms");
    });
  }

  // One timer at the session's next deadline; re-armed only when it moves.
  void arm() {
    if (closed_ || !link_) return;
    const mr::TimePoint deadline = link_->session().nextDeadline();
    if (deadline == armedAt_) return;
    armedAt_ = deadline;
    if (deadline == mr::TimePoint::max()) {
      timer_.cancel();
      return;
    }
    timer_.expires_at(deadline);
    timer_.async_wait([self = shared_from_this(), deadline](const error_code& ec) {
      if (ec || self->closed_ || self->armedAt_ != deadline) return;
      self->armedAt_ = mr::TimePoint::max();
      self->link_->session().tick(now());
      self->handleEvents();
      self->afterActivity();
    });
  }

  std::shared_ptr<MrDoor::Impl> door_;
  net::ConnectionSlot slot_;  // the door's place for this connection, given back with it
  net::TcpOrTlsStream transport_;
  asio::steady_timer timer_;
  asio::steady_timer stallTimer_;
  std::optional<mr::Link> link_;
  std::string peer_;
  std::uint32_t peripheralId_ = 0;
  std::array<char, 64 * 1024> readBuffer_{};
  std::string writeBuffer_;
  std::unordered_map<std::uint32_t, mr::TimePoint> sentAt_;  // open dialogues, for the latency histogram
  mr::TimePoint armedAt_ = mr::TimePoint::max();
  bool reading_ = false;
  bool writing_ = false;
  bool dispatching_ = false;
  bool closed_ = false;
};

// On the core strand (start() posts it there; the socket already lives on it).
void MrDoor::Impl::accepted(tcp::socket socket, net::ConnectionSlot slot) {
  if (stopping) return;
  connectionsTotal.inc();
  open.fetch_add(1, std::memory_order_relaxed);
  openGauge.add(1);
  auto connection = std::make_shared<MrConnection>(shared_from_this(), std::move(socket), std::move(slot));
  spdlog::info("mr: connection from {}", connection->peer());
  connections.insert(connection);
  connection->begin();
}

void MrDoor::Impl::setActive(MrConnection* connection) {
  const bool wasActive = active != nullptr;
  active = connection;
  for (const auto& c : connections) {
    if (c.get() != connection && c->session() != nullptr) c->session()->setPeerSessionActive(connection != nullptr);
  }
  if (connection == nullptr && wasActive) router.linkClosed();
}

int MrDoor::Impl::linkState() const {
  if (active != nullptr) return active->session()->state() == mr::LinkState::Closing ? 3 : 2;
  return connections.empty() ? 0 : 1;
}

// The router's totals and the link's state, read when /metrics is scraped (on
// the core strand, where they live); zero once the door is gone.
void MrDoor::Impl::addRouterMetrics(telemetry::Registry& metrics) {
  using Counters = core::MrRouter::Counters;
  const std::weak_ptr<Impl> weak = weak_from_this();
  auto read = [weak](auto value) {
    return [weak, value] {
      const auto door = weak.lock();
      return door ? static_cast<double>(value(*door)) : 0.0;
    };
  };
  auto total = [&](std::string_view name, std::string_view help, std::uint64_t Counters::*field) {
    metrics.counterCallback(name, help, {}, read([field](const MrDoor::Impl& d) { return d.router.counters().*field; }));
  };
  total("smfront_mr_new_tasks_total", "NEW_TASK messages sent.", &Counters::sent);
  total("smfront_mr_new_tasks_resent_total", "NEW_TASKs for contacts sent before.", &Counters::resent);
  total("smfront_mr_tasks_routed_total", "Contacts reserved by DO_THIS_WITH_TASK.", &Counters::routed);
  total("smfront_mr_tasks_discarded_total", "Contacts discarded by a dialogue failure.", &Counters::discarded);
  total("smfront_mr_cancels_total", "CANCEL_TASK messages sent.", &Counters::cancels);
  total("smfront_mr_tasks_timed_out_total", "NEW_TASK dialogues cancelled by mr.new_task_timeout (also counted discarded).",
        &Counters::timedOut);
  total("smfront_mr_tasks_recovered_total", "Reserved contacts sent again after a link loss longer than mr.task_life.",
        &Counters::recovered);
  total("smfront_mr_tasks_refused_total", "Contacts discarded at once because limits.mr_pending_tasks were waiting.",
        &Counters::refused);
  metrics.gaugeCallback("smfront_mr_link_state", "MR link: 0 down, 1 connected, 2 open, 3 closing.", {},
                        read([](const MrDoor::Impl& d) { return d.linkState(); }));
  metrics.gaugeCallback("smfront_mr_tasks_pending", "Contacts waiting to be sent to the MR PG.", {},
                        read([](const MrDoor::Impl& d) { return d.router.pending(); }));
  metrics.gaugeCallback("smfront_mr_dialogues_open", "Open NEW_TASK dialogues.", {},
                        read([](const MrDoor::Impl& d) { return d.router.inFlight(); }));
}

MrDoor::MrDoor(asio::io_context& io, core::Core& core, core::Services& services, MrDoorOptions options,
               telemetry::Registry& metrics)
    : impl_((checkMrDoorExposure(options), std::make_shared<Impl>(io, core, services, std::move(options), metrics))) {
  impl_->addRouterMetrics(metrics);
  impl_->router.setRefusalNotice([impl = impl_.get()] {
    impl->refusedTasksLog("mr: discarded a new contact: {} contacts wait for the PG (limits.mr_pending_tasks)",
                          impl->router.pending());
  });
}

MrDoor::~MrDoor() { impl_->router.setRefusalNotice(nullptr); }

std::uint16_t MrDoor::port() const { return impl_->listener->port(); }
std::size_t MrDoor::openConnections() const { return impl_->open.load(std::memory_order_relaxed); }

void MrDoor::start() {
  // The listener calls back on its own executor; connections and the link
  // state belong to the core strand.
  impl_->listener->start([weak = std::weak_ptr<Impl>(impl_)](tcp::socket socket, net::ConnectionSlot slot) {
    const auto impl = weak.lock();
    if (!impl) return;
    asio::post(impl->core.strand(), [impl, socket = std::move(socket), slot = std::move(slot)]() mutable {
      impl->accepted(std::move(socket), std::move(slot));
    });
  });
}

void MrDoor::beginStop() {
  impl_->listener->stop();
  asio::post(impl_->core.strand(), [impl = impl_] {
    impl->stopping = true;
    const auto connections = impl->connections;  // close() may erase
    for (const auto& c : connections) c->close();
  });
}

void MrDoor::closeAll() {
  asio::post(impl_->core.strand(), [impl = impl_] {
    const auto connections = impl->connections;
    for (const auto& c : connections) c->shutdown();
  });
}

std::string_view MrDoor::statusName() const { return "mr"; }

void MrDoor::writeStatus(boost::json::object& section) const {
  const Impl& d = *impl_;
  std::string state = "down";
  std::string peer;
  std::uint32_t peripheralId = 0;
  if (d.active != nullptr) {
    state = std::string(mr::toString(d.active->session()->state()));
    peer = d.active->peer();
    peripheralId = d.active->peripheralId();
  } else if (!d.connections.empty()) {
    state = "connected";
  }
  const auto& c = d.router.counters();
  section["state"] = state;
  section["peer"] = peer;                  // address:port of the PG with the open session
  section["peripheral_id"] = peripheralId;
  section["routing_available"] = d.active != nullptr && d.router.routingAvailable();
  section["pending"] = d.router.pending();     // contacts waiting to be sent
  section["in_flight"] = d.router.inFlight();  // open dialogues
  section["sent"] = c.sent;
  section["routed"] = c.routed;
  section["discarded"] = c.discarded;
  section["sessions"] = d.sessions;  // opened since the start
}

}  // namespace smfront::media_routing
