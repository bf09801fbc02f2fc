#pragma once
// The Media Routing door (spec mr-protocol.md): listens on the MR port (38001),
// optionally over TLS, for the CCE MR PG; admits only allowed peers; runs the
// application side of the MR session on each connection; and connects the one
// open session to the core's MrRouter, which decides what to send.
//
// Every connection runs on the core strand: MR traffic is one link, and each of
// its messages changes the domain, so there is nothing to gain from a strand of
// its own and one hop per message to lose.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "media_routing/task_mapping.hpp"
#include "telemetry/status_section.hpp"

namespace boost::asio {
class io_context;
namespace ssl {
class context;
}
}  // namespace boost::asio

namespace smfront::core {
class Core;
class Services;
}  // namespace smfront::core
namespace smfront::telemetry {
class Registry;
}

namespace smfront::media_routing {

struct MrDoorOptions {
  std::string bindAddress;  // e.g. "0.0.0.0"
  std::uint16_t port = 0;   // 0: any free port
  // null: plain TCP; may require client certificates (mr.tls_client_ca)
  std::shared_ptr<boost::asio::ssl::context> tls;
  // IP addresses; empty: any, allowed only on a loopback bindAddress
  std::vector<std::string> allowedPeers;
  std::size_t maxConnections = 8;              // limits.mr_connections
  std::size_t connectionsPerAddress = 11000;   // limits.connections_per_address
  std::size_t outboxBytes = 1024 * 1024;       // limits.mr_outbox_bytes: unsent bytes before the link is closed
  std::chrono::milliseconds writeStall{10000};  // limits.mr_write_stall_ms
  int floatWidth = 2;                          // 2: 2+2, 1: 1+1
  TaskMapping mapping;
};

/// Throws std::invalid_argument (one line naming mr.allowed_peers) when any host
/// could connect as the PG: no allowed peers on a non-loopback address.
void checkMrDoorExposure(const MrDoorOptions& options);

class MrConnection;

/// Its /ccp/status section "mr": the link's state, peer, queue and totals.
class MrDoor final : public telemetry::StatusSection {
 public:
  /// Checks the exposure (checkMrDoorExposure), then binds and listens at once
  /// (throws net::BindError); accepting starts with start().
  /// `services.mediaRouter` must be set.
  MrDoor(boost::asio::io_context& io, core::Core& core, core::Services& services, MrDoorOptions options,
         telemetry::Registry& metrics);
  ~MrDoor();
  MrDoor(const MrDoor&) = delete;
  MrDoor& operator=(const MrDoor&) = delete;

  std::uint16_t port() const;
  std::size_t openConnections() const;

  void start();
  /// Graceful stop: no new connections; the open session gets CLOSE_REQ(0), the
  /// others are closed.
  void beginStop();
  /// The grace period is over: cut every connection.
  void closeAll();
  std::string_view statusName() const override;
  void writeStatus(boost::json::object& section) const override;

 private:
  friend class MrConnection;
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace smfront::media_routing
