#pragma once
// What the BOSH door and the XMPP services count for /metrics. Every member
// may be null (unit tests run without a registry).
#include "telemetry/metrics.hpp"

namespace smfront::eventing {

struct EventingMetrics {
  telemetry::Counter* loginFailures = nullptr;         // SASL exchanges that failed on the credentials
  telemetry::Counter* loginsThrottled = nullptr;       // SASL attempts refused by the login throttle
  telemetry::Counter* sessionsRefusedTotal = nullptr;  // creations over bosh_unauthenticated_sessions
  telemetry::Counter* sessionsRefusedAddress = nullptr;  // ... over its _per_address share
  telemetry::Counter* subscriptionsRefused = nullptr;  // subscribes over subscriptions_per_user
  telemetry::Counter* stanzasDropped = nullptr;        // optional stanzas over a session's budget

  /// Registers the counters in @p registry.
  static EventingMetrics in(telemetry::Registry& registry);
};

inline void count(telemetry::Counter* counter) {
  if (counter != nullptr) counter->inc();
}

}  // namespace smfront::eventing
