#include "core/campaign_members.hpp"

#include <algorithm>

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

}  // namespace smfront::core
