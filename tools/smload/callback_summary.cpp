#include "callback_summary.hpp"

#include "json.hpp"

namespace smload {

namespace {

std::string countsJson(const std::map<std::string, std::uint64_t>& counts) {
  std::string out = "{";
  for (const auto& [key, count] : counts) {
    if (out.size() > 1) out += ",";
    out += "\"" + escaped(key) + "\":" + std::to_string(count);
  }
  return out + "}";
}

// Every answer of either kind that was not 2xx, by status.
std::map<int, std::uint64_t> non2xx(const CallbackResult& r) {
  std::map<int, std::uint64_t> out;
  for (const auto* statuses : {&r.createStatuses, &r.pollStatuses}) {
    for (const auto& [status, count] : *statuses) {
      if (status < 200 || status > 299) out[status] += count;
    }
  }
  return out;
}

std::string n(std::uint64_t v) { return std::to_string(v); }

}  // namespace

std::string callbackJson(const Options& o, const CallbackResult& r) {
  const std::uint64_t answered = r.createsAnswered + r.pollsAnswered;
  const auto perSecond = [&](std::uint64_t count) { return fixed(r.seconds > 0 ? static_cast<double>(count) / r.seconds : 0, 1); };
  return "{\"mode\":\"callback\",\"feed\":" + std::to_string(o.feed) + ",\"rate\":" + n(o.rate) +
         ",\"duration_s\":" + n(o.durationS) + ",\"connections\":" + std::to_string(o.connections) +
         ",\"poll_interval_ms\":" + n(o.pollIntervalMs) + ",\"deadline_s\":" + n(o.deadlineS) +
         ",\"creates_due\":" + n(r.createsDue) + ",\"creates_sent\":" + n(r.createsSent) +
         ",\"creates_answered\":" + n(r.createsAnswered) + ",\"creates_201\":" + n(r.createStatuses.count(201) ? r.createStatuses.at(201) : 0) +
         ",\"create_statuses\":" + statusesJson(r.createStatuses) +
         ",\"create_transport_errors\":" + n(r.createTransportErrors) +
         ",\"polls_sent\":" + n(r.pollsSent) + ",\"polls_answered\":" + n(r.pollsAnswered) +
         ",\"polls_200\":" + n(r.pollStatuses.count(200) ? r.pollStatuses.at(200) : 0) +
         ",\"poll_statuses\":" + statusesJson(r.pollStatuses) + ",\"poll_reports\":" + countsJson(r.pollReports) +
         ",\"poll_transport_errors\":" + n(r.pollTransportErrors) + ",\"non_2xx\":" + statusesJson(non2xx(r)) +
         ",\"transport_errors\":" + n(r.createTransportErrors + r.pollTransportErrors) +
         ",\"unanswered\":" + n(r.unanswered) + ",\"unsent\":" + n(r.unsent) + ",\"reconnects\":" + n(r.reconnects) +
         ",\"seconds\":" + fixed(r.seconds, 3) + ",\"rate_per_s\":" + perSecond(answered) +
         ",\"create_rate_per_s\":" + perSecond(r.createsAnswered) + ",\"poll_rate_per_s\":" + perSecond(r.pollsAnswered) +
         ",\"create_latency_ms\":" + percentilesJson(r.createLatency) + ",\"poll_latency_ms\":" + percentilesJson(r.pollLatency) +
         ",\"lag_ms\":" + percentilesJson(r.lag) + ",\"callbacks_created\":" + n(r.created) +
         ",\"callbacks_handled\":" + n(r.handled) + ",\"callbacks_unfinished\":" + n(r.unfinished) +
         ",\"callbacks_404\":" + n(r.lost) + ",\"handled_after_ms\":" + percentilesJson(r.handledAfter) +
         (r.firstFailure.empty() ? "" : ",\"first_failure\":\"" + escaped(r.firstFailure) + "\"") + "}";
}

}  // namespace smload
