#pragma once
// The embedded XMPP server behind the BOSH door (spec bosh-xmpp §5-§8): one
// client stream per BOSH session, SASL, resource binding, presence, routing of
// stanzas between local resources, the server's own IQs (ping, disco, roster,
// session), and the two services, conference.<domain> (MucRooms) and
// pubsub.<domain> (PubsubService), fed from the core's bus.
//
// Runs on the core strand: it calls the chat service, contact book and router
// directly, so a join or a message is decided in one step with no state that
// could change half-way. Everything it says goes out through the SessionSink.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/catalog.hpp"
#include "core/chat_service.hpp"
#include "core/contact_book.hpp"
#include "core/events.hpp"
#include "core/router.hpp"
#include "eventing/eventing_metrics.hpp"
#include "eventing/muc_rooms.hpp"
#include "eventing/pubsub_service.hpp"
#include "eventing/session_sink.hpp"
#include "eventing/users.hpp"
#include "xml/element.hpp"
#include "xmpp/jid.hpp"
#include "xmpp/sasl_server.hpp"
#include "xmpp/stream.hpp"

namespace smfront::security {
class KeyedRate;
class LoginThrottle;
}
namespace smfront::telemetry {
class RateLimitedLog;
}

namespace smfront::eventing {

struct HubOptions {
  std::string domain = "localhost";
  /// PLAIN is offered on streams that came in without TLS only when this is set
  /// (bosh.allow_plain_cleartext): it shows the password to anyone on the path.
  bool plainOnCleartext = false;
  /// Streams not yet logged in, in all and from one client address
  /// (limits.bosh_unauthenticated_sessions, ..._per_address).
  std::size_t maxUnauthenticated = 10000;
  std::size_t maxUnauthenticatedPerAddress = 1000;
  /// limits.subscriptions_per_user and limits.room_history_stanzas.
  std::size_t subscriptionsPerUser = 1000;
  std::size_t roomHistoryStanzas = 20;
  /// Shared with HTTP Basic; none: failed logins are not throttled.
  std::shared_ptr<security::LoginThrottle> loginThrottle{};
  /// Shared with the HTTP doors (limits.refusals_per_address_per_minute): a
  /// refused session or login is charged to its address, whose next requests on
  /// any door then wait while it is over the rate. None: no pacing.
  std::shared_ptr<security::KeyedRate> refusalPacing{};
  EventingMetrics metrics{};
  /// The pubsub payload of a contact (socialminer-rest §9), namespaced.
  std::function<std::string(const core::Contact&)> contactPayload;
  /// Keys the made-up SCRAM salts of unknown users; random per process.
  std::string unknownUserKey;
};

struct HubServices {
  core::ChatService& chats;
  core::ContactBook& contacts;
  core::Catalog& catalog;
  core::InternalRouter& router;
  const core::Clock& clock;
};

class XmppHub {
 public:
  XmppHub(HubOptions options, HubServices services, const UserDirectory& users, SessionSink& sink);
  ~XmppHub();

  /// Whether a new stream from @p address may open now: too many streams not yet
  /// logged in, in all or from that address, are refused (the door answers the
  /// creation with policy-violation). @p address is a security::clientKey().
  enum class Admission { Open, TooManyFromAddress, TooMany };
  Admission admission(const std::string& address) const;
  /// A new client stream from @p address, over TLS or not; returns the
  /// <stream:features> its creation response carries.
  std::string open(SessionId session, const std::string& address, bool secure);
  /// The client restarted its stream (after SASL success): the new features go out.
  void restart(SessionId session);
  /// One stanza or nonza from the client, in order.
  void receive(SessionId session, xml::Element stanza);
  /// The stream is gone (client terminate, inactivity, door shutdown).
  void closed(SessionId session);
  /// Ends the stream with the stream error @p condition (e.g. "policy-violation").
  void kick(SessionId session, std::string_view condition, std::string_view text = {});

  /// A bus event (subscribe to ContactCreated, ContactChanged, ChatActivity,
  /// ChatEnded, ServerStarted).
  void onEvent(const core::Event& event);

  std::size_t sessions() const { return clients_.size(); }
  std::size_t unauthenticated() const { return unauthenticated_; }
  std::size_t boundResources() const { return resources_.size(); }
  const std::string& domain() const { return options_.domain; }

 private:
  struct Client;

  Client* find(SessionId session);
  void authenticate(Client& client, const xml::Element& nonza);
  bool throttled(Client& client, const xml::Element& nonza);
  void loggedIn(Client& client);
  /// A refusal by this hub, for limits.refusals_per_address_per_minute.
  void chargeRefusal(const std::string& address) const;
  void bind(Client& client, const xml::Element& iq, std::string resource);
  void route(Client& client, xml::Element stanza);
  void serverIq(Client& client, const xml::Element& iq);
  void serviceIq(Client& client, const xml::Element& iq, std::string_view service);
  void presence(Client& client, const xml::Element& stanza);
  void toUser(Client& client, xml::Element stanza, const xmpp::Jid& to);
  void updateRouting(const std::string& user);
  void drop(SessionId session, bool vanished);
  void endStream(Client& client, xmpp::StreamErrorCondition condition, std::string_view text = {});
  std::vector<Recipient> recipientsOf(const xmpp::Jid& jid) const;
  void publishContact(const core::Contact& contact);
  void reply(const Client& client, const xml::Element& stanza);

  HubOptions options_;
  HubServices services_;
  const UserDirectory& users_;
  SessionSink& sink_;
  std::string conference_;
  std::string pubsubDomain_;
  std::map<SessionId, std::unique_ptr<Client>> clients_;
  std::map<std::string, SessionId, std::less<>> resources_;  // full JID -> session
  std::size_t unauthenticated_ = 0;
  std::map<std::string, std::size_t, std::less<>> unauthenticatedByAddress_;
  MucRooms rooms_;
  PubsubService pubsub_;
  std::unique_ptr<telemetry::RateLimitedLog> loginLog_;
  std::unique_ptr<telemetry::RateLimitedLog> admissionLog_;
};

}  // namespace smfront::eventing
