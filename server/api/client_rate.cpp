#include "api/client_rate.hpp"

#include <algorithm>
#include <chrono>
#include <string>

#include "api/representations.hpp"
#include "core/outcome.hpp"
#include "security/client_key.hpp"
#include "security/keyed_rate.hpp"
#include "telemetry/limit_refusals.hpp"

namespace smfront::api {

std::optional<net::Response> overRate(security::KeyedRate* rate, std::string_view key, const RateRefusal& refusal,
                                      telemetry::LimitRefusals* refusals) {
  if (rate == nullptr) return std::nullopt;
  const auto wait = rate->take(key, std::chrono::steady_clock::now());
  if (wait.count() == 0) return std::nullopt;
  if (refusals != nullptr) refusals->record(refusal.limit);
  const auto seconds = std::max<long long>(1, std::chrono::ceil<std::chrono::seconds>(wait).count());
  return refused(core::Refusal{core::Refusal::Kind::TooMany, std::string(refusal.field), std::string(refusal.message),
                               static_cast<int>(std::min<long long>(seconds, 3600))});
}

std::optional<net::Response> overNewContactRate(const ApiContext& context, std::string_view remoteAddress) {
  return overRate(context.newContactsPerAddress.get(), security::clientKey(remoteAddress), kNewContactsPerAddress,
                  context.limitRefusals);
}

}  // namespace smfront::api
