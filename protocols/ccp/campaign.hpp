#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ccp/parsed.hpp"

namespace smfront::ccp {

inline constexpr std::size_t kMaxCampaignNameChars = 255;
inline constexpr std::size_t kMaxPublicIdChars = 255;

/// A campaign as the admin API reads and writes it (spec §8.2).
struct Campaign {
  std::string name;
  /// Immutable key: URL segment and pubsub node suffix; only A-Za-z0-9_- .
  std::string publicId;
  std::string description;
  /// Stored only, never evaluated.
  std::string includeExpr;
  std::string excludeExpr;
  std::string chatInvitationFeed;
  /// Feed refURLs.
  std::vector<std::string> feeds;
  std::vector<std::string> filters;
  std::int64_t changeStamp = 0;
  /// Server-set URLs (GET only), written only when non-empty.
  std::string refURL;
  std::string resultsURL;
  std::string suggestedTagsURL;
  /// GET ?metrics=true: written as <metrics><socialContactCount>n</socialContactCount></metrics>.
  std::optional<std::int64_t> socialContactCount;

  friend bool operator==(const Campaign&, const Campaign&) = default;
};

/// Admin PUT of a campaign: changeStamp required, absent fields unchanged. publicId is
/// reported so that the caller can refuse a change of it.
struct CampaignUpdate {
  std::int64_t changeStamp = 0;
  std::optional<std::string> name;
  std::optional<std::string> publicId;
  std::optional<std::string> description;
  std::optional<std::string> includeExpr;
  std::optional<std::string> excludeExpr;
  std::optional<std::string> chatInvitationFeed;
  std::optional<std::vector<std::string>> feeds;
  std::optional<std::vector<std::string>> filters;

  friend bool operator==(const CampaignUpdate&, const CampaignUpdate&) = default;
};


/// @brief Whether @p publicId is non-empty, ≤ 255 characters and only A-Za-z0-9_- .
bool isValidPublicId(std::string_view publicId) noexcept;

/// @brief Parses a `<Campaign>` create body: name required (≤ 255 characters); publicId
/// (also spelled publicid) optional and empty when absent. Reads every element of the GET
/// form, so parseCampaign(serializeCampaign(c)) == c.
Parsed<Campaign> parseCampaign(std::string_view body);

/// @brief Parses a `<Campaign>` PUT body; a missing changeStamp is fieldRequired.
Parsed<CampaignUpdate> parseCampaignUpdate(std::string_view body);

/// @brief Applies the present fields of @p update except publicId and changeStamp.
void applyCampaignUpdate(Campaign& campaign, const CampaignUpdate& update);

/// @brief `<Campaign>` with elements in alphabetical order.
std::string serializeCampaign(const Campaign& campaign);

/// @brief `<campaigns>` of full campaigns.
std::string serializeCampaigns(std::span<const Campaign> campaigns);

/// @brief `<SuggestedTags><tags><tag>…</tag></tags></SuggestedTags>` (GET .../suggestedtags).
std::string serializeSuggestedTags(std::span<const std::string> tags);

/// @brief Reads a `<campaigns>` list; missing elements keep their defaults.
Parsed<std::vector<Campaign>> parseCampaigns(std::string_view body);

}  // namespace smfront::ccp
