#pragma once
// Feeds and campaigns: what contacts come in through and are grouped by.
// Confined to the core strand, like every domain object.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/domain.hpp"
#include "core/journal.hpp"
#include "core/outcome.hpp"

namespace smfront::core {

class Catalog {
 public:
  static constexpr std::int64_t kFirstFeedId = 100000;

  explicit Catalog(Journal& journal) : journal_(journal) {}
  /// Takes back what an earlier run stored (before serving starts).
  void restore(const Snapshot& snapshot);

  /// Assigns the next id (never reused); names are unique.
  Outcome<Feed> createFeed(Feed feed);
  const Feed* feed(std::int64_t id) const;
  std::vector<Feed> feeds() const;
  /// Applies `change` when `changeStamp` matches; the stamp then goes up by one.
  Outcome<Feed> updateFeed(std::int64_t id, std::int64_t changeStamp, const std::function<void(Feed&)>& change);
  /// Deletes; `changeStamp`, when given, must match. Campaigns keep their
  /// reference and contacts stay.
  Outcome<Done> deleteFeed(std::int64_t id, std::optional<std::int64_t> changeStamp);

  /// An empty publicId becomes the name with characters outside A-Za-z0-9_- as
  /// '_', made unique with _2, _3, ...
  Outcome<Campaign> createCampaign(Campaign campaign);
  const Campaign* campaign(std::string_view publicId) const;
  std::vector<Campaign> campaigns() const;
  Outcome<Campaign> updateCampaign(std::string_view publicId, std::int64_t changeStamp,
                                   const std::function<void(Campaign&)>& change);
  Outcome<Done> deleteCampaign(std::string_view publicId, std::optional<std::int64_t> changeStamp);
  /// Campaigns that list the feed.
  std::vector<std::string> campaignsOfFeed(std::int64_t feedId) const;

 private:
  void saveFeed(const Feed& feed);
  void saveCampaign(const Campaign& campaign);

  Journal& journal_;
  std::map<std::int64_t, Feed> feeds_;
  std::map<std::string, Campaign, std::less<>> campaigns_;
  std::int64_t nextFeedId_ = kFirstFeedId;
};

/// The stale-stamp refusal, or nothing when `expected` is absent or matches.
std::optional<Refusal> checkChangeStamp(std::optional<std::int64_t> expected, std::int64_t actual,
                                        std::string_view field = "changeStamp");

}  // namespace smfront::core
