#include "core/services.hpp"

#include <stdexcept>

namespace smfront::core {

Services::Services(Core& core, ServiceOptions options)
    : timers_(core.strand()),
      contacts(core.bus(), core.clock()),
      chats(catalog, contacts, core.bus(), core.clock(), timers_, options.xmppDomain),
      router(contacts, core.clock(), options.routing),
      requests(catalog, contacts, router, core.clock(), options.requestPollExpiry),
      virtualAgents_(std::move(options.virtualAgents), chats, contacts, router, core.bus(), timers_, core.executor()) {
  std::vector<std::int64_t> feedIds;
  for (auto& feed : options.seedFeeds) {
    auto created = catalog.createFeed(std::move(feed));
    if (!created) throw std::invalid_argument("feeds: " + created.refusal().message);
    feedIds.push_back(created->id);
  }
  for (auto& seed : options.seedCampaigns) {
    for (auto index : seed.feedIndexes) seed.campaign.feedIds.push_back(feedIds.at(index));
    auto created = catalog.createCampaign(std::move(seed.campaign));
    if (!created) throw std::invalid_argument("campaigns: " + created.refusal().message);
  }
}

}  // namespace smfront::core
