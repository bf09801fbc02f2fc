#include "net/http_telemetry.hpp"

#include "net/http_message.hpp"

#include <spdlog/spdlog.h>

#include <array>

namespace smfront::net {

namespace {
// Methods outside this list count as OTHER so a client cannot grow the metric
// label set without bound.
std::string_view methodLabel(std::string_view method) {
  static constexpr std::array<std::string_view, 8> known = {"GET",    "HEAD",    "POST",  "PUT",
                                                            "DELETE", "OPTIONS", "PATCH", "TRACE"};
  for (auto m : known) {
    if (m == method) return m;
  }
  return "OTHER";
}

// Appends to a reused per-thread buffer: no allocation once warmed up.
std::string& keyOf(std::initializer_list<std::string_view> parts) {
  thread_local std::string key;
  key.clear();
  for (auto p : parts) {
    key += p;
    key += '\x1f';
  }
  return key;
}
}  // namespace

HttpTelemetry::HttpTelemetry(telemetry::Registry& registry, std::shared_ptr<spdlog::logger> accessLog,
                             bool logQueryValues)
    : registry_(registry), accessLog_(std::move(accessLog)), logQueryValues_(logQueryValues) {}

HttpTelemetry::~HttpTelemetry() = default;

telemetry::Gauge& HttpTelemetry::openGauge(std::string_view door) {
  std::lock_guard lock(mutex_);
  auto& key = keyOf({door});
  if (auto it = gauges_.find(key); it != gauges_.end()) return *it->second;
  auto& g = registry_.gauge("smfront_open_connections", "Connections open now, by door", {{"door", std::string(door)}});
  gauges_.emplace(key, &g);
  return g;
}

void HttpTelemetry::connectionOpened(std::string_view door) {
  openGauge(door).add(1);
  registry_.counter("smfront_connections_total", "Connections accepted, by door", {{"door", std::string(door)}}).inc();
}

void HttpTelemetry::connectionClosed(std::string_view door) { openGauge(door).add(-1); }

telemetry::Counter& HttpTelemetry::requestCounter(const RequestRecord& r) {
  const auto method = methodLabel(r.method);
  char code[8];
  const int n = std::snprintf(code, sizeof code, "%d", r.status);
  const std::string_view codeView(code, static_cast<std::size_t>(n));
  std::lock_guard lock(mutex_);
  auto& key = keyOf({r.door, r.route, method, codeView});
  if (auto it = counters_.find(key); it != counters_.end()) return *it->second;
  auto& c = registry_.counter("smfront_http_requests_total", "HTTP requests answered, by door, route, method and status",
                              {{"door", std::string(r.door)},
                               {"route", std::string(r.route)},
                               {"method", std::string(method)},
                               {"code", std::string(codeView)}});
  counters_.emplace(key, &c);
  return c;
}

telemetry::Histogram& HttpTelemetry::latency(std::string_view door, std::string_view route) {
  std::lock_guard lock(mutex_);
  auto& key = keyOf({door, route});
  if (auto it = histograms_.find(key); it != histograms_.end()) return *it->second;
  auto& h = registry_.histogram("smfront_http_request_duration_seconds",
                                "Time from a complete request to its response being written, by door and route",
                                {{"door", std::string(door)}, {"route", std::string(route)}},
                                telemetry::latencyBuckets());
  histograms_.emplace(key, &h);
  return h;
}

void HttpTelemetry::requestDone(const RequestRecord& r) {
  requestCounter(r).inc();
  latency(r.door, r.route).observe(r.seconds);
  if (accessLog_) {
    // Common Log Format plus the door, latency and user agent.
    const std::string hidden = logQueryValues_ ? std::string() : withQueryValuesHidden(r.target);
    const std::string_view target = logQueryValues_ ? r.target : std::string_view(hidden);
    accessLog_->info("{} \"{} {}\" {} {} {:.3f}ms door={} \"{}\"", r.remoteAddress, r.method, target, r.status,
                     r.responseBytes, r.seconds * 1e3, r.door, r.userAgent);
  }
}

}  // namespace smfront::net
