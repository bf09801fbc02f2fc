#include "notify/xmpp_notifier.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <random>

#include "core/core.hpp"
#include "core/notifications.hpp"
#include "net/tcp_or_tls_stream.hpp"
#include "net/tls_client.hpp"
#include "notify/im_delivery.hpp"
#include "notify/srv_lookup.hpp"
#include "telemetry/metrics.hpp"
#include "xmpp/client_stream.hpp"

namespace smfront::notify {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

// What the status and the metrics read from other threads.
struct Shared {
  mutable std::mutex mutex;
  XmppNotifierStatus status;  // guarded by mutex, except the atomics below
  std::atomic<std::int64_t> outbox{0};
  std::atomic<std::uint64_t> delivered{0};
  std::atomic<std::uint64_t> connects{0};
  std::atomic<bool> online{false};
};

std::string describe(const xmpp::event::Failed& f) {
  std::string out(xmpp::toString(f.error));
  if (f.saslCondition) out += " (" + std::string(xmpp::toString(*f.saslCondition)) + ")";
  if (!f.streamCondition.empty()) out += " (" + f.streamCondition + ")";
  if (!f.text.empty()) out += ": " + f.text;
  return out;
}

// One TCP connection, possibly upgraded to TLS, and the stream machine on it.
struct Connection {
  explicit Connection(const asio::any_io_executor& ex) : transport(tcp::socket(ex)) {}
  net::TcpOrTlsStream transport;
  std::unique_ptr<xmpp::ClientStream> stream;
  boost::system::error_code readError;
  bool readerDone = false;
  bool timedOut = false;

  void close() { transport.close(); }
};

struct SessionResult {
  std::string error;
  bool authFailed = false;
  bool configChanged = false;
  milliseconds onlineFor{0};
};

}  // namespace

class XmppNotifier::Impl : public std::enable_shared_from_this<Impl> {
 public:
  Impl(asio::any_io_executor executor, core::Core& core, core::NotificationService& notifications,
       XmppClientOptions options, Render render)
      : strand_(asio::make_strand(executor)),
        core_(core),
        notifications_(notifications),
        options_(std::move(options)),
        render_(std::move(render)),
        signal_(strand_),
        random_(std::random_device{}()),
        delivery_({.batch = options_.batch, .pingIdle = options_.pingIdle, .pingTimeout = options_.pingTimeout}) {}

  std::shared_ptr<Shared> shared = std::make_shared<Shared>();

  void start() {
    // Before the io_context runs, so registering on the core needs no hop.
    std::weak_ptr<Impl> weak = shared_from_this();
    notifications_.onQueued(core::NotifyChannel::Im, [weak] {
      auto self = weak.lock();
      if (!self) return;
      self->shared->outbox = static_cast<std::int64_t>(self->notifications_.outboxSize(core::NotifyChannel::Im));
      post(weak, [](Impl& impl) { impl.delivery_.outboxChanged(); });
    });
    notifications_.onXmppChanged([weak] { post(weak, [](Impl& self) { self.configDirty_ = true; }); });
    shared->outbox = static_cast<std::int64_t>(notifications_.outboxSize(core::NotifyChannel::Im));
    asio::co_spawn(strand_, run(shared_from_this()), asio::detached);
  }

  void stop() {
    post(weak_from_this(), [](Impl& self) { self.stopping_ = true; });
  }

 private:
  static void post(const std::weak_ptr<Impl>& weak, void (*change)(Impl&)) {
    auto self = weak.lock();
    if (!self) return;
    asio::post(self->strand_, [self, change] {
      change(*self);
      self->kick();
    });
  }

  void kick() {
    kicked_ = true;
    signal_.cancel();
  }

  // Waits for a kick or until `deadline`.
  asio::awaitable<void> wait(Clock::time_point deadline) {
    if (kicked_) {
      kicked_ = false;
      co_return;
    }
    signal_.expires_at(deadline);
    boost::system::error_code ec;
    co_await signal_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    kicked_ = false;
  }

  void setState(std::string state, std::string server, std::string error) {
    shared->online = state == "online";
    std::lock_guard lock(shared->mutex);
    shared->status.state = std::move(state);
    shared->status.server = std::move(server);
    shared->status.lastError = std::move(error);
  }
  void setState(std::string state) {
    shared->online = state == "online";
    std::lock_guard lock(shared->mutex);
    shared->status.state = std::move(state);
  }

  milliseconds jittered(milliseconds base) {
    std::uniform_real_distribution<double> spread(0.8, 1.2);
    return milliseconds(static_cast<std::int64_t>(static_cast<double>(base.count()) * spread(random_)));
  }

  asio::awaitable<void> run(std::shared_ptr<Impl> self) {
    milliseconds backoff = options_.backoffInitial;
    std::string lastError;
    while (!stopping_) {
      configDirty_ = false;
      const auto settings = co_await core_.call([this] { return notifications_.xmpp(); });
      const std::string server = settings.host + ":" + std::to_string(settings.port);
      if (!settings.enabled) {
        setState("disabled", server, lastError);
        while (!configDirty_ && !stopping_) co_await wait(Clock::time_point::max());
        continue;
      }
      setState("connecting", settings.serviceLookup ? "_xmpp-client._tcp." + settings.service : server, lastError);
      SessionResult result = co_await session(settings);
      if (stopping_) break;
      if (result.configChanged) {
        backoff = options_.backoffInitial;
        spdlog::info("xmpp notifier: settings changed; reconnecting");
        continue;
      }
      if (result.onlineFor >= options_.stableAfter) backoff = options_.backoffInitial;
      lastError = result.error;
      milliseconds delay;
      if (result.authFailed) {
        delay = options_.authRetry;
        setState("auth_failed");
      } else {
        delay = jittered(backoff);
        backoff = std::min(backoff * 2, options_.backoffMax);
        setState("backoff");
      }
      {
        std::lock_guard lock(shared->mutex);
        shared->status.lastError = lastError;
      }
      spdlog::warn("xmpp notifier: {}; next attempt in {} ms", lastError, delay.count());
      const auto until = Clock::now() + delay;
      while (!configDirty_ && !stopping_ && Clock::now() < until) co_await wait(until);
    }
    setState("disabled");
    (void)self;
  }

  // Where to connect: SRV targets in order when lookup is on, then host and port.
  asio::awaitable<std::vector<SrvTarget>> targets(const core::XmppSettings& s) {
    std::vector<SrvTarget> out;
    if (s.serviceLookup) {
      co_await asio::post(asio::bind_executor(lookupPool_, asio::use_awaitable));
      out = lookupXmppClientSrv(s.service);
      co_await asio::post(asio::bind_executor(strand_, asio::use_awaitable));
      if (out.empty()) spdlog::info("xmpp notifier: no SRV record for _xmpp-client._tcp.{}; using {}:{}", s.service, s.host, s.port);
    }
    if (!s.host.empty() || out.empty()) {
      out.push_back({s.host.empty() ? s.service : s.host, static_cast<std::uint16_t>(s.port)});
    }
    co_return out;
  }

  // Connects to the first target that answers; empty on success, else why not.
  asio::awaitable<std::string> connect(Connection& c, const std::vector<SrvTarget>& to) {
    std::string errors;
    tcp::resolver resolver(strand_);
    for (const auto& target : to) {
      boost::system::error_code ec;
      const auto endpoints = co_await resolver.async_resolve(target.host, std::to_string(target.port),
                                                             asio::redirect_error(asio::use_awaitable, ec));
      if (!ec) co_await asio::async_connect(c.transport.socket(), endpoints, asio::redirect_error(asio::use_awaitable, ec));
      if (c.timedOut) co_return "connect to " + target.host + ":" + std::to_string(target.port) + ": timed out";
      if (!ec) {
        std::lock_guard lock(shared->mutex);
        shared->status.server = target.host + ":" + std::to_string(target.port);
        co_return std::string{};
      }
      if (!errors.empty()) errors += "; ";
      errors += "connect to " + target.host + ":" + std::to_string(target.port) + ": " + ec.message();
      c.transport.socket() = tcp::socket(strand_);
    }
    co_return errors;
  }

  asio::awaitable<std::string> startTls(Connection& c, const std::string& domain) {
    if (!tlsContext_) tlsContext_ = net::makeClientTlsContext(options_.caFile);
    auto& tls = c.transport.startTls(*tlsContext_);
    net::expectServer(tls, domain, options_.verifyTls);
    boost::system::error_code ec;
    co_await tls.async_handshake(ssl::stream_base::client, asio::redirect_error(asio::use_awaitable, ec));
    if (c.timedOut) co_return "TLS handshake: timed out";
    if (ec) {
      std::string why = "TLS handshake: " + ec.message();
      if (const auto refusal = net::certificateRefusal(tls.native_handle(), domain); !refusal.empty()) {
        why += " (" + refusal + ")";
      }
      co_return why;
    }
    co_return std::string{};
  }

  asio::awaitable<void> reader(std::shared_ptr<Connection> c, std::shared_ptr<Impl> self) {
    std::array<char, 16384> buffer;
    for (;;) {
      boost::system::error_code ec;
      std::size_t n = 0;
      n = co_await c->transport.async_read_some(asio::buffer(buffer), asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        c->readError = ec;
        c->readerDone = true;
        kick();
        co_return;
      }
      delivery_.activity(Clock::now());
      c->stream->receive(std::string_view(buffer.data(), n));
      kick();
      const auto state = c->stream->state();
      if (state == xmpp::ClientState::AwaitingTls || state == xmpp::ClientState::Closed ||
          state == xmpp::ClientState::Failed) {
        c->readerDone = state != xmpp::ClientState::AwaitingTls;
        co_return;
      }
    }
    (void)self;
  }

  asio::awaitable<boost::system::error_code> flush(Connection& c) {
    std::string out = c.stream->takeOutput();
    boost::system::error_code ec;
    if (out.empty()) co_return ec;
    co_await asio::async_write(c.transport, asio::buffer(out), asio::redirect_error(asio::use_awaitable, ec));
    co_return ec;
  }

  // Sends the next batch of the outbox and the ping that confirms it (delivery_ asked for it).
  asio::awaitable<void> sendBatch(Connection& c) {
    const auto after = delivery_.sentThrough();
    const auto entries = co_await core_.call(
        [this, after] { return notifications_.pending(core::NotifyChannel::Im, after, options_.batch); });
    if (entries.empty()) co_return;
    for (const auto& entry : entries) {
      const auto to = xmpp::Jid::parse(entry.target);
      if (!to) {
        spdlog::error("xmpp notifier: rule {}: target \"{}\" is not a JID; dropped", entry.ruleId, entry.target);
        continue;
      }
      c.stream->sendChat(*to, render_(entry), "smf-" + std::to_string(entry.seq));
    }
    delivery_.batchSent(entries.back().seq, entries.size(), c.stream->ping().value_or(""), Clock::now());
  }

  // The batch up to `confirmed.through` reached the server: the outbox lets go of it.
  asio::awaitable<void> confirmBatch(ImDelivery::Confirmed confirmed) {
    const auto left = co_await core_.call([this, through = confirmed.through] {
      notifications_.deliveredThrough(core::NotifyChannel::Im, through);
      return notifications_.outboxSize(core::NotifyChannel::Im);
    });
    shared->outbox = static_cast<std::int64_t>(left);
    shared->delivered += confirmed.count;
    if (const auto ec = co_await core_.persist()) {
      spdlog::error("xmpp notifier: the outbox could not be committed: {}", ec.message());
    }
  }

  asio::awaitable<SessionResult> session(const core::XmppSettings& settings) {
    auto c = std::make_shared<Connection>(strand_);
    SessionResult result;
    const auto negotiationDeadline = Clock::now() + options_.connectTimeout;
    // Closes the socket when connect or TLS take too long: the awaited operation then fails.
    asio::steady_timer watchdog(strand_);
    watchdog.expires_at(negotiationDeadline);
    watchdog.async_wait([c](const boost::system::error_code& ec) {
      if (ec) return;
      c->timedOut = true;
      c->close();
    });

    const auto to = co_await targets(settings);
    if (auto failed = co_await connect(*c, to); !failed.empty()) {
      result.error = failed;
      co_return result;
    }
    xmpp::ClientOptions streamOptions;
    streamOptions.domain = settings.service;
    streamOptions.username = settings.username;
    streamOptions.password = settings.password;
    streamOptions.resource = options_.resource;
    streamOptions.requireTls = options_.requireTls;
    streamOptions.allowPlainWithoutTls = options_.allowPlainCleartext;
    c->stream = std::make_unique<xmpp::ClientStream>(streamOptions);
    c->stream->start();
    asio::co_spawn(strand_, reader(c, shared_from_this()), asio::detached);

    std::optional<Clock::time_point> onlineAt;
    kicked_ = false;
    const auto finish = [&](std::string error) {
      if (result.error.empty()) result.error = std::move(error);
    };

    while (result.error.empty()) {
      if (auto ec = co_await flush(*c)) {
        finish("write: " + ec.message());
        break;
      }
      bool startTlsNow = false;
      for (auto& event : c->stream->takeEvents()) {
        if (std::holds_alternative<xmpp::event::StartTls>(event)) {
          startTlsNow = true;
        } else if (const auto* online = std::get_if<xmpp::event::Online>(&event)) {
          onlineAt = Clock::now();
          watchdog.cancel();
          ++shared->connects;
          setState("online");
          spdlog::info("xmpp notifier: online as {} ({})", online->jid.full(),
                       c->stream->encrypted() ? "TLS" : "no TLS");
          delivery_.online(*onlineAt);
        } else if (const auto* pong = std::get_if<xmpp::event::Pong>(&event)) {
          if (const auto confirmed = delivery_.pong(pong->id)) co_await confirmBatch(*confirmed);
        } else if (const auto* bounced = std::get_if<xmpp::event::MessageError>(&event)) {
          spdlog::warn("xmpp notifier: message {} bounced: {}", bounced->id, xmpp::toString(bounced->error.condition));
        } else if (const auto* failed = std::get_if<xmpp::event::Failed>(&event)) {
          result.authFailed = failed->error == xmpp::ClientError::AuthFailed;
          finish(describe(*failed));
        } else if (std::holds_alternative<xmpp::event::Closed>(event)) {
          finish("the server closed the stream");
        }
      }
      if (!result.error.empty()) break;
      if (startTlsNow) {
        if (auto failed = co_await startTls(*c, settings.service); !failed.empty()) {
          finish(failed);
          break;
        }
        c->stream->tlsEstablished();
        asio::co_spawn(strand_, reader(c, shared_from_this()), asio::detached);
        continue;
      }
      if (c->readerDone) {
        finish(c->readError ? (c->timedOut ? "timed out while " + std::string(onlineAt ? "online" : "logging in")
                                           : "connection lost: " + c->readError.message())
                            : "the stream ended");
        break;
      }
      if (configDirty_ || stopping_) {
        c->stream->close();
        (void)co_await flush(*c);
        result.configChanged = configDirty_;
        finish(stopping_ ? "stopped" : "settings changed");
        break;
      }
      if (!c->stream->online()) {
        if (Clock::now() >= negotiationDeadline) {
          finish("no answer from the server within " + std::to_string(options_.connectTimeout.count()) + " ms");
          continue;
        }
        co_await wait(negotiationDeadline);
        continue;
      }
      if (delivery_.startBatch()) {
        co_await sendBatch(*c);
        continue;  // flush what was queued
      }
      const auto now = Clock::now();
      switch (delivery_.due(now)) {
        case ImDelivery::Due::Timeout:
          finish("no answer to a ping within " + std::to_string(options_.pingTimeout.count()) + " ms");
          continue;
        case ImDelivery::Due::Keepalive:
          delivery_.keepaliveSent(c->stream->ping().value_or(""), now);
          continue;
        case ImDelivery::Due::Nothing:
          break;
      }
      co_await wait(delivery_.deadline());
    }
    watchdog.cancel();
    c->close();
    if (onlineAt) result.onlineFor = std::chrono::duration_cast<milliseconds>(Clock::now() - *onlineAt);
    setState("connecting");
    co_return result;
  }

  asio::strand<asio::any_io_executor> strand_;
  core::Core& core_;
  core::NotificationService& notifications_;
  XmppClientOptions options_;
  Render render_;
  asio::steady_timer signal_;
  std::mt19937 random_;
  asio::thread_pool lookupPool_{1};
  bool kicked_ = false;
  bool stopping_ = false;
  bool configDirty_ = false;
  ImDelivery delivery_;
  std::shared_ptr<ssl::context> tlsContext_;  // made at the first STARTTLS, then kept
};

XmppNotifier::XmppNotifier(asio::any_io_executor executor, core::Core& core, core::NotificationService& notifications,
                           XmppClientOptions options, Render render, telemetry::Registry& metrics)
    : impl_(std::make_shared<Impl>(std::move(executor), core, notifications, std::move(options), std::move(render))) {
  auto shared = impl_->shared;
  metrics.gaugeCallback("smfront_xmpp_outbox_depth", "IM notifications waiting for the XMPP server", {},
                        [shared] { return static_cast<double>(shared->outbox.load()); });
  metrics.gaugeCallback("smfront_xmpp_notifier_online", "1 when the outbound XMPP client is online", {},
                        [shared] { return shared->online.load() ? 1.0 : 0.0; });
  metrics.gaugeCallback("smfront_xmpp_notifications_delivered", "IM notifications the XMPP server confirmed", {},
                        [shared] { return static_cast<double>(shared->delivered.load()); });
  metrics.gaugeCallback("smfront_xmpp_notifier_connects", "Times the outbound XMPP client came online", {},
                        [shared] { return static_cast<double>(shared->connects.load()); });
}

XmppNotifier::~XmppNotifier() = default;

void XmppNotifier::start() { impl_->start(); }
void XmppNotifier::stop() { impl_->stop(); }

XmppNotifierStatus XmppNotifier::status() const {
  const auto& shared = impl_->shared;
  XmppNotifierStatus out;
  {
    std::lock_guard lock(shared->mutex);
    out = shared->status;
  }
  out.outbox = shared->outbox.load();
  out.delivered = shared->delivered.load();
  out.connects = shared->connects.load();
  return out;
}

std::string_view XmppNotifier::statusName() const { return "xmpp_notifier"; }

void XmppNotifier::writeStatus(boost::json::object& section) const {
  const auto s = status();
  section["state"] = s.state;
  section["server"] = s.server;
  section["outbox"] = s.outbox;
  section["last_error"] = s.lastError;
  section["delivered"] = s.delivered;
  section["connects"] = s.connects;
}

}  // namespace smfront::notify
