#include "simulator.hpp"

#include <unistd.h>

#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <csignal>
#include <cstdio>
#include <iostream>

#include "json_line.hpp"

namespace smfront::mrpgsim {

using boost::system::error_code;
using tcp = asio::ip::tcp;

// One TCP (or TLS) connection to the application and the MR link on it. Handlers hold a
// shared_ptr to it, so buffers and streams outlive every operation started on them; the
// simulator ignores handlers of a connection that is no longer conn_.
struct Simulator::Connection {
  Connection(asio::io_context& io, asio::ssl::context* tls, std::string appName)
      : socket(io), app(std::move(appName)) {
    if (tls != nullptr) tlsStream = std::make_unique<asio::ssl::stream<tcp::socket&>>(socket, *tls);
  }

  template <class Handler>
  void readSome(Handler&& handler) {
    if (tlsStream) tlsStream->async_read_some(asio::buffer(readBuffer), std::forward<Handler>(handler));
    else socket.async_read_some(asio::buffer(readBuffer), std::forward<Handler>(handler));
  }
  template <class Handler>
  void write(Handler&& handler) {
    if (tlsStream) asio::async_write(*tlsStream, asio::buffer(writing), std::forward<Handler>(handler));
    else asio::async_write(socket, asio::buffer(writing), std::forward<Handler>(handler));
  }

  tcp::socket socket;
  std::unique_ptr<asio::ssl::stream<tcp::socket&>> tlsStream;
  std::string app;
  std::optional<mr::Link> link;
  std::array<char, 16384> readBuffer{};
  std::string writing;
  bool writeInFlight = false;
  bool reading = false;
  std::optional<std::string> dropReason;  // close the socket once `writing` is out
  std::uint64_t messages = 0;             // in + out, for --drop-after
};

Simulator::Simulator(asio::io_context& io, const Options& options)
    : io_(io),
      options_(options),
      router_(options),
      random_(options.seed ^ 0x9E3779B97F4A7C15ULL),
      started_(mr::Clock::now()),
      resolver_(io),
      attemptTimer_(io),
      wake_(io),
      signals_(io, SIGINT, SIGTERM) {
  if (options_.tls) {
    tlsContext_.emplace(asio::ssl::context::tls_client);
    tlsContext_->set_options(asio::ssl::context::no_sslv2 | asio::ssl::context::no_sslv3 |
                             asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
    if (options_.caFile.empty()) {
      // A lab tool against dev certificates: without --ca it does not verify.
      tlsContext_->set_verify_mode(asio::ssl::verify_none);
    } else {
      tlsContext_->load_verify_file(options_.caFile);
      tlsContext_->set_verify_mode(asio::ssl::verify_peer);
    }
  }
}

double Simulator::elapsed() const {
  // steady_clock is CLOCK_MONOTONIC on Linux: one clock for every process of the host.
  if (options_.monoTime) return std::chrono::duration<double>(mr::Clock::now().time_since_epoch()).count();
  return std::chrono::duration<double>(mr::Clock::now() - started_).count();
}

void Simulator::emit(std::string line) {
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fflush(stdout);
}

void Simulator::start() {
  signals_.async_wait([this](const error_code& ec, int) {
    if (!ec) stop();
  });
  readStdin();
  connectNext();
}

// ---------------------------------------------------------------------------------------------
// Connecting

void Simulator::scheduleAttempt(mr::TimePoint::duration wait) {
  attemptTimer_.expires_after(wait);
  attemptTimer_.async_wait([this](const error_code& ec) {
    if (!ec && !stopping_) connectNext();
  });
}

void Simulator::connectNext() {
  if (stopping_) return finish();
  const Options::App& app = options_.apps[nextApp_];
  nextApp_ = (nextApp_ + 1) % options_.apps.size();
  auto conn = std::make_shared<Connection>(io_, tlsContext_ ? &*tlsContext_ : nullptr, app.host + ":" + app.port);
  conn_ = conn;
  const auto failed = [this, conn](std::string_view step, const error_code& ec) {
    if (conn != conn_) return;
    conn_.reset();
    ++connectFailures_;
    emit(JsonLine(elapsed()).add("event", "connect-failed").add("app", conn->app).add("step", step)
             .add("error", ec.message()).finish());
    if (stopping_) return finish();
    if (++failedInRound_ < options_.apps.size()) return connectNext();
    failedInRound_ = 0;
    if (options_.once) return finish();
    scheduleAttempt(options_.reconnect);
  };
  resolver_.async_resolve(app.host, app.port, [this, conn, failed](const error_code& ec, tcp::resolver::results_type endpoints) {
    if (ec) return failed("resolve", ec);
    asio::async_connect(conn->socket, endpoints, [this, conn, failed](const error_code& ec2, const tcp::endpoint&) {
      if (ec2) return failed("connect", ec2);
      if (!conn->tlsStream) return onConnected(conn);
      conn->tlsStream->async_handshake(asio::ssl::stream_base::client, [this, conn, failed](const error_code& ec3) {
        if (ec3) return failed("tls", ec3);
        onConnected(conn);
      });
    });
  });
}

void Simulator::onConnected(const std::shared_ptr<Connection>& conn) {
  if (conn != conn_) return;
  if (stopping_) {
    conn_.reset();
    return finish();
  }
  failedInRound_ = 0;
  ++links_;
  error_code ignored;
  conn->socket.set_option(tcp::no_delay(true), ignored);
  mr::SessionOptions session;
  session.role = mr::Role::Pg;
  session.codec.floatWidth = options_.floatWidth;
  session.versionNumber = options_.version;
  session.idleTimeoutSeconds = options_.idleSeconds;
  session.peripheralId = options_.peripheralId;
  session.heartbeatInterval = options_.heartbeat;
  session.routingAvailable = routingAvailable_;
  conn->link.emplace(session, now());
  if (silenced_) conn->link->session().setHeartbeats(false, now());
  emit(JsonLine(elapsed()).add("event", "connected").add("app", conn->app).add("tls", conn->tlsStream != nullptr).finish());
  flush();
  startRead(conn);
  armTimer();
}

// ---------------------------------------------------------------------------------------------
// The link

void Simulator::startRead(const std::shared_ptr<Connection>& conn) {
  if (conn->reading || conn->dropReason) return;
  conn->reading = true;
  conn->readSome([this, conn](const error_code& ec, std::size_t n) {
    conn->reading = false;
    if (conn != conn_) return;
    if (ec) return linkDown(ec == asio::error::eof ? "peer closed the connection" : ec.message());
    onBytes(conn, n);
  });
}

void Simulator::onBytes(const std::shared_ptr<Connection>& conn, std::size_t n) {
  mr::Link& link = *conn->link;
  link.feed(std::string_view(conn->readBuffer.data(), n));
  while (conn == conn_ && !conn->dropReason) {
    const mr::TimePoint t = now();
    if (!link.next(t)) break;
    ++messagesIn_;
    JsonLine line(elapsed());
    line.add("dir", "in");
    if (link.lastStatus().ok()) {
      describe(line, link.lastMessage());
    } else {
      ++invalidIn_;
      line.add("type", "INVALID").add("msg_type", link.lastStatus().type)
          .add("code", mr::errorName(link.lastStatus().code)).add("reason", link.lastStatus().reason);
    }
    emit(line.finish());
    handleEvents();
    countMessage(t);
  }
  afterActivity();
  if (conn == conn_) startRead(conn);
}

void Simulator::countMessage(mr::TimePoint t) {
  if (!conn_ || !options_.dropAfter || conn_->dropReason) return;
  if (++conn_->messages < *options_.dropAfter) return;
  conn_->dropReason = "drop-after";
  conn_->link->session().disconnected(t);
  handleEvents();
}

void Simulator::handleEvents() {
  if (!conn_) return;
  mr::Session& session = conn_->link->session();
  // Index loop: the router's answers may add events (encoder repairs) while we iterate.
  for (std::size_t i = 0; i < session.events().size(); ++i) {
    const mr::Event event = session.events()[i];
    if (const auto* e = std::get_if<mr::event::TaskRequested>(&event)) {
      router_.onTaskRequested(session, *e->message, now());
    } else if (const auto* e = std::get_if<mr::event::TaskCancelled>(&event)) {
      router_.onTaskCancelled(e->dialogueId);
    } else if (const auto* e = std::get_if<mr::event::Opened>(&event)) {
      emit(JsonLine(elapsed()).add("event", "opened").add("pg", e->peripheralId).finish());
    } else if (const auto* e = std::get_if<mr::event::Closed>(&event)) {
      lastClose_ = e->reason;
      router_.onLinkLost();
      emit(JsonLine(elapsed()).add("event", "closed").add("reason", mr::toString(e->reason)).finish());
    } else if (const auto* e = std::get_if<mr::event::PeerFailure>(&event)) {
      emit(JsonLine(elapsed()).add("event", "peer-failure").add("status", mr::errorName(e->status)).finish());
    } else if (const auto* e = std::get_if<mr::event::SequenceGap>(&event)) {
      emit(JsonLine(elapsed()).add("event", "sequence-gap").add("dlg", e->dialogueId).add("expected", e->expected)
               .add("received", e->received).finish());
    }
  }
  session.clearEvents();
}

// After anything that may have queued bytes or moved a deadline.
void Simulator::afterActivity() {
  if (!conn_) return;
  flush();
  if (conn_ && !conn_->dropReason) armTimer();
}

void Simulator::flush() {
  const std::shared_ptr<Connection> conn = conn_;
  if (!conn || conn->writeInFlight) return;
  std::string& outbox = conn->link->session().outbox();
  conn->writing.clear();
  if (!outbox.empty()) {
    // Log every frame as it goes out, and slip garbage in front of some.
    mr::Message message;
    std::string_view rest = outbox;
    while (rest.size() >= mr::kHeaderBytes) {
      const auto* b = reinterpret_cast<const unsigned char*>(rest.data());
      const std::uint32_t length = (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) | b[3];
      const std::uint32_t type = (std::uint32_t{b[4]} << 24) | (std::uint32_t{b[5]} << 16) | (std::uint32_t{b[6]} << 8) | b[7];
      const std::string_view frame = rest.substr(0, mr::kHeaderBytes + length);
      rest.remove_prefix(frame.size());
      if (options_.garbageRate > 0 && std::uniform_real_distribution<double>(0, 1)(random_) < options_.garbageRate) {
        conn->writing += garbageFrame();
      }
      conn->writing += frame;
      ++messagesOut_;
      if (type == static_cast<std::uint32_t>(mr::MessageType::HeartbeatReq)) ++heartbeatsOut_;
      JsonLine line(elapsed());
      line.add("dir", "out");
      if (mr::decode(mr::Frame{type, frame.substr(mr::kHeaderBytes)}, message, {options_.floatWidth}).ok()) {
        describe(line, message);
      } else {
        line.add("type", mr::messageName(type));
      }
      emit(line.finish());
      countMessage(now());
      if (conn->dropReason) break;
    }
    outbox.clear();
  }
  const bool closeAfter = conn->dropReason || conn->link->session().closeDecision();
  if (conn->writing.empty()) {
    if (closeAfter) linkDown(conn->dropReason ? *conn->dropReason : mr::toString(*conn->link->session().closeDecision()));
    return;
  }
  conn->writeInFlight = true;
  conn->write([this, conn](const error_code& ec, std::size_t) {
    conn->writeInFlight = false;
    if (conn != conn_) return;
    if (ec) return linkDown(ec.message());
    flush();
  });
}

std::string Simulator::garbageFrame() {
  ++garbageOut_;
  const auto be32 = [](std::uint32_t v) {
    return std::string{static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
  };
  const auto frame = [&](std::uint32_t type, const std::string& body) {
    return be32(static_cast<std::uint32_t>(body.size())) + be32(type) + body;
  };
  const bool wide = options_.floatWidth == mr::FloatWidth::TwoTwo;
  std::string kind;
  std::string bytes;
  switch (std::uniform_int_distribution<int>(0, 3)(random_)) {
    case 0:
      kind = "unknown-type";
      bytes = frame(999, be32(0));
      break;
    case 1:
      kind = "bad-length";  // HEARTBEAT_REQ shorter than its fixed part
      bytes = frame(static_cast<std::uint32_t>(mr::MessageType::HeartbeatReq), std::string(2, '\0'));
      break;
    case 2: {
      kind = "unknown-tag";
      const std::string tag = wide ? std::string{'\0', '\xFA', '\0', '\x01'} : std::string{'\xFA', '\x01'};
      bytes = frame(static_cast<std::uint32_t>(mr::MessageType::HeartbeatReq), be32(0xFFFFFFF0) + tag + "x");
      break;
    }
    default: {
      kind = "non-ascii";
      const std::string text("caf\xE9", 5);  // with its NUL
      const std::string header = wide ? std::string{'\0', '\x07', '\0', '\x05'} : std::string{'\x07', '\x05'};
      bytes = frame(static_cast<std::uint32_t>(mr::MessageType::FailureEvent), be32(0) + header + text);
      break;
    }
  }
  emit(JsonLine(elapsed()).add("dir", "out").add("type", "GARBAGE").add("kind", kind).finish());
  return bytes;
}

void Simulator::armTimer() {
  if (!conn_ || !conn_->link) return;
  mr::TimePoint next = std::min(conn_->link->session().nextDeadline(), router_.nextDeadline());
  if (options_.silentAfter && !silenced_) next = std::min(next, started_ + *options_.silentAfter);
  if (options_.routingDownAt) {
    if (!routingDownDone_) next = std::min(next, started_ + *options_.routingDownAt);
    else if (!routingUpDone_) next = std::min(next, started_ + *options_.routingDownAt + options_.routingDownFor);
  }
  if (next == mr::TimePoint::max()) {
    wake_.cancel();
    return;
  }
  wake_.expires_at(next);
  const std::shared_ptr<Connection> conn = conn_;
  wake_.async_wait([this, conn](const error_code& ec) {
    if (ec || conn != conn_) return;
    onWake();
  });
}

void Simulator::applySchedule(mr::TimePoint t) {
  mr::Session* session = conn_ ? &conn_->link->session() : nullptr;
  if (options_.silentAfter && !silenced_ && t >= started_ + *options_.silentAfter) {
    silenced_ = true;
    emit(JsonLine(elapsed()).add("event", "heartbeats-stopped").finish());
    if (session) session->setHeartbeats(false, t);
  }
  if (options_.routingDownAt && !routingDownDone_ && t >= started_ + *options_.routingDownAt) {
    routingDownDone_ = true;
    routingAvailable_ = false;
    if (session) session->setRoutingAvailable(false);
  }
  if (options_.routingDownAt && routingDownDone_ && !routingUpDone_ &&
      t >= started_ + *options_.routingDownAt + options_.routingDownFor) {
    routingUpDone_ = true;
    routingAvailable_ = true;
    if (session) session->setRoutingAvailable(true);
  }
}

void Simulator::onWake() {
  const mr::TimePoint t = now();
  applySchedule(t);
  mr::Session& session = conn_->link->session();
  session.tick(t);
  router_.tick(session, t);
  handleEvents();
  afterActivity();
}

void Simulator::linkDown(std::string_view reason) {
  const std::shared_ptr<Connection> conn = std::move(conn_);
  if (!conn) return;
  if (conn->link && conn->link->session().state() != mr::LinkState::Closed) {
    conn_ = conn;  // let handleEvents see the session once more
    conn->link->session().disconnected(now());
    handleEvents();
    conn_.reset();
  }
  emit(JsonLine(elapsed()).add("event", "disconnected").add("app", conn->app).add("reason", reason).finish());
  error_code ignored;
  conn->socket.shutdown(tcp::socket::shutdown_both, ignored);
  conn->socket.close(ignored);
  wake_.cancel();
  if (stopping_ || options_.once) return finish();
  scheduleAttempt(options_.reconnect);
}

// ---------------------------------------------------------------------------------------------
// Stdin, signals, the end

void Simulator::readStdin() {
  if (!stdin_) {
    const int fd = ::dup(STDIN_FILENO);
    if (fd < 0) return;
    try {
      stdin_.emplace(io_, fd);
    } catch (const boost::system::system_error&) {
      ::close(fd);  // e.g. /dev/null, which epoll refuses: no commands then
      return;
    }
  }
  asio::async_read_until(*stdin_, asio::dynamic_buffer(stdinBuffer_), '\n', [this](const error_code& ec, std::size_t n) {
    if (ec || finished_) return;  // EOF: no more commands, the simulator goes on
    std::string line = stdinBuffer_.substr(0, n - 1);
    stdinBuffer_.erase(0, n);
    onCommand(line);
    readStdin();
  });
}

void Simulator::onCommand(const std::string& line) {
  const mr::TimePoint t = now();
  if (line.rfind("free ", 0) == 0) {
    const std::string agent = line.substr(5);
    const bool known = router_.freeAgent(agent, t);
    emit(JsonLine(elapsed()).add("event", "command").add("command", "free").add("agent", agent).add("ok", known).finish());
    if (conn_ && conn_->link) {
      router_.tick(conn_->link->session(), t);
      afterActivity();
    }
  } else if (line == "routing 0" || line == "routing 1") {
    routingAvailable_ = line == "routing 1";
    emit(JsonLine(elapsed()).add("event", "command").add("command", line).finish());
    if (conn_ && conn_->link) {
      conn_->link->session().setRoutingAvailable(routingAvailable_);
      afterActivity();
    }
  } else if (line == "close") {
    emit(JsonLine(elapsed()).add("event", "command").add("command", "close").finish());
    stop();
  } else if (!line.empty()) {
    emit(JsonLine(elapsed()).add("event", "command").add("command", line).add("ok", false).finish());
  }
}

void Simulator::stop() {
  if (stopping_) return;
  stopping_ = true;
  emit(JsonLine(elapsed()).add("event", "stopping").finish());
  attemptTimer_.cancel();
  resolver_.cancel();
  if (conn_ && conn_->link && conn_->link->session().state() == mr::LinkState::Open) {
    conn_->link->session().close(now());
    afterActivity();
    return;
  }
  // No open session: nothing to close politely, which is a clean end too.
  nothingToClose_ = true;
  if (!conn_) return finish();
  if (!conn_->link) {
    error_code ignored;
    conn_->socket.close(ignored);
    conn_.reset();
    return finish();
  }
  linkDown("stopped before the session was open");
}

void Simulator::finish() {
  if (finished_) return;
  finished_ = true;
  // Clean: the last session ended with CLOSE_REQ and CLOSE_CONF (either side asking), or a
  // stop found no session open to close.
  const bool closedPolitely = lastClose_ && (*lastClose_ == mr::CloseReason::Closed || *lastClose_ == mr::CloseReason::PeerClosed);
  exitCode_ = closedPolitely || (stopping_ && nothingToClose_) ? 0 : 1;
  const RouterStats& s = router_.stats();
  emit(JsonLine(elapsed())
           .add("event", "summary")
           .add("links", links_)
           .add("connect_failures", connectFailures_)
           .add("messages_in", messagesIn_)
           .add("messages_out", messagesOut_)
           .add("invalid_in", invalidIn_)
           .add("garbage_out", garbageOut_)
           .add("heartbeats_out", heartbeatsOut_)
           .add("new_tasks", s.newTasks)
           .add("accepted", s.accepted)
           .add("rejected", s.rejected)
           .add("queued", s.queued)
           .add("routed", s.routed)
           .add("failed", s.failed)
           .add("cancelled", s.cancelled)
           .add("last_close", lastClose_ ? mr::toString(*lastClose_) : std::string_view("none"))
           .add("exit", exitCode_)
           .finish());
  error_code ignored;
  signals_.cancel(ignored);
  attemptTimer_.cancel();
  wake_.cancel();
  resolver_.cancel();
  if (stdin_) stdin_->close(ignored);
  io_.stop();
}

}  // namespace smfront::mrpgsim
