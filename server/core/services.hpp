#pragma once
// The domain services, built together because they refer to each other. Every
// member is confined to the core strand: reach it with co_await core.call(...).
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "core/asio_timers.hpp"
#include "core/catalog.hpp"
#include "core/chat_service.hpp"
#include "core/contact_book.hpp"
#include "core/core.hpp"
#include "core/notifications.hpp"
#include "core/mr_router.hpp"
#include "core/reply_templates.hpp"
#include "core/request_service.hpp"
#include "core/router.hpp"
#include "core/virtual_agents.hpp"

namespace smfront::core {

struct ServiceOptions {
  std::string xmppDomain = "localhost";
  RoutingOptions routing;
  // Callbacks and tasks go to CCE over the Media Routing link instead of the
  // internal router (routing = mr).
  bool mediaRouting = false;
  MrRoutingOptions mr;
  std::chrono::milliseconds requestPollExpiry{300000};
  std::vector<Feed> seedFeeds;  // created in order, so the first is feed 100000
  // Campaigns over seeded feeds, which they name by index into seedFeeds.
  struct SeedCampaign {
    Campaign campaign;
    std::vector<std::size_t> feedIndexes;
  };
  std::vector<SeedCampaign> seedCampaigns;
  std::vector<VirtualAgentSpec> virtualAgents;
  // Finished contacts older than this are deleted with their chats; zero keeps everything.
  std::chrono::milliseconds retention{0};
  // The outbound XMPP settings until the admin API stores its own.
  XmppSettings xmpp;
  ServiceLimits limits;
};

class Services {
 private:
  AsioTimers timers_;  // first: the services below keep a reference

 public:
  /// Construct before the io_context runs: restores what `stored` holds, then
  /// seeds what the configuration names and is not there yet (off any strand).
  Services(Core& core, ServiceOptions options, const Snapshot& stored = {});

  Catalog catalog;
  ContactBook contacts;
  ChatService chats;
  InternalRouter router;
  /// Set with routing = mr: the policy half of the Media Routing link.
  std::unique_ptr<MrRouter> mediaRouter;
  RequestService requests;
  NotificationService notifications;
  ReplyTemplates replyTemplates;

  std::size_t virtualAgentCount() const { return virtualAgents_.count(); }

  /// Deletes handled and discarded contacts whose status last changed before
  /// `cutoffMs`, with their chats and requests; returns how many.
  std::size_t purgeFinishedBefore(std::int64_t cutoffMs);

 private:
  void seed(const ServiceOptions& options);
  void applyRetention();

  VirtualAgents virtualAgents_;
  const Clock& clock_;
  std::chrono::milliseconds retention_;
  TimerHandle retentionTimer_;
};

}  // namespace smfront::core
