#include "eventing/pubsub_service.hpp"

#include <algorithm>
#include <charconv>

#include "eventing/stanzas.hpp"
#include "telemetry/rate_limited_log.hpp"
#include "xml/writer.hpp"
#include "xmpp/stanza.hpp"

namespace smfront::eventing {

using xmpp::StanzaErrorCondition;

namespace {

std::string subIdOf(std::uint64_t n) {
  char buf[20];
  const auto end = std::to_chars(buf, buf + sizeof buf, n, 16).ptr;
  return "sub-" + std::string(buf, end);
}

xml::Element subscriptionElement(std::string_view node, const std::string& jid, const std::string& subid,
                                 std::string_view state) {
  xml::Element e("subscription", std::string(ns::kPubsub));
  e.setAttr("node", std::string(node));
  e.setAttr("jid", jid);
  if (!subid.empty()) e.setAttr("subid", subid);
  e.setAttr("subscription", std::string(state));
  return e;
}

}  // namespace

PubsubService::PubsubService(std::string service, CampaignExists campaignExists, RecipientLookup recipients,
                             SessionSink& sink, PubsubLimits limits)
    : service_(std::move(service)),
      campaignExists_(std::move(campaignExists)),
      recipients_(std::move(recipients)),
      sink_(sink),
      limits_(limits),
      limitLog_(std::make_unique<telemetry::RateLimitedLog>()) {
  node(kChatNode);
  node(kEventingInfoNode);
}

PubsubService::~PubsubService() = default;

void PubsubService::forgetSubscription(const std::string& jid) {
  const auto parsed = xmpp::Jid::parse(jid);
  const auto it = parsed ? subscriptionsOfUser_.find(parsed->bareString()) : subscriptionsOfUser_.end();
  if (it != subscriptionsOfUser_.end() && --it->second == 0) subscriptionsOfUser_.erase(it);
}

bool PubsubService::nodeExists(std::string_view name) const {
  if (name == kChatNode || name == kEventingInfoNode) return true;
  if (name.starts_with(kCampaignNodePrefix)) {
    const std::string_view publicId = name.substr(kCampaignNodePrefix.size());
    return !publicId.empty() && campaignExists_ && campaignExists_(publicId);
  }
  return false;
}

PubsubService::Node& PubsubService::node(std::string_view name) {
  auto it = nodes_.find(name);
  if (it == nodes_.end()) it = nodes_.emplace(std::string(name), Node{}).first;
  return it->second;
}

void PubsubService::reply(SessionId session, const xml::Element& stanza) { sink_.send(session, wire(stanza)); }

void PubsubService::handleIq(const xmpp::Jid& from, SessionId session, const xml::Element& iq) {
  const std::string type = iq.attrOr("type", "");
  if (type != "get" && type != "set") return;  // results and errors need no answer
  if (iq.child("pubsub", ns::kPubsubOwner) != nullptr) {
    reply(session, xmpp::errorReply(iq, StanzaErrorCondition::Forbidden, "only the server manages nodes"));
    return;
  }
  const xml::Element* pubsub = iq.child("pubsub", ns::kPubsub);
  if (pubsub == nullptr) {
    reply(session, xmpp::errorReply(iq, StanzaErrorCondition::ServiceUnavailable));
    return;
  }
  const auto requests = pubsub->children();
  const auto first = requests.begin();
  if (first == requests.end()) {
    reply(session, xmpp::errorReply(iq, StanzaErrorCondition::BadRequest));
    return;
  }
  const xml::Element& request = *first;
  const std::string& verb = request.name();
  if (verb == "subscribe" && type == "set") return subscribe(from, session, iq, request);
  if (verb == "unsubscribe" && type == "set") return unsubscribe(from, session, iq, request);
  if (verb == "subscriptions" && type == "get") return listSubscriptions(from, session, iq, request);
  if (verb == "items" && type == "get") return items(session, iq, request);
  if (verb == "publish" || verb == "retract" || verb == "create" || verb == "delete" || verb == "purge") {
    reply(session, xmpp::errorReply(iq, StanzaErrorCondition::Forbidden, "only the server publishes"));
    return;
  }
  reply(session, errorReplyWith(iq, StanzaErrorCondition::FeatureNotImplemented, "unsupported", ns::kPubsubErrors));
}

void PubsubService::subscribe(const xmpp::Jid& from, SessionId session, const xml::Element& iq,
                              const xml::Element& request) {
  const std::string nodeName = request.attrOr("node", "");
  const auto jid = xmpp::Jid::parse(request.attrOr("jid", ""));
  if (!jid || jid->bare() != from.bare()) {
    reply(session, errorReplyWith(iq, StanzaErrorCondition::BadRequest, "invalid-jid", ns::kPubsubErrors));
    return;
  }
  if (nodeName.empty()) {
    reply(session, errorReplyWith(iq, StanzaErrorCondition::NotAcceptable, "nodeid-required", ns::kPubsubErrors));
    return;
  }
  if (!nodeExists(nodeName)) {
    reply(session, xmpp::errorReply(iq, StanzaErrorCondition::ItemNotFound));
    return;
  }
  Node& n = node(nodeName);
  const std::string jidText = jid->full();
  auto it = std::find_if(n.subscriptions.begin(), n.subscriptions.end(),
                         [&](const Subscription& s) { return s.jid == jidText; });
  if (it == n.subscriptions.end()) {
    std::size_t& held = subscriptionsOfUser_[jid->bareString()];
    if (held >= limits_.subscriptionsPerUser) {
      count(limits_.metrics.subscriptionsRefused);
      (*limitLog_)("pubsub: {} holds {} subscriptions, the most a user may; refused another", jid->bareString(), held);
      // XEP-0060 16.4 (pubsub#errors): too-many-subscriptions goes with not-allowed.
      reply(session, errorReplyWith(iq, StanzaErrorCondition::NotAllowed, "too-many-subscriptions", ns::kPubsubErrors));
      return;
    }
    ++held;
    n.subscriptions.push_back({jidText, subIdOf(nextSubId_++)});
    it = std::prev(n.subscriptions.end());
  }
  xml::Element payload("pubsub", std::string(ns::kPubsub));
  payload.addChild(subscriptionElement(nodeName, it->jid, it->subid, "subscribed"));
  reply(session, xmpp::iqResult(iq, std::move(payload)));
}

void PubsubService::unsubscribe(const xmpp::Jid& from, SessionId session, const xml::Element& iq,
                                const xml::Element& request) {
  const std::string nodeName = request.attrOr("node", "");
  const auto jid = xmpp::Jid::parse(request.attrOr("jid", ""));
  if (!jid || jid->bare() != from.bare()) {
    reply(session, errorReplyWith(iq, StanzaErrorCondition::BadRequest, "invalid-jid", ns::kPubsubErrors));
    return;
  }
  if (!nodeExists(nodeName)) {
    reply(session, xmpp::errorReply(iq, StanzaErrorCondition::ItemNotFound));
    return;
  }
  Node& n = node(nodeName);
  const std::string jidText = jid->full();
  const std::string subid = request.attrOr("subid", "");
  const auto removed = std::erase_if(n.subscriptions, [&](const Subscription& s) {
    const bool match = s.jid == jidText && (subid.empty() || s.subid == subid);
    if (match) forgetSubscription(s.jid);
    return match;
  });
  if (removed == 0) {
    reply(session, errorReplyWith(iq, StanzaErrorCondition::UnexpectedRequest, "not-subscribed", ns::kPubsubErrors));
    return;
  }
  reply(session, xmpp::iqResult(iq));
}

void PubsubService::listSubscriptions(const xmpp::Jid& from, SessionId session, const xml::Element& iq,
                                      const xml::Element& request) {
  const std::string only = request.attrOr("node", "");
  xml::Element list("subscriptions", std::string(ns::kPubsub));
  for (const auto& [name, n] : nodes_) {
    if (!only.empty() && name != only) continue;
    for (const auto& s : n.subscriptions) {
      const auto jid = xmpp::Jid::parse(s.jid);
      if (jid && jid->bare() == from.bare()) list.addChild(subscriptionElement(name, s.jid, s.subid, "subscribed"));
    }
  }
  xml::Element payload("pubsub", std::string(ns::kPubsub));
  payload.addChild(std::move(list));
  reply(session, xmpp::iqResult(iq, std::move(payload)));
}

void PubsubService::items(SessionId session, const xml::Element& iq, const xml::Element& request) {
  const std::string nodeName = request.attrOr("node", "");
  if (!nodeExists(nodeName)) {
    reply(session, xmpp::errorReply(iq, StanzaErrorCondition::ItemNotFound));
    return;
  }
  const Node& n = node(nodeName);
  std::size_t count = n.items.size();
  if (const std::string* max = request.attr("max_items")) {
    std::size_t wanted = 0;
    const auto [ptr, ec] = std::from_chars(max->data(), max->data() + max->size(), wanted);
    if (ec != std::errc{} || ptr != max->data() + max->size()) {
      reply(session, xmpp::errorReply(iq, StanzaErrorCondition::BadRequest, "max_items must be a number"));
      return;
    }
    count = std::min(count, wanted);
  }
  // The items travel as text inside a tree: build the answer with the writer.
  xml::Writer w;
  w.open("iq", "jabber:client").attr("type", "result");
  if (const std::string* id = iq.attr("id")) w.attr("id", *id);
  if (const std::string* to = iq.attr("from")) w.attr("to", *to);
  w.attr("from", service_);
  w.open("pubsub", ns::kPubsub).open("items").attr("node", nodeName);
  // The newest items that fit in one answer, in their order.
  auto first = n.items.end();
  std::size_t bytes = 0;
  while (count > 0 && first != n.items.begin() && bytes + std::prev(first)->payload.size() <= kMaxItemsAnswerBytes) {
    --first;
    --count;
    bytes += first->payload.size();
  }
  for (auto it = first; it != n.items.end(); ++it) {
    w.open("item").attr("id", it->id).raw(it->payload).close();
  }
  w.closeAll();
  sink_.send(session, w.take());
}

void PubsubService::publish(std::string_view nodeName, const std::string& itemId, const std::string& payload) {
  Node& n = node(nodeName);
  // One item per contact: the newest state replaces the older one.
  std::erase_if(n.items, [&](const Item& item) { return item.id == itemId; });
  if (payload.size() > kMaxItemBytes) {
    // Sent to nobody, so that no subscriber's session fills up with it; counted
    // once per subscriber that goes without it.
    for (const auto& s : n.subscriptions) {
      if (const auto jid = xmpp::Jid::parse(s.jid)) {
        for (std::size_t i = recipients_(*jid).size(); i > 0; --i) count(limits_.metrics.stanzasDropped);
      }
    }
    (*limitLog_)("pubsub: item {} of node {} is {} bytes; not sent", itemId, nodeName, payload.size());
    return;
  }
  n.items.push_back({itemId, payload});
  while (n.items.size() > kItemsPerNode) n.items.pop_front();
  xml::Writer w;
  w.open("event", ns::kPubsubEvent).open("items").attr("node", nodeName).open("item").attr("id", itemId);
  w.raw(payload).closeAll();
  notify(n, w.take());
}

void PubsubService::deleteNode(std::string_view nodeName) {
  const auto it = nodes_.find(nodeName);
  if (it == nodes_.end()) return;
  xml::Writer w;
  w.open("event", ns::kPubsubEvent).open("delete").attr("node", nodeName).closeAll();
  notify(it->second, w.take());
  for (const auto& s : it->second.subscriptions) forgetSubscription(s.jid);
  nodes_.erase(it);
}

void PubsubService::notify(const Node& n, const std::string& body) {
  for (const auto& s : n.subscriptions) {
    const auto jid = xmpp::Jid::parse(s.jid);
    if (!jid) continue;
    for (const Recipient& r : recipients_(*jid)) {
      // Only the start tag differs per subscriber: write it, then copy the event in
      // once into a buffer of the final size (growing it bit by bit through the
      // writer cost several reallocations per subscriber on a 10,000-way fan-out).
      xml::Writer w;
      w.open("message", "jabber:client").attr("from", service_).attr("to", r.jid);
      w.attr("id", "n" + std::to_string(nextMessageId_++));
      const std::string start = w.take();  // ends the start tag
      static constexpr std::string_view kEnd = "</message>";
      std::string stanza;
      stanza.reserve(start.size() + body.size() + kEnd.size());
      stanza.append(start).append(body).append(kEnd);
      sink_.offer(r.session, std::move(stanza));
    }
  }
}

std::vector<std::string> PubsubService::nodes() const {
  std::vector<std::string> out;
  for (const auto& [name, _] : nodes_) {
    if (nodeExists(name)) out.push_back(name);
  }
  return out;
}

std::size_t PubsubService::subscriptionCount() const {
  std::size_t n = 0;
  for (const auto& [_, node] : nodes_) n += node.subscriptions.size();
  return n;
}

}  // namespace smfront::eventing
