#include "eventing/xmpp_hub.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "eventing/disco.hpp"
#include "eventing/stanzas.hpp"
#include "security/keyed_rate.hpp"
#include "security/login_throttle.hpp"
#include "telemetry/rate_limited_log.hpp"
#include "xml/writer.hpp"
#include "xmpp/bind.hpp"
#include "xmpp/namespaces.hpp"
#include "xmpp/server_stream.hpp"
#include "xmpp/stanza.hpp"
#include "xmpp/stream.hpp"

namespace smfront::eventing {

using xmpp::StanzaErrorCondition;

namespace {
// Room history a joining agent gets, at most, whatever it asks for: a quarter of
// its session's buffer, so that history never crowds out what it must get.
constexpr std::size_t kHistoryBytes = 256 * 1024;
// Rooms listed by disco#items on the conference service (some 60 bytes each).
constexpr std::size_t kDiscoRooms = 1000;
}  // namespace

struct XmppHub::Client {
  Client(SessionId id, xmpp::ServerContext context, xmpp::SaslServerOptions options, std::string address)
      : id(id),
        sasl(std::make_unique<xmpp::SaslServer>(std::move(context), std::move(options))),
        address(std::move(address)) {}

  SessionId id;
  xmpp::ServerStream stream;  // which stage the stream is in
  // Only needed until SASL succeeds; released then (its context, mechanism list and
  // mechanism state are some 0.5 KiB a session, held for the session's whole life).
  std::unique_ptr<xmpp::SaslServer> sasl;
  const UserAccount* account = nullptr;  // after SASL success
  std::optional<xmpp::Jid> jid;          // after bind
  bool available = false;                // sent available presence
  bool routable = false;                 // available and not away, xa or dnd
  std::string address;                   // security::clientKey() of who opened it
  std::string claimedUser;               // by the SASL exchange under way
};

XmppHub::XmppHub(HubOptions options, HubServices services, const UserDirectory& users, SessionSink& sink)
    : options_(std::move(options)),
      services_(services),
      users_(users),
      sink_(sink),
      conference_("conference." + options_.domain),
      pubsubDomain_("pubsub." + options_.domain),
      rooms_(conference_, services.chats, services.contacts, services.clock, sink,
             {.maxStanzas = options_.roomHistoryStanzas, .maxBytes = kHistoryBytes}),
      pubsub_(
          pubsubDomain_, [this](std::string_view id) { return services_.catalog.campaign(id) != nullptr; },
          [this](const xmpp::Jid& jid) { return recipientsOf(jid); }, sink,
          {.subscriptionsPerUser = options_.subscriptionsPerUser, .metrics = options_.metrics}),
      loginLog_(std::make_unique<telemetry::RateLimitedLog>()),
      admissionLog_(std::make_unique<telemetry::RateLimitedLog>()) {}

XmppHub::~XmppHub() = default;

XmppHub::Client* XmppHub::find(SessionId session) {
  const auto it = clients_.find(session);
  return it == clients_.end() ? nullptr : it->second.get();
}

void XmppHub::reply(const Client& client, const xml::Element& stanza) { sink_.send(client.id, wire(stanza)); }

XmppHub::Admission XmppHub::admission(const std::string& address) const {
  const auto it = unauthenticatedByAddress_.find(address);
  Admission verdict = Admission::Open;
  if (it != unauthenticatedByAddress_.end() && it->second >= options_.maxUnauthenticatedPerAddress) {
    verdict = Admission::TooManyFromAddress;
    chargeRefusal(address);
    count(options_.metrics.sessionsRefusedAddress);
    (*admissionLog_)("bosh: refused a session from {}: {} sessions from there are not logged in yet", address,
                     it->second);
  } else if (unauthenticated_ >= options_.maxUnauthenticated) {
    verdict = Admission::TooMany;
    chargeRefusal(address);
    count(options_.metrics.sessionsRefusedTotal);
    (*admissionLog_)("bosh: refused a session from {}: {} sessions are not logged in yet", address, unauthenticated_);
  }
  return verdict;
}

std::string XmppHub::open(SessionId session, const std::string& address, bool secure) {
  xmpp::ServerContext context;
  context.domain = options_.domain;
  context.lookup = [this](std::string_view name) -> const xmpp::UserCredentials* {
    const UserAccount* account = users_.find(name);
    return account ? &account->credentials : nullptr;
  };
  context.unknownUserKey = options_.unknownUserKey;
  xmpp::SaslServerOptions sasl;
  if (!secure && !options_.plainOnCleartext) std::erase(sasl.mechanisms, xmpp::mechanism::kPlain);
  auto client = std::make_unique<Client>(session, std::move(context), std::move(sasl), address);
  const std::string features = xmpp::featuresXml(xmpp::preAuthFeatures(client->sasl->mechanisms()));
  if (auto [it, added] = clients_.try_emplace(session, std::move(client)); added) {
    ++unauthenticated_;
    ++unauthenticatedByAddress_[address];
  }
  return features;
}

void XmppHub::restart(SessionId session) {
  Client* client = find(session);
  if (client == nullptr) return;
  const auto features = client->account ? xmpp::postAuthFeatures() : xmpp::preAuthFeatures(client->sasl->mechanisms());
  sink_.send(session, xmpp::featuresXml(features));
}

void XmppHub::receive(SessionId session, xml::Element stanza) {
  Client* client = find(session);
  if (client == nullptr) return;
  using Action = xmpp::StreamStep::Action;
  const xmpp::StreamStep step = client->stream.receive(stanza);
  switch (step.action) {
    case Action::Sasl: return authenticate(*client, stanza);
    case Action::Bind: return bind(*client, stanza, step.resource);
    case Action::Session: return reply(*client, xmpp::iqResult(stanza));
    case Action::Stanza: return route(*client, std::move(stanza));
    case Action::EndStream: return endStream(*client, step.condition, step.text);
  }
}

void XmppHub::endStream(Client& client, xmpp::StreamErrorCondition condition, std::string_view text) {
  const SessionId id = client.id;
  drop(id, true);
  sink_.end(id, xmpp::streamErrorXml(condition, text));
}

void XmppHub::authenticate(Client& client, const xml::Element& nonza) {
  if (throttled(client, nonza)) return;
  const xmpp::SaslReply answer = client.sasl->handle(nonza);
  sink_.send(client.id, answer.xml);
  if (answer.outcome == xmpp::SaslReply::Outcome::Success) {
    const std::string& name = client.sasl->username();
    if (options_.loginThrottle) options_.loginThrottle->succeeded(client.address, name);
    spdlog::debug("xmpp: {} authenticated", name);
    if (const UserAccount* account = users_.find(name)) {
      loggedIn(client);
      client.account = account;
      client.stream.authenticated();
      // With an account set, nothing reaches the SASL server again (receive() and restart()).
      client.sasl.reset();
    }
  } else if (answer.outcome == xmpp::SaslReply::Outcome::Failure) {
    spdlog::debug("xmpp: SASL failure: {}", answer.reason);
    if (answer.condition == xmpp::SaslCondition::NotAuthorized) {
      count(options_.metrics.loginFailures);
      chargeRefusal(client.address);
      if (options_.loginThrottle) {
        options_.loginThrottle->failed(client.address, client.claimedUser, services_.clock.steadyNow());
      }
    }
    if (answer.closeStream) {
      endStream(client, xmpp::StreamErrorCondition::PolicyViolation, "too many authentication failures");
    }
  }
}

// Asked before the SASL server sees a password (PLAIN's <auth>, SCRAM's final
// <response>): a client that failed too often lately is refused unchecked.
bool XmppHub::throttled(Client& client, const xml::Element& nonza) {
  if (!options_.loginThrottle) return false;
  if (nonza.name() == "auth") {
    client.claimedUser = xmpp::claimedUsername(nonza);
  } else if (nonza.name() != "response") {
    return false;
  }
  const auto wait = options_.loginThrottle->wait(client.address, client.claimedUser, services_.clock.steadyNow());
  if (wait.count() <= 0) return false;
  count(options_.metrics.loginsThrottled);
  chargeRefusal(client.address);
  (*loginLog_)("xmpp: failed logins from {} (user '{}') are throttled", client.address, client.claimedUser);
  // The exchange under way ends here; abort() also counts towards the stream's failure limit.
  const bool close = client.sasl->abort().closeStream;
  const auto seconds = std::max<long long>(1, std::chrono::ceil<std::chrono::seconds>(wait).count());
  sink_.send(client.id, xmpp::saslFailureXml(xmpp::SaslCondition::TemporaryAuthFailure,
                                             "too many failed logins; retry in " + std::to_string(seconds) + " s"));
  if (close) endStream(client, xmpp::StreamErrorCondition::PolicyViolation, "too many authentication failures");
  return true;
}

void XmppHub::chargeRefusal(const std::string& address) const {
  if (options_.refusalPacing) options_.refusalPacing->charge(address, services_.clock.steadyNow());
}

// The stream no longer counts as one not yet logged in.
void XmppHub::loggedIn(Client& client) {
  if (client.account != nullptr) return;
  --unauthenticated_;
  if (const auto it = unauthenticatedByAddress_.find(client.address); it != unauthenticatedByAddress_.end()) {
    if (--it->second == 0) unauthenticatedByAddress_.erase(it);
  }
}

void XmppHub::bind(Client& client, const xml::Element& iq, std::string resource) {
  if (resource.empty()) resource = xmpp::generatedResource();
  const auto jid = xmpp::Jid::make(client.account->name, options_.domain, resource);
  if (!jid) return reply(client, xmpp::errorReply(iq, StanzaErrorCondition::BadRequest, "invalid resource"));
  const std::string full = jid->full();
  if (const auto it = resources_.find(full); it != resources_.end()) {
    // The newer stream wins (as Prosody does); the older one is told why it ends.
    if (Client* older = find(it->second)) {
      endStream(*older, xmpp::StreamErrorCondition::Conflict, "Replaced by new connection");
    }
  }
  client.jid = *jid;
  client.stream.bound();
  resources_[full] = client.id;
  reply(client, xmpp::bindResult(iq, *jid));
}

void XmppHub::route(Client& client, xml::Element stanza) {
  // The server stamps the sender: clients cannot speak for anyone else.
  stanza.setAttr("from", client.jid->full());
  const std::string toText = stanza.attrOr("to", "");
  const std::string& name = stanza.name();
  if (toText.empty()) {
    if (name == "iq") return serverIq(client, stanza);
    if (name == "presence") return presence(client, stanza);
    return;  // a message to nobody
  }
  const auto to = xmpp::Jid::parse(toText);
  if (!to) {
    if (stanza.attrOr("type", "") != "error") reply(client, xmpp::errorReply(stanza, StanzaErrorCondition::JidMalformed));
    return;
  }
  const bool ownBare = to->isBare() && to->bare() == client.jid->bare();
  if (to->domain() == options_.domain && (!to->hasLocal() || ownBare)) {
    if (name == "iq") return serverIq(client, stanza);
    return;  // presence or message to the server itself
  }
  if (to->domain() == options_.domain) return toUser(client, std::move(stanza), *to);
  const bool services = to->domain() == conference_ || to->domain() == pubsubDomain_;
  if (services && !client.account->handlesContacts()) {
    if (stanza.attrOr("type", "") != "error" && !(name == "presence" && stanza.attrOr("type", "") == "unavailable")) {
      reply(client, xmpp::errorReply(stanza, StanzaErrorCondition::Forbidden, "agents and administrators only"));
    }
    return;
  }
  if (to->domain() == conference_) {
    if (!to->hasLocal()) {
      if (name == "iq") serviceIq(client, stanza, conference_);
      return;
    }
    if (name == "iq") {
      // Rooms answer disco#info; everything else is not for a room.
      serviceIq(client, stanza, to->bareString());
      return;
    }
    return rooms_.handle({client.id, *client.jid, client.account->name, client.account->admin}, stanza, *to);
  }
  if (to->domain() == pubsubDomain_) {
    if (name != "iq") return;
    const std::string ns = [&] {
      for (const auto& child : stanza.children()) return child.ns();
      return std::string();
    }();
    if (ns == eventing::ns::kPubsub || ns == eventing::ns::kPubsubOwner) {
      return pubsub_.handleIq(*client.jid, client.id, stanza);
    }
    return serviceIq(client, stanza, pubsubDomain_);
  }
  if (stanza.attrOr("type", "") != "error" && name != "presence") {
    reply(client, xmpp::errorReply(stanza, StanzaErrorCondition::RemoteServerNotFound, "only local domains are served"));
  }
}

void XmppHub::serverIq(Client& client, const xml::Element& iq) {
  const std::string type = iq.attrOr("type", "");
  if (type != "get" && type != "set") return;
  if (xmpp::isPing(iq) || xmpp::isSessionRequest(iq)) return reply(client, xmpp::iqResult(iq));
  if (iq.child("query", ns::kRoster) != nullptr) {
    if (type == "get") return reply(client, xmpp::iqResult(iq, xml::Element("query", std::string(ns::kRoster))));
    return reply(client, xmpp::errorReply(iq, StanzaErrorCondition::NotAllowed, "the roster is empty and fixed"));
  }
  if (xmpp::readBindRequest(iq)) return reply(client, xmpp::errorReply(iq, StanzaErrorCondition::NotAllowed));
  const std::string to = iq.attrOr("to", "");
  if (to.empty() || to == options_.domain) return serviceIq(client, iq, options_.domain);
  reply(client, xmpp::errorReply(iq, StanzaErrorCondition::ServiceUnavailable));
}

void XmppHub::serviceIq(Client& client, const xml::Element& iq, std::string_view service) {
  const std::string type = iq.attrOr("type", "");
  if (type != "get" && type != "set") return;
  if (xmpp::isPing(iq)) return reply(client, xmpp::iqResult(iq));
  const bool info = type == "get" && iq.child("query", ns::kDiscoInfo) != nullptr;
  const bool items = type == "get" && iq.child("query", ns::kDiscoItems) != nullptr;
  if (!info && !items) return reply(client, xmpp::errorReply(iq, StanzaErrorCondition::ServiceUnavailable));
  std::optional<xml::Element> answer;
  if (service == options_.domain) {
    answer = info ? discoInfo({"server", "im", "smfront"}, {ns::kDiscoItems, xmpp::ns::kPing})
                  : discoItems({{conference_, {}, "Chat rooms"}, {pubsubDomain_, {}, "Eventing"}});
  } else if (service == conference_) {
    if (info) {
      answer = discoInfo({"conference", "text", "Chat rooms"}, {ns::kDiscoItems, ns::kMuc, xmpp::ns::kPing});
    } else {
      // A list, not a feed: at most kDiscoRooms, so that the answer stays well
      // inside a session's buffer however many chats are live.
      std::vector<DiscoItem> rooms;
      for (const auto& room : services_.chats.liveRooms()) {
        if (rooms.size() == kDiscoRooms) break;
        rooms.push_back({room, {}, {}});
      }
      answer = discoItems(rooms);
    }
  } else if (service == pubsubDomain_) {
    if (info) {
      answer = discoInfo({"pubsub", "service", "Eventing"},
                         {ns::kDiscoItems, ns::kPubsub, "http://jabber.org/protocol/pubsub#subscribe",
                          "http://jabber.org/protocol/pubsub#retrieve-items",
                          "http://jabber.org/protocol/pubsub#retrieve-subscriptions"});
    } else {
      std::vector<DiscoItem> nodes;
      for (const auto& node : pubsub_.nodes()) nodes.push_back({pubsubDomain_, node, {}});
      answer = discoItems(nodes);
    }
  } else {
    // A room.
    const auto title = rooms_.titleOf(std::string(service));
    if (!title) return reply(client, xmpp::errorReply(iq, StanzaErrorCondition::ItemNotFound));
    answer = info ? discoInfo({"conference", "text", *title}, {ns::kMuc, "muc_temporary", "muc_semianonymous"})
                  : discoItems({});
  }
  reply(client, xmpp::iqResult(iq, std::move(answer)));
}

void XmppHub::presence(Client& client, const xml::Element& stanza) {
  const std::string type = stanza.attrOr("type", "");
  if (type.empty()) {
    const std::string show = stanza.childText("show");
    client.available = true;
    client.routable = show != "away" && show != "xa" && show != "dnd";
  } else if (type == "unavailable") {
    client.available = false;
    client.routable = false;
    rooms_.leaveAll(client.id, false);  // RFC 6121 4.6: leaves every room too
  } else {
    return;  // subscriptions and probes: there is no roster to keep
  }
  updateRouting(client.account->name);
  // RFC 6121 4.2.2, 4.4.2 and 4.5.2: the user's available resources hear of it, the
  // sender included when it becomes or stays available (it is no longer one once
  // unavailable).
  for (const Recipient& r : recipientsOf(client.jid->bare())) {
    xml::Element copy = stanza;
    copy.setAttr("to", r.jid);
    sink_.offer(r.session, wire(copy));
  }
}

void XmppHub::toUser(Client& client, xml::Element stanza, const xmpp::Jid& to) {
  const std::string type = stanza.attrOr("type", "");
  const std::vector<Recipient> targets = recipientsOf(to);
  if (targets.empty()) {
    if (type != "error" && stanza.name() != "presence" && !(stanza.name() == "iq" && type == "result")) {
      reply(client, xmpp::errorReply(stanza, StanzaErrorCondition::ServiceUnavailable));
    }
    return;
  }
  if (stanza.name() == "iq" && to.isBare()) {
    // An IQ to a bare JID is the server's to answer on the account's behalf.
    if (type == "get" || type == "set") reply(client, xmpp::errorReply(stanza, StanzaErrorCondition::ServiceUnavailable));
    return;
  }
  // Best effort: one user cannot fill another's session until it ends.
  for (const Recipient& r : targets) {
    xml::Element copy = stanza;
    copy.setAttr("to", r.jid);
    sink_.offer(r.session, wire(copy));
  }
}

std::vector<Recipient> XmppHub::recipientsOf(const xmpp::Jid& jid) const {
  std::vector<Recipient> out;
  if (jid.hasResource()) {
    if (const auto it = resources_.find(jid.full()); it != resources_.end()) out.push_back({it->second, it->first});
    return out;
  }
  const std::string prefix = jid.bareString() + "/";
  for (auto it = resources_.lower_bound(prefix); it != resources_.end() && it->first.starts_with(prefix); ++it) {
    const auto client = clients_.find(it->second);
    if (client != clients_.end() && client->second->available) out.push_back({it->second, it->first});
  }
  return out;
}

void XmppHub::updateRouting(const std::string& user) {
  const UserAccount* account = users_.find(user);
  if (account == nullptr || !account->agent) return;
  // Only bound clients count, and each has its full JID in resources_: look at this
  // user's resources alone. Scanning every client made each presence O(sessions),
  // so logging N agents in cost O(N^2).
  // The prefix is built as bind() builds the JIDs, so both normalize alike.
  const auto bare = xmpp::Jid::make(account->name, options_.domain, "");
  const std::string prefix = bare ? bare->bareString() + "/" : std::string();
  bool any = false;
  for (auto it = resources_.lower_bound(prefix); it != resources_.end() && it->first.starts_with(prefix); ++it) {
    const auto client = clients_.find(it->second);
    if (client == clients_.end()) continue;
    const Client& c = *client->second;
    if (c.account == account && c.jid && c.routable) {
      any = true;
      break;
    }
  }
  if (any) {
    services_.router.agentAvailable(user);
  } else {
    services_.router.agentUnavailable(user);
  }
}

void XmppHub::drop(SessionId session, bool vanished) {
  const auto it = clients_.find(session);
  if (it == clients_.end()) return;
  std::unique_ptr<Client> client = std::move(it->second);
  clients_.erase(it);
  loggedIn(*client);  // no longer waiting to log in either way
  rooms_.leaveAll(session, vanished);
  if (client->jid) {
    const auto r = resources_.find(client->jid->full());
    if (r != resources_.end() && r->second == session) resources_.erase(r);
  }
  if (client->account != nullptr) updateRouting(client->account->name);
}

void XmppHub::closed(SessionId session) { drop(session, true); }

void XmppHub::kick(SessionId session, std::string_view condition, std::string_view text) {
  if (Client* client = find(session)) {
    const auto known = xmpp::streamErrorConditionFromString(condition);
    endStream(*client, known.value_or(xmpp::StreamErrorCondition::UndefinedCondition), text);
  }
}

void XmppHub::publishContact(const core::Contact& contact) {
  if (!options_.contactPayload) return;
  const std::string payload = options_.contactPayload(contact);
  if (contact.sourceType == core::SourceType::Chat) pubsub_.publish(kChatNode, contact.id, payload);
  for (const auto& publicId : services_.catalog.campaignsOfFeed(contact.feedId)) {
    pubsub_.publish(std::string(kCampaignNodePrefix) + publicId, contact.id, payload);
  }
}

void XmppHub::onEvent(const core::Event& event) {
  if (const auto* created = std::get_if<core::ContactCreated>(&event)) return publishContact(created->contact);
  if (const auto* changed = std::get_if<core::ContactChanged>(&event)) return publishContact(changed->contact);
  if (const auto* activity = std::get_if<core::ChatActivity>(&event)) return rooms_.onChatActivity(*activity);
  if (const auto* ended = std::get_if<core::ChatEnded>(&event)) return rooms_.onChatEnded(*ended);
  if (const auto* started = std::get_if<core::ServerStarted>(&event)) {
    xml::Writer w;
    w.open("EventingInfo", ns::kPubsub).leaf("status", "started").leaf("timestamp", std::to_string(started->atMs));
    pubsub_.publish(kEventingInfoNode, "started-" + std::to_string(started->atMs), w.closeAll().take());
  }
}

}  // namespace smfront::eventing
