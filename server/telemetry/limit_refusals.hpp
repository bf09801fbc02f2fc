#pragma once
// What a limit of the `limits` section refused: counted in
// smfront_limit_refusals_total{limit="<key>"} and logged at most once a second
// per limit, naming the key an operator would raise.
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "telemetry/metrics.hpp"
#include "telemetry/rate_limited_log.hpp"

namespace smfront::telemetry {

class LimitRefusals {
 public:
  explicit LimitRefusals(Registry& metrics) : metrics_(metrics) {}

  /// One refusal by limit `key` (e.g. "live_chats"). Safe from any thread.
  void record(std::string_view key);

 private:
  struct Limit {
    Counter* refusals = nullptr;
    LogRateLimiter log;
  };
  Limit& limit(std::string_view key);

  Registry& metrics_;
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Limit>, std::less<>> limits_;
};

}  // namespace smfront::telemetry
