#pragma once
// Limits on how often one client (an address, a user) may do something costly:
// the refusal is SocialMiner's apiErrors with 429 and Retry-After.
#include <optional>
#include <string_view>

#include "api/api_context.hpp"  // also declares security::KeyedRate and telemetry::LimitRefusals
#include "net/http_message.hpp"

namespace smfront::api {

struct RateRefusal {
  std::string_view limit;    // the limits.<key> an operator would raise
  std::string_view field;    // the apiErrors field
  std::string_view message;  // for people
};

inline constexpr RateRefusal kNewContactsPerAddress{
    "new_contacts_per_address_per_minute", "feedRefURL",
    "too many chats, callbacks or tasks were created from this address lately; retry later"};

/// Spends one of @p key's tokens in @p rate (null: no limit); a 429 answer when
/// it has none, counted under `refusal.limit` in @p refusals.
std::optional<net::Response> overRate(security::KeyedRate* rate, std::string_view key, const RateRefusal& refusal,
                                      telemetry::LimitRefusals* refusals);
/// overRate() for a new chat, callback or task from @p remoteAddress.
std::optional<net::Response> overNewContactRate(const ApiContext& context, std::string_view remoteAddress);

}  // namespace smfront::api
