#pragma once
// The lab's own endpoints (not SocialMiner's): /ccp/status for people and tests,
// /metrics for Prometheus, /ccp/health for liveness probes.
#include <boost/json/object.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "api/auth.hpp"
#include "api/route_table.hpp"

namespace smfront::core {
class Core;
}
namespace smfront::telemetry {
class Registry;
class StatusSection;
}
namespace boost::json {
class object;
}

namespace smfront::api {

struct DoorStatus {
  std::string name;  // "http", "https", ...
  std::uint16_t port = 0;
  std::size_t openConnections = 0;
};

/// Named counts of domain objects (contacts, live chats, ...), read on the core strand.
using DomainCounts = std::vector<std::pair<std::string, std::int64_t>>;

/// Who may read /ccp/status and /metrics (config server.status_access): they
/// name ports, peers and load, which a lab network need not tell everyone.
enum class StatusAccess { LoopbackOrAdmin, Admin, Anyone };

/// Whether `address` (as a door writes a peer: "127.0.0.1", "::1",
/// "::ffff:127.0.0.1") is a loopback address.
bool isLoopbackAddress(std::string_view address);

struct LabContext {
  std::string version;
  std::chrono::steady_clock::time_point startedAt;
  std::function<std::vector<DoorStatus>()> doors;
  std::function<DomainCounts()> counts;  // runs on the core strand
  core::Core& core;
  telemetry::Registry& metrics;
  StatusAccess access = StatusAccess::LoopbackOrAdmin;
  const Accounts* accounts = nullptr;  // for the admin check; null: nobody is admin
  /// Parts that keep a status of their own ("mr", "xmpp_notifier", ...), each a
  /// section of /ccp/status; they must outlive the routes.
  std::vector<const telemetry::StatusSection*> sections{};
};

void addLabRoutes(RouteTable& router, LabContext context);

}  // namespace smfront::api
