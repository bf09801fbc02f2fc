#include "notify/http_notifier.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/json/object.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <mutex>

#include "core/core.hpp"
#include "core/notifications.hpp"
#include "net/http_client.hpp"
#include "telemetry/metrics.hpp"
#include "xmpp/base64.hpp"

namespace smfront::notify {

namespace asio = boost::asio;

namespace {

struct Shared {
  mutable std::mutex mutex;
  std::string lastError;  // guarded by mutex
  std::atomic<std::int64_t> outbox{0};
  std::atomic<std::uint64_t> delivered{0};
  std::atomic<std::uint64_t> failed{0};
};

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
    net::OutboundRequest request{.method = "POST",
                                 .url = url,
                                 .body = body,
                                 .verifyTls = entry.verifyTls,
                                 .timeout = options_.timeout,
                                 .maxBodyBytes = 64 * 1024};
    request.headers.add("Content-Type", "application/xml; charset=utf-8");
    if (!entry.username.empty()) {
      request.headers.add("Authorization", "Basic " + xmpp::base64Encode(entry.username + ":" + entry.password));
    }
    const auto result = co_await client_.send(std::move(request));
    if (!result.response) co_return result.error;
    const auto status = result.response->status;
    if (status < 200 || status > 299) co_return "answered " + std::to_string(status);
    co_return std::string{};
  }

  asio::strand<asio::any_io_executor> strand_;
  core::Core& core_;
  core::NotificationService& notifications_;
  HttpNotifierOptions options_;
  Render render_;
  net::HttpClient client_;
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
