#include "eventing/xmpp_hub.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "eventing/disco.hpp"
#include "eventing/stanzas.hpp"
#include "xml/writer.hpp"
#include "xmpp/bind.hpp"
#include "xmpp/namespaces.hpp"
#include "xmpp/stanza.hpp"
#include "xmpp/stream.hpp"

namespace smfront::eventing {

using xmpp::StanzaErrorCondition;

struct XmppHub::Client {
  Client(SessionId id, xmpp::ServerContext context)
      : id(id), sasl(std::make_unique<xmpp::SaslServer>(std::move(context))) {}

  SessionId id;
  // Only needed until SASL succeeds; released then (its context, mechanism list and
  // mechanism state are some 0.5 KiB a session, held for the session's whole life).
  std::unique_ptr<xmpp::SaslServer> sasl;
  const UserAccount* account = nullptr;  // after SASL success
  std::optional<xmpp::Jid> jid;          // after bind
  bool available = false;                // sent available presence
  bool routable = false;                 // available and not away, xa or dnd
};

XmppHub::XmppHub(HubOptions options, HubServices services, const UserDirectory& users, SessionSink& sink)
    : options_(std::move(options)),
      services_(services),
      users_(users),
      sink_(sink),
      conference_("conference." + options_.domain),
      pubsubDomain_("pubsub." + options_.domain),
      rooms_(conference_, services.chats, services.contacts, services.clock, sink),
      pubsub_(
          pubsubDomain_, [this](std::string_view id) { return services_.catalog.campaign(id) != nullptr; },
          [this](const xmpp::Jid& jid) { return recipientsOf(jid); }, sink) {}

XmppHub::~XmppHub() = default;

XmppHub::Client* XmppHub::find(SessionId session) {
  const auto it = clients_.find(session);
  return it == clients_.end() ? nullptr : it->second.get();
}

void XmppHub::reply(const Client& client, const xml::Element& stanza) { sink_.send(client.id, wire(stanza)); }

std::string XmppHub::open(SessionId session) {
  xmpp::ServerContext context;
  context.domain = options_.domain;
  context.lookup = [this](std::string_view name) -> const xmpp::UserCredentials* {
    const UserAccount* account = users_.find(name);
    return account ? &account->credentials : nullptr;
  };
  context.unknownUserKey = options_.unknownUserKey;
  auto client = std::make_unique<Client>(session, std::move(context));
  const std::string features = xmpp::featuresXml(xmpp::preAuthFeatures(client->sasl->mechanisms()));
  clients_[session] = std::move(client);
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
  if (client->account == nullptr) return authenticate(*client, stanza);
  if (!client->jid) return bindStage(*client, stanza);
  route(*client, std::move(stanza));
}

void XmppHub::endStream(Client& client, std::string_view condition, std::string_view text) {
  const SessionId id = client.id;
  drop(id, true);
  const auto parsed = xmpp::streamErrorConditionFromString(condition);
  sink_.end(id, xmpp::streamErrorXml(parsed.value_or(xmpp::StreamErrorCondition::UndefinedCondition), text));
}

void XmppHub::authenticate(Client& client, const xml::Element& nonza) {
  if (nonza.ns() != xmpp::ns::kSasl) {
    // RFC 6120 6.4.1: nothing but SASL before authentication.
    return endStream(client, "not-authorized", "authenticate first");
  }
  const xmpp::SaslReply answer = client.sasl->handle(nonza);
  sink_.send(client.id, answer.xml);
  if (answer.outcome == xmpp::SaslReply::Outcome::Success) {
    client.account = users_.find(client.sasl->username());
    spdlog::debug("xmpp: {} authenticated", client.sasl->username());
    // With an account set, nothing reaches the SASL server again (receive() and restart()).
    if (client.account != nullptr) client.sasl.reset();
  } else if (answer.outcome == xmpp::SaslReply::Outcome::Failure) {
    spdlog::debug("xmpp: SASL failure: {}", answer.reason);
    if (answer.closeStream) endStream(client, "policy-violation", "too many authentication failures");
  }
}

void XmppHub::bindStage(Client& client, const xml::Element& stanza) {
  if (stanza.name() == "iq" && xmpp::readBindRequest(stanza)) return bind(client, stanza);
  if (stanza.name() == "iq" && xmpp::isSessionRequest(stanza)) return reply(client, xmpp::iqResult(stanza));
  endStream(client, "not-authorized", "bind a resource first");
}

void XmppHub::bind(Client& client, const xml::Element& iq) {
  std::string resource = xmpp::readBindRequest(iq)->resource;
  if (resource.empty()) resource = xmpp::generatedResource();
  const auto jid = xmpp::Jid::make(client.account->name, options_.domain, resource);
  if (!jid) return reply(client, xmpp::errorReply(iq, StanzaErrorCondition::BadRequest, "invalid resource"));
  const std::string full = jid->full();
  if (const auto it = resources_.find(full); it != resources_.end()) {
    // The newer stream wins (as Prosody does); the older one is told why it ends.
    if (Client* older = find(it->second)) endStream(*older, "conflict", "Replaced by new connection");
  }
  client.jid = *jid;
  resources_[full] = client.id;
  reply(client, xmpp::bindResult(iq, *jid));
}

void XmppHub::route(Client& client, xml::Element stanza) {
  // The server stamps the sender: clients cannot speak for anyone else.
  stanza.setAttr("from", client.jid->full());
  const std::string toText = stanza.attrOr("to", "");
  const std::string& name = stanza.name();
  if (name != "iq" && name != "message" && name != "presence") {
    return endStream(client, "unsupported-stanza-type");
  }
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
      std::vector<DiscoItem> rooms;
      for (const auto& room : services_.chats.liveRooms()) rooms.push_back({room, {}, {}});
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
  for (const Recipient& r : targets) {
    xml::Element copy = stanza;
    copy.setAttr("to", r.jid);
    sink_.send(r.session, wire(copy));
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
  rooms_.leaveAll(session, vanished);
  if (client->jid) {
    const auto r = resources_.find(client->jid->full());
    if (r != resources_.end() && r->second == session) resources_.erase(r);
  }
  if (client->account != nullptr) updateRouting(client->account->name);
}

void XmppHub::closed(SessionId session) { drop(session, true); }

void XmppHub::kick(SessionId session, std::string_view condition, std::string_view text) {
  if (Client* client = find(session)) endStream(*client, condition, text);
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
