#include "core/campaign_members.hpp"

#include <algorithm>
#include <map>
#include <utility>

namespace smfront::core {

std::vector<const Contact*> campaignMembers(const Campaign& campaign, const ContactBook& contacts) {
  std::vector<const Contact*> members;
  for (const Contact* contact : contacts.all()) {
    if (std::find(campaign.feedIds.begin(), campaign.feedIds.end(), contact->feedId) != campaign.feedIds.end()) {
      members.push_back(contact);
    }
  }
  std::sort(members.begin(), members.end(), [](const Contact* a, const Contact* b) {
    return a->createdDate != b->createdDate ? a->createdDate > b->createdDate : a->id < b->id;
  });
  return members;
}

std::vector<std::string> suggestedTags(const Campaign& campaign, const ContactBook& contacts, std::size_t window) {
  struct Use {
    std::size_t count = 0;
    std::int64_t lastMs = 0;
  };
  std::map<std::string, Use> uses;
  const auto members = campaignMembers(campaign, contacts);
  for (std::size_t i = 0; i < members.size() && i < window; ++i) {
    const Contact& c = *members[i];
    const std::int64_t when = std::max(c.createdDate, c.statusTimestamp);
    for (const auto& tag : c.tags) {
      Use& use = uses[tag];
      ++use.count;
      use.lastMs = std::max(use.lastMs, when);
    }
  }
  std::vector<std::pair<std::string, Use>> ranked(uses.begin(), uses.end());
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    if (a.second.count != b.second.count) return a.second.count > b.second.count;
    if (a.second.lastMs != b.second.lastMs) return a.second.lastMs > b.second.lastMs;
    return a.first < b.first;
  });
  std::vector<std::string> out;
  for (std::size_t i = 0; i < ranked.size() && i < 10; ++i) out.push_back(ranked[i].first);
  return out;
}

}  // namespace smfront::core
