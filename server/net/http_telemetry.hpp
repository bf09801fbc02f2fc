#pragma once
// What the HTTP doors count and log: connections per door, requests by route,
// method and status, a latency histogram per route, and one access-log line per
// request.
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "telemetry/metrics.hpp"

namespace spdlog {
class logger;
}

namespace smfront::net {

struct RequestRecord {
  std::string_view door;
  std::string_view remoteAddress;
  std::string_view method;
  std::string_view target;
  std::string_view route;
  std::string_view userAgent;
  int status = 0;
  std::size_t responseBytes = 0;
  double seconds = 0;
};

class HttpTelemetry {
 public:
  /// `accessLog` may be null (access logging off). Without `logQueryValues` the
  /// log shows query keys only (withQueryValuesHidden).
  HttpTelemetry(telemetry::Registry& registry, std::shared_ptr<spdlog::logger> accessLog, bool logQueryValues = false);
  ~HttpTelemetry();

  void connectionOpened(std::string_view door);
  void connectionClosed(std::string_view door);
  void requestDone(const RequestRecord& record);
  telemetry::Registry& registry() { return registry_; }

 private:
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  template <class Metric>
  using Cache = std::unordered_map<std::string, Metric*, StringHash, std::equal_to<>>;

  telemetry::Counter& requestCounter(const RequestRecord& r);
  telemetry::Histogram& latency(std::string_view door, std::string_view route);
  telemetry::Gauge& openGauge(std::string_view door);

  telemetry::Registry& registry_;
  std::shared_ptr<spdlog::logger> accessLog_;
  bool logQueryValues_;
  // Resolving a metric by labels builds strings; the caches make the hot path a
  // single hash lookup.
  std::mutex mutex_;
  Cache<telemetry::Counter> counters_;
  Cache<telemetry::Histogram> histograms_;
  Cache<telemetry::Gauge> gauges_;
};

}  // namespace smfront::net
