#pragma once
// The domain events the core publishes on its bus. Doors and services subscribe
// to the alternatives they need; adding a type here never touches a publisher.
#include <cstdint>
#include <variant>

#include "core/event_bus.hpp"

namespace smfront::core {

/// Published once when every door is listening. Eventing announces it on
/// ccp.serviceability.eventingInfo.
struct ServerStarted {
  std::int64_t atMs = 0;  // wall clock, ms since the Unix epoch
};

/// Published when a graceful stop begins, so long-lived sessions can say goodbye.
struct ServerStopping {
  std::int64_t atMs = 0;
};

using Event = std::variant<ServerStarted, ServerStopping>;
using Bus = EventBus<Event>;

}  // namespace smfront::core
