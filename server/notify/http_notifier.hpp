#pragma once
// HTTP notifications (spec socialminer-rest 8.5): POSTs the contact document of
// each http outbox entry to the rule's URL, with Basic authentication when the
// rule names a user. A failed POST (no connection, timeout, TLS failure, a
// status other than 2xx) is retried after 1, 5 and 25 s, then the alternate URL
// is tried once; after that the entry is logged and dropped. Entries are
// removed from the outbox only when done, so a restart resumes them.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "core/domain.hpp"
#include "telemetry/status_section.hpp"

namespace smfront::core {
class Core;
class NotificationService;
}  // namespace smfront::core
namespace smfront::telemetry {
class Registry;
}

namespace smfront::notify {

struct HttpNotifierOptions {
  std::vector<std::chrono::milliseconds> retryDelays{std::chrono::seconds(1), std::chrono::seconds(5),
                                                     std::chrono::seconds(25)};
  std::chrono::milliseconds timeout{10000};  // one attempt: connect, TLS, request and answer
  std::size_t concurrency = 16;              // entries in flight at once
};

struct HttpNotifierStatus {
  std::int64_t outbox = 0;
  std::uint64_t delivered = 0;
  std::uint64_t failed = 0;  // given up on
  std::string lastError;
};

/// Its /ccp/status section "http_notifier" (HttpNotifierStatus).
class HttpNotifier final : public telemetry::StatusSection {
 public:
  /// The request body for one entry.
  using Render = std::function<std::string(const core::OutboxEntry&)>;

  HttpNotifier(boost::asio::any_io_executor executor, core::Core& core, core::NotificationService& notifications,
               HttpNotifierOptions options, Render render, telemetry::Registry& metrics);
  ~HttpNotifier();
  HttpNotifier(const HttpNotifier&) = delete;
  HttpNotifier& operator=(const HttpNotifier&) = delete;

  /// Registers with the core (before the io_context runs) and starts delivering.
  void start();
  void stop();
  HttpNotifierStatus status() const;
  std::string_view statusName() const override;
  void writeStatus(boost::json::object& section) const override;

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace smfront::notify
