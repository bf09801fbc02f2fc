#pragma once
// The contact search (SocialMiner's /ccp-webapp/ccp/search/contacts).
#include <cstddef>
#include <memory>

#include "api/api_context.hpp"
#include "api/route_table.hpp"
#include "telemetry/limit_refusals.hpp"
#include "telemetry/metrics.hpp"

namespace smfront::api {

/// What one search may answer (config limits.search_*).
struct SearchLimits {
  std::size_t maxCount = 200;          // larger `count` asks are refused with 400
  std::size_t transcriptChars = 20000; // of each chat's transcript; the rest is left out
  // limits.searches_per_user_per_minute; null: unlimited. Over it: 429.
  std::shared_ptr<security::KeyedRate> perUser{};
};

/// A refused `count` or a search over the rate is recorded in `refusals`; transcripts cut are counted in
/// `metrics` (smfront_search_transcripts_cut_total) and logged at most once a second.
void addSearchRoutes(RouteTable& router, std::shared_ptr<const ApiContext> context, SearchLimits limits,
                     telemetry::Registry& metrics, telemetry::LimitRefusals& refusals);

}  // namespace smfront::api
