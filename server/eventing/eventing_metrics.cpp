#include "eventing/eventing_metrics.hpp"

namespace smfront::eventing {

EventingMetrics EventingMetrics::in(telemetry::Registry& registry) {
  constexpr std::string_view kRefused = "smfront_bosh_sessions_refused_total";
  constexpr std::string_view kRefusedHelp = "BOSH session creations refused: too many sessions not yet logged in";
  EventingMetrics m;
  m.loginFailures = &registry.counter("smfront_login_failures_total", "logins refused for wrong or unknown credentials",
                                      {{"door", "bosh"}});
  m.loginsThrottled = &registry.counter(
      "smfront_logins_throttled_total", "logins refused unchecked after too many failures", {{"door", "bosh"}});
  m.sessionsRefusedTotal = &registry.counter(kRefused, kRefusedHelp, {{"scope", "total"}});
  m.sessionsRefusedAddress = &registry.counter(kRefused, kRefusedHelp, {{"scope", "address"}});
  m.subscriptionsRefused = &registry.counter("smfront_pubsub_subscriptions_refused_total",
                                             "pubsub subscribes refused: the user has subscriptions_per_user");
  m.stanzasDropped = &registry.counter(
      "smfront_bosh_stanzas_dropped_total",
      "pubsub events, room history and user messages not sent to a session whose buffer had no room for them");
  return m;
}

}  // namespace smfront::eventing
