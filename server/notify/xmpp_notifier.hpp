#pragma once
// The outbound XMPP notifier (spec bosh-xmpp 9): one persistent c2s connection
// to the configured server, driving xmpp::ClientStream over TCP with a STARTTLS
// upgrade, and delivering the core's IM outbox through it in order.
//
// - Settings come from the core (admin API, seeded by the config file); a
//   change closes the connection and reconnects at once.
// - Failures (refused or slow connection, TLS required or unverifiable,
//   authentication, stream errors, missed pings) end the connection; the next
//   attempt waits 1, 2, 4 … 60 s with ±20 % jitter (reset after 60 s online),
//   or 60 s after an authentication failure.
// - Delivery: up to `batch` messages with ids smf-<seq>, then a ping; its
//   answer proves the server took them, so the core deletes them from the
//   outbox (committed before the next batch). A disconnect before the answer
//   resends from the oldest unconfirmed entry: at least once, in order.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

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

struct XmppClientOptions {
  bool requireTls = true;             // tls: required | optional
  bool verifyTls = true;              // tls_verify
  std::filesystem::path caFile;       // empty: the system's CAs
  bool allowPlainCleartext = false;   // PLAIN without TLS
  std::string resource = "smfront";
  std::chrono::milliseconds backoffInitial{1000};
  std::chrono::milliseconds backoffMax{60000};
  std::chrono::milliseconds authRetry{60000};
  std::chrono::milliseconds stableAfter{60000};      // online this long resets the backoff
  std::chrono::milliseconds connectTimeout{20000};   // connect, TLS and login together
  std::chrono::milliseconds pingIdle{60000};
  std::chrono::milliseconds pingTimeout{20000};
  std::size_t batch = 50;
};

/// What /ccp/status shows.
struct XmppNotifierStatus {
  std::string state = "disabled";  // disabled | connecting | online | backoff | auth_failed
  std::string server;              // host:port in use or last tried
  std::string lastError;
  std::int64_t outbox = 0;
  std::uint64_t delivered = 0;
  std::uint64_t connects = 0;
};

/// Its /ccp/status section "xmpp_notifier" (XmppNotifierStatus).
class XmppNotifier final : public telemetry::StatusSection {
 public:
  /// The chat text for one entry.
  using Render = std::function<std::string(const core::OutboxEntry&)>;

  XmppNotifier(boost::asio::any_io_executor executor, core::Core& core, core::NotificationService& notifications,
               XmppClientOptions options, Render render, telemetry::Registry& metrics);
  ~XmppNotifier();
  XmppNotifier(const XmppNotifier&) = delete;
  XmppNotifier& operator=(const XmppNotifier&) = delete;

  /// Registers with the core (before the io_context runs) and starts the client.
  void start();
  /// Closes the stream politely and stops reconnecting.
  void stop();

  /// A copy of the current status; safe from any thread.
  XmppNotifierStatus status() const;
  std::string_view statusName() const override;
  void writeStatus(boost::json::object& section) const override;

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace smfront::notify
