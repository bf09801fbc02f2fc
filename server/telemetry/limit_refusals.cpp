#include "telemetry/limit_refusals.hpp"

#include <spdlog/spdlog.h>

namespace smfront::telemetry {

LimitRefusals::Limit& LimitRefusals::limit(std::string_view key) {
  const std::lock_guard lock(mutex_);
  auto it = limits_.find(key);
  if (it == limits_.end()) {
    auto made = std::make_unique<Limit>();
    made->refusals = &metrics_.counter("smfront_limit_refusals_total", "requests refused by a limit of the limits section",
                                       {{"limit", std::string(key)}});
    it = limits_.emplace(std::string(key), std::move(made)).first;
  }
  return *it->second;
}

void LimitRefusals::record(std::string_view key) {
  Limit& l = limit(key);
  l.refusals->inc();
  if (const auto held = l.log.admit(LogRateLimiter::Clock::now())) {
    if (*held == 0) {
      spdlog::warn("limits.{} reached: refusing", key);
    } else {
      spdlog::warn("limits.{} reached: refusing ({} more refusals since the last line)", key, *held);
    }
  }
}

}  // namespace smfront::telemetry
