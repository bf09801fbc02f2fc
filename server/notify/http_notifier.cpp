#include "notify/http_notifier.hpp"

#include <openssl/ssl.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/json/object.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>
#include <mutex>

#include "core/core.hpp"
#include "core/notifications.hpp"
#include "telemetry/metrics.hpp"
#include "xmpp/base64.hpp"

namespace smfront::notify {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

namespace {

struct Shared {
  mutable std::mutex mutex;
  std::string lastError;  // guarded by mutex
  std::atomic<std::int64_t> outbox{0};
  std::atomic<std::uint64_t> delivered{0};
  std::atomic<std::uint64_t> failed{0};
};

struct Target {
  bool tls = false;
  std::string host;
  std::string port;
  std::string path;
};

std::optional<Target> targetOf(const std::string& url) {
  const auto parsed = boost::urls::parse_uri(url);
  if (!parsed) return std::nullopt;
  Target t;
  const auto scheme = parsed->scheme();
  if (scheme == "https") {
    t.tls = true;
  } else if (scheme != "http") {
    return std::nullopt;
  }
  t.host = parsed->host_address();
  if (t.host.empty()) return std::nullopt;
  t.port = parsed->has_port() ? std::string(parsed->port()) : (t.tls ? "443" : "80");
  t.path = parsed->encoded_path();
  if (t.path.empty()) t.path = "/";
  if (parsed->has_query()) t.path += "?" + std::string(parsed->encoded_query());
  return t;
}

}  // namespace

class HttpNotifier::Impl : public std::enable_shared_from_this<Impl> {
 public:
  Impl(asio::any_io_executor executor, core::Core& core, core::NotificationService& notifications,
       HttpNotifierOptions options, Render render)
      : strand_(asio::make_strand(executor)),
        core_(core),
        notifications_(notifications),
        options_(std::move(options)),
        render_(std::move(render)),
        signal_(strand_) {}

  std::shared_ptr<Shared> shared = std::make_shared<Shared>();

  void start() {
    std::weak_ptr<Impl> weak = shared_from_this();
    notifications_.onQueued(core::NotifyChannel::Http, [weak] {
      auto self = weak.lock();
      if (!self) return;
      self->shared->outbox = static_cast<std::int64_t>(self->notifications_.outboxSize(core::NotifyChannel::Http));
      asio::post(self->strand_, [self] { self->kick(); });
    });
    shared->outbox = static_cast<std::int64_t>(notifications_.outboxSize(core::NotifyChannel::Http));
    asio::co_spawn(strand_, run(shared_from_this()), asio::detached);
  }

  void stop() {
    asio::post(strand_, [self = shared_from_this()] {
      self->stopping_ = true;
      self->kick();
    });
  }

 private:
  void kick() {
    kicked_ = true;
    signal_.cancel();
  }

  asio::awaitable<void> run(std::shared_ptr<Impl> self) {
    while (!stopping_) {
      if (inFlight_ < options_.concurrency) {
        const auto room = options_.concurrency - inFlight_;
        const auto entries = co_await core_.call(
            [this, room] { return notifications_.pending(core::NotifyChannel::Http, lastSeen_, room); });
        for (const auto& entry : entries) {
          lastSeen_ = entry.seq;
          ++inFlight_;
          asio::co_spawn(strand_, deliver(entry, self), asio::detached);
        }
        if (!entries.empty()) continue;
      }
      if (!kicked_) {
        signal_.expires_at(asio::steady_timer::time_point::max());
        boost::system::error_code ec;
        co_await signal_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      }
      kicked_ = false;
    }
  }

  asio::awaitable<void> sleep(std::chrono::milliseconds delay) {
    asio::steady_timer timer(strand_);
    timer.expires_after(delay);
    boost::system::error_code ec;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }

  asio::awaitable<void> deliver(core::OutboxEntry entry, std::shared_ptr<Impl> self) {
    const std::string body = render_(entry);
    std::string error = co_await post(entry.target, entry, body);
    for (std::size_t i = 0; !error.empty() && i < options_.retryDelays.size() && !stopping_; ++i) {
      spdlog::warn("http notification {} to {}: {}; retrying in {} ms", entry.seq, entry.target, error,
                   options_.retryDelays[i].count());
      setError(entry.target + ": " + error);
      co_await sleep(options_.retryDelays[i]);
      error = co_await post(entry.target, entry, body);
    }
    if (!error.empty() && !entry.alternateTarget.empty() && !stopping_) {
      spdlog::warn("http notification {} to {}: {}; trying the alternate URL {}", entry.seq, entry.target, error,
                   entry.alternateTarget);
      error = co_await post(entry.alternateTarget, entry, body);
      if (!error.empty()) error = entry.alternateTarget + ": " + error;
    } else if (!error.empty()) {
      error = entry.target + ": " + error;
    }
    --inFlight_;
    if (stopping_) co_return;  // left in the outbox for the next start
    if (error.empty()) {
      ++shared->delivered;
    } else {
      ++shared->failed;
      setError(error);
      spdlog::error("http notification {} of rule {} for contact {} dropped: {}", entry.seq, entry.ruleId,
                    entry.contact.id, error);
    }
    const auto seq = entry.seq;
    const auto left = co_await core_.call([this, seq] {
      notifications_.remove(seq);
      return notifications_.outboxSize(core::NotifyChannel::Http);
    });
    shared->outbox = static_cast<std::int64_t>(left);
    (void)co_await core_.persist();
    kick();
    (void)self;
  }

  void setError(std::string error) {
    std::lock_guard lock(shared->mutex);
    shared->lastError = std::move(error);
  }

  // One POST; empty on a 2xx answer, else what went wrong.
  asio::awaitable<std::string> post(const std::string& url, const core::OutboxEntry& entry, const std::string& body) {
    const auto target = targetOf(url);
    if (!target) co_return "not an http or https URL";
    http::request<http::string_body> request{http::verb::post, target->path, 11};
    request.set(http::field::host, target->host + ":" + target->port);
    request.set(http::field::user_agent, "smfront");
    request.set(http::field::content_type, "application/xml; charset=utf-8");
    request.set(http::field::connection, "close");
    if (!entry.username.empty()) {
      request.set(http::field::authorization, "Basic " + xmpp::base64Encode(entry.username + ":" + entry.password));
    }
    request.body() = body;
    request.prepare_payload();

    boost::system::error_code ec;
    tcp::resolver resolver(strand_);
    const auto endpoints =
        co_await resolver.async_resolve(target->host, target->port, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return "resolve " + target->host + ": " + ec.message();
    beast::tcp_stream stream(strand_);
    stream.expires_after(options_.timeout);
    co_await stream.async_connect(endpoints, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return "connect: " + ec.message();
    http::response<http::string_body> response;
    beast::flat_buffer buffer;
    if (target->tls) {
      ssl::context ctx(ssl::context::tls_client);
      if (entry.verifyTls) {
        ctx.set_default_verify_paths();
        ctx.set_verify_mode(ssl::verify_peer);
        ctx.set_verify_callback(ssl::host_name_verification(target->host));
      } else {
        ctx.set_verify_mode(ssl::verify_none);
      }
      beast::ssl_stream<beast::tcp_stream> tls(std::move(stream), ctx);
      SSL_set_tlsext_host_name(tls.native_handle(), target->host.c_str());
      co_await tls.async_handshake(ssl::stream_base::client, asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return "TLS handshake: " + ec.message();
      co_await http::async_write(tls, request, asio::redirect_error(asio::use_awaitable, ec));
      if (!ec) co_await http::async_read(tls, buffer, response, asio::redirect_error(asio::use_awaitable, ec));
    } else {
      co_await http::async_write(stream, request, asio::redirect_error(asio::use_awaitable, ec));
      if (!ec) co_await http::async_read(stream, buffer, response, asio::redirect_error(asio::use_awaitable, ec));
    }
    if (ec) co_return ec == beast::error::timeout ? std::string("timed out") : ec.message();
    const auto status = response.result_int();
    if (status < 200 || status > 299) co_return "answered " + std::to_string(status);
    co_return std::string{};
  }

  asio::strand<asio::any_io_executor> strand_;
  core::Core& core_;
  core::NotificationService& notifications_;
  HttpNotifierOptions options_;
  Render render_;
  asio::steady_timer signal_;
  bool stopping_ = false;
  bool kicked_ = false;
  std::size_t inFlight_ = 0;
  std::int64_t lastSeen_ = 0;
};

HttpNotifier::HttpNotifier(asio::any_io_executor executor, core::Core& core, core::NotificationService& notifications,
                           HttpNotifierOptions options, Render render, telemetry::Registry& metrics)
    : impl_(std::make_shared<Impl>(std::move(executor), core, notifications, std::move(options), std::move(render))) {
  auto shared = impl_->shared;
  metrics.gaugeCallback("smfront_http_notify_outbox_depth", "HTTP notifications waiting for delivery", {},
                        [shared] { return static_cast<double>(shared->outbox.load()); });
  metrics.gaugeCallback("smfront_http_notifications", "HTTP notifications done, by result", {{"result", "delivered"}},
                        [shared] { return static_cast<double>(shared->delivered.load()); });
  metrics.gaugeCallback("smfront_http_notifications", "HTTP notifications done, by result", {{"result", "dropped"}},
                        [shared] { return static_cast<double>(shared->failed.load()); });
}

HttpNotifier::~HttpNotifier() = default;

void HttpNotifier::start() { impl_->start(); }
void HttpNotifier::stop() { impl_->stop(); }

HttpNotifierStatus HttpNotifier::status() const {
  const auto& shared = impl_->shared;
  HttpNotifierStatus out;
  {
    std::lock_guard lock(shared->mutex);
    out.lastError = shared->lastError;
  }
  out.outbox = shared->outbox.load();
  out.delivered = shared->delivered.load();
  out.failed = shared->failed.load();
  return out;
}

std::string_view HttpNotifier::statusName() const { return "http_notifier"; }

void HttpNotifier::writeStatus(boost::json::object& section) const {
  const auto s = status();
  section["outbox"] = s.outbox;
  section["delivered"] = s.delivered;
  section["dropped"] = s.failed;
  section["last_error"] = s.lastError;
}

}  // namespace smfront::notify
