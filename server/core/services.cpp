#include "core/services.hpp"

#include <stdexcept>

namespace smfront::core {

Services::Services(Core& core, ServiceOptions options, const Snapshot& stored)
    : timers_(core.strand()),
      catalog(core.journal()),
      contacts(core.bus(), core.clock(), core.journal()),
      chats(catalog, contacts, core.bus(), core.clock(), timers_, core.journal(), options.xmppDomain),
      router(contacts, core.clock(), core.journal(), options.routing),
      mediaRouter(options.mediaRouting
                      ? std::make_unique<MrRouter>(contacts, core.clock(), core.journal(), timers_, options.mr)
                      : nullptr),
      requests(catalog, contacts, mediaRouter ? static_cast<RequestRouter&>(*mediaRouter) : router, core.clock(),
               core.journal(), options.requestPollExpiry),
      notifications(catalog, contacts, core.journal(), core.clock()),
      replyTemplates(core.journal()),
      virtualAgents_(std::move(options.virtualAgents), chats, contacts, router, core.bus(), timers_, core.executor()),
      clock_(core.clock()),
      retention_(options.retention) {
  chats.limitWith(options.limits);
  requests.limitWith(options.limits);
  if (mediaRouter) {
    chats.routeChatsThrough([router = mediaRouter.get()](const std::string& id) { router->enqueue(id); },
                            [router = mediaRouter.get()] { return router->hasRoom(); });
    mediaRouter->setLinkLossNotice([this](const std::string& id) {
      chats.routingIssue(id, "the routing link was lost; still waiting for an agent");
    });
    mediaRouter->setRequeuePolicy([this](const std::string& id) {
      const NewRequest* request = requests.request(id);
      return request != nullptr && request->requeueOnRecovery;
    });
  }
  catalog.restore(stored);
  contacts.restore(stored);
  chats.restore(stored);
  requests.restore(stored);
  if (mediaRouter) {
    mediaRouter->restore(stored);
  } else {
    router.restore(stored);
  }
  notifications.restore(stored);
  replyTemplates.restore(stored);
  notifications.seedXmpp(options.xmpp);
  virtualAgents_.resume();
  seed(options);
  if (retention_.count() > 0) applyRetention();
}

std::size_t Services::purgeFinishedBefore(std::int64_t cutoffMs) {
  std::vector<std::string> expired;
  for (const Contact* c : contacts.all()) {
    const bool finished = c->status == ContactStatus::Handled || c->status == ContactStatus::Discarded;
    if (finished && c->statusTimestamp < cutoffMs && !chats.isLive(c->id)) expired.push_back(c->id);
  }
  for (const auto& id : expired) {
    chats.erase(id);
    requests.erase(id);
    (void)contacts.remove(id);
  }
  return expired.size();
}

// Runs at start and then every hour: retention is counted in days, so an hour
// late is on time.
void Services::applyRetention() {
  (void)purgeFinishedBefore(clock_.nowMs() - retention_.count());
  retentionTimer_ = timers_.after(std::chrono::hours(1), [this] { applyRetention(); });
}

// Seeds are the configuration's: a feed or campaign that an earlier run already
// created (by name) stays as it is, so restarts neither duplicate nor refuse.
void Services::seed(const ServiceOptions& options) {
  const auto feedNamed = [this](const std::string& name) -> const Feed* {
    for (const auto& f : catalog.feeds()) {
      if (f.name == name) return catalog.feed(f.id);
    }
    return nullptr;
  };
  std::vector<std::int64_t> feedIds;
  for (const auto& feed : options.seedFeeds) {
    if (const Feed* existing = feedNamed(feed.name)) {
      feedIds.push_back(existing->id);
      continue;
    }
    auto created = catalog.createFeed(feed);
    if (!created) throw std::invalid_argument("feeds: " + created.refusal().message);
    feedIds.push_back(created->id);
  }
  for (auto seed : options.seedCampaigns) {
    const auto campaigns = catalog.campaigns();
    if (std::any_of(campaigns.begin(), campaigns.end(), [&](const Campaign& c) { return c.name == seed.campaign.name; })) {
      continue;
    }
    for (auto index : seed.feedIndexes) seed.campaign.feedIds.push_back(feedIds.at(index));
    auto created = catalog.createCampaign(std::move(seed.campaign));
    if (!created) throw std::invalid_argument("campaigns: " + created.refusal().message);
  }
}

}  // namespace smfront::core
