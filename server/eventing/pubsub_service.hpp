#pragma once
// The pubsub service on pubsub.<domain> (XEP-0060 subset, spec bosh-xmpp §7):
// only the server publishes; users subscribe, unsubscribe, list their
// subscriptions and read the newest items. Subscriptions and items live in
// memory, so a restart forgets them (spec: no offline storage).
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "eventing/eventing_metrics.hpp"
#include "eventing/session_sink.hpp"
#include "xml/element.hpp"
#include "xmpp/jid.hpp"

namespace smfront::telemetry {
class RateLimitedLog;
}

namespace smfront::eventing {

inline constexpr std::string_view kChatNode = "ccp.contacts.chat";
inline constexpr std::string_view kCampaignNodePrefix = "ccp.campaign.updates.";
inline constexpr std::string_view kEventingInfoNode = "ccp.serviceability.eventingInfo";

/// A bound resource that should receive a stanza: its session and full JID.
struct Recipient {
  SessionId session = 0;
  std::string jid;
};

/// Who receives what is sent to @p jid: a full JID's resource, or every
/// available resource of a bare JID.
using RecipientLookup = std::function<std::vector<Recipient>(const xmpp::Jid& jid)>;
/// Whether a campaign with this public id exists (its node exists with it).
using CampaignExists = std::function<bool(std::string_view publicId)>;

struct PubsubLimits {
  /// Subscriptions one user (bare JID) may hold over all nodes (limits.subscriptions_per_user).
  std::size_t subscriptionsPerUser = 1000;
  EventingMetrics metrics{};
};

class PubsubService {
 public:
  static constexpr std::size_t kItemsPerNode = 100;
  /// An item payload larger than this is neither kept nor sent: it would take a
  /// quarter of a subscriber's BOSH buffer on its own.
  static constexpr std::size_t kMaxItemBytes = 256 * 1024;
  /// Payload bytes one items answer carries at most (newest items first).
  static constexpr std::size_t kMaxItemsAnswerBytes = 512 * 1024;

  PubsubService(std::string service, CampaignExists campaignExists, RecipientLookup recipients, SessionSink& sink,
                PubsubLimits limits = {});
  ~PubsubService();

  const std::string& service() const { return service_; }

  /// An iq to the service from @p from (already stamped), on @p session.
  void handleIq(const xmpp::Jid& from, SessionId session, const xml::Element& iq);

  /// Stores @p payload (serialized, namespaced) as item @p itemId of @p node
  /// and notifies that node's subscribers.
  void publish(std::string_view node, const std::string& itemId, const std::string& payload);
  /// Tells subscribers of @p node that it is gone, and forgets it.
  void deleteNode(std::string_view node);

  /// Nodes that exist now (campaign nodes that have been used or subscribed to
  /// are listed once known).
  std::vector<std::string> nodes() const;
  std::size_t subscriptionCount() const;

 private:
  struct Subscription {
    std::string jid;  // as the subscriber gave it: bare or full
    std::string subid;
  };
  struct Item {
    std::string id;
    std::string payload;
  };
  struct Node {
    std::vector<Subscription> subscriptions;
    std::deque<Item> items;  // oldest first
  };

  bool nodeExists(std::string_view node) const;
  Node& node(std::string_view name);
  void subscribe(const xmpp::Jid& from, SessionId session, const xml::Element& iq, const xml::Element& request);
  void unsubscribe(const xmpp::Jid& from, SessionId session, const xml::Element& iq, const xml::Element& request);
  void listSubscriptions(const xmpp::Jid& from, SessionId session, const xml::Element& iq, const xml::Element& request);
  void items(SessionId session, const xml::Element& iq, const xml::Element& request);
  void notify(const Node& node, const std::string& body);
  void forgetSubscription(const std::string& jid);
  void reply(SessionId session, const xml::Element& stanza);

  std::string service_;
  CampaignExists campaignExists_;
  RecipientLookup recipients_;
  SessionSink& sink_;
  PubsubLimits limits_;
  std::map<std::string, Node, std::less<>> nodes_;
  std::map<std::string, std::size_t, std::less<>> subscriptionsOfUser_;  // bare JID -> count
  std::unique_ptr<telemetry::RateLimitedLog> limitLog_;
  std::uint64_t nextSubId_ = 1;
  std::uint64_t nextMessageId_ = 1;
};

}  // namespace smfront::eventing
