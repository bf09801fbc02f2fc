#include "core/catalog.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/records.hpp"

namespace smfront::core {

namespace {
Refusal notFound(std::string_view what, std::string_view id) {
  return Refusal{Refusal::Kind::NotFound, std::string(what), "no " + std::string(what) + " " + std::string(id)};
}

// One '_' per character (not per byte) outside A-Za-z0-9_-.
std::string publicIdFrom(std::string_view name) {
  std::string id;
  for (char c : name) {
    if ((static_cast<unsigned char>(c) & 0xC0) == 0x80) continue;  // UTF-8 continuation byte
    const bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    id += keep ? c : '_';
  }
  return id.empty() ? "campaign" : id;
}

bool validPublicId(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}
}  // namespace

std::optional<Refusal> checkChangeStamp(std::optional<std::int64_t> expected, std::int64_t actual,
                                        std::string_view field) {
  if (!expected || *expected == actual) return std::nullopt;
  return Refusal{Refusal::Kind::ChangeStamp, std::string(field),
                 std::string(field) + " " + std::to_string(*expected) + " is stale; the current value is " +
                     std::to_string(actual)};
}

Outcome<Feed> Catalog::createFeed(Feed feed) {
  for (const auto& [_, f] : feeds_) {
    if (f.name == feed.name) {
      return Refusal{Refusal::Kind::InvalidValue, "name", "a feed named \"" + feed.name + "\" exists"};
    }
  }
  feed.id = nextFeedId_++;
  feed.changeStamp = 0;
  journal_.put(records::kCounters, "feed", records::encodeCounter(nextFeedId_));
  saveFeed(feed);
  return feeds_.emplace(feed.id, feed).first->second;
}

const Feed* Catalog::feed(std::int64_t id) const {
  const auto it = feeds_.find(id);
  return it == feeds_.end() ? nullptr : &it->second;
}

std::vector<Feed> Catalog::feeds() const {
  std::vector<Feed> out;
  for (const auto& [_, f] : feeds_) out.push_back(f);
  return out;
}

Outcome<Feed> Catalog::updateFeed(std::int64_t id, std::int64_t changeStamp, const std::function<void(Feed&)>& change) {
  auto it = feeds_.find(id);
  if (it == feeds_.end()) return notFound("feed", std::to_string(id));
  if (auto stale = checkChangeStamp(changeStamp, it->second.changeStamp)) return *stale;
  Feed updated = it->second;
  change(updated);
  updated.id = id;
  for (const auto& [otherId, f] : feeds_) {
    if (otherId != id && f.name == updated.name) {
      return Refusal{Refusal::Kind::InvalidValue, "name", "a feed named \"" + updated.name + "\" exists"};
    }
  }
  updated.changeStamp = it->second.changeStamp + 1;
  it->second = updated;
  saveFeed(updated);
  return updated;
}

Outcome<Done> Catalog::deleteFeed(std::int64_t id, std::optional<std::int64_t> changeStamp) {
  auto it = feeds_.find(id);
  if (it == feeds_.end()) return notFound("feed", std::to_string(id));
  if (auto stale = checkChangeStamp(changeStamp, it->second.changeStamp)) return *stale;
  feeds_.erase(it);
  journal_.erase(records::kFeeds, records::padded(id));
  return Done{};
}

Outcome<Campaign> Catalog::createCampaign(Campaign campaign) {
  if (campaign.publicId.empty()) {
    const std::string base = publicIdFrom(campaign.name);
    campaign.publicId = base;
    for (int n = 2; campaigns_.contains(campaign.publicId); ++n) campaign.publicId = base + "_" + std::to_string(n);
  } else if (!validPublicId(campaign.publicId)) {
    return Refusal{Refusal::Kind::InvalidValue, "publicId", "publicId may only hold A-Z a-z 0-9 _ -"};
  } else if (campaigns_.contains(campaign.publicId)) {
    return Refusal{Refusal::Kind::InvalidValue, "publicId", "a campaign " + campaign.publicId + " exists"};
  }
  campaign.changeStamp = 0;
  saveCampaign(campaign);
  return campaigns_.emplace(campaign.publicId, campaign).first->second;
}

const Campaign* Catalog::campaign(std::string_view publicId) const {
  const auto it = campaigns_.find(publicId);
  return it == campaigns_.end() ? nullptr : &it->second;
}

std::vector<Campaign> Catalog::campaigns() const {
  std::vector<Campaign> out;
  for (const auto& [_, c] : campaigns_) out.push_back(c);
  return out;
}

Outcome<Campaign> Catalog::updateCampaign(std::string_view publicId, std::int64_t changeStamp,
                                          const std::function<void(Campaign&)>& change) {
  auto it = campaigns_.find(publicId);
  if (it == campaigns_.end()) return notFound("campaign", publicId);
  if (auto stale = checkChangeStamp(changeStamp, it->second.changeStamp)) return *stale;
  Campaign updated = it->second;
  change(updated);
  updated.publicId = it->second.publicId;  // immutable
  updated.changeStamp = it->second.changeStamp + 1;
  it->second = updated;
  saveCampaign(updated);
  return updated;
}

Outcome<Done> Catalog::deleteCampaign(std::string_view publicId, std::optional<std::int64_t> changeStamp) {
  auto it = campaigns_.find(publicId);
  if (it == campaigns_.end()) return notFound("campaign", publicId);
  if (auto stale = checkChangeStamp(changeStamp, it->second.changeStamp)) return *stale;
  journal_.erase(records::kCampaigns, it->first);
  campaigns_.erase(it);
  return Done{};
}

void Catalog::saveFeed(const Feed& feed) { journal_.put(records::kFeeds, records::padded(feed.id), records::encode(feed)); }

void Catalog::saveCampaign(const Campaign& campaign) {
  journal_.put(records::kCampaigns, campaign.publicId, records::encode(campaign));
}

void Catalog::restore(const Snapshot& snapshot) {
  for (const auto& [key, value] : tableOf(snapshot, records::kFeeds)) {
    Feed feed = records::decodeFeed(value);
    nextFeedId_ = std::max(nextFeedId_, feed.id + 1);
    feeds_[feed.id] = std::move(feed);
  }
  for (const auto& [key, value] : tableOf(snapshot, records::kCampaigns)) {
    Campaign campaign = records::decodeCampaign(value);
    campaigns_[campaign.publicId] = std::move(campaign);
  }
  // Deleted feeds' ids are never given again: the counter outlives them.
  const auto& counters = tableOf(snapshot, records::kCounters);
  if (const auto it = counters.find("feed"); it != counters.end()) {
    nextFeedId_ = std::max(nextFeedId_, records::decodeCounter(it->second));
  }
}

std::vector<std::string> Catalog::campaignsOfFeed(std::int64_t feedId) const {
  std::vector<std::string> out;
  for (const auto& [id, c] : campaigns_) {
    if (std::find(c.feedIds.begin(), c.feedIds.end(), feedId) != c.feedIds.end()) out.push_back(id);
  }
  return out;
}

}  // namespace smfront::core
