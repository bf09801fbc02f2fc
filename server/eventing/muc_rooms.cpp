#include "eventing/muc_rooms.hpp"

#include <algorithm>

#include "ccp/utc_time.hpp"
#include "eventing/stanzas.hpp"
#include "xmpp/stanza.hpp"

namespace smfront::eventing {

using xmpp::StanzaErrorCondition;

namespace {

// <presence from='room/nick' to='jid'><x muc#user><item .../>[<status code/>]</x></presence>
xml::Element occupantPresence(const std::string& from, const std::string& to, std::string_view affiliation,
                              std::string_view role, bool self, bool unavailable) {
  xml::Element p = clientElement("presence");
  p.setAttr("from", from);
  p.setAttr("to", to);
  if (unavailable) p.setAttr("type", "unavailable");
  xml::Element x("x", std::string(ns::kMucUser));
  xml::Element item("item", std::string(ns::kMucUser));
  item.setAttr("affiliation", std::string(affiliation));
  item.setAttr("role", unavailable ? "none" : std::string(role));
  x.addChild(std::move(item));
  if (self) {
    xml::Element status("status", std::string(ns::kMucUser));
    status.setAttr("code", "110");
    x.addChild(std::move(status));
  }
  p.addChild(std::move(x));
  return p;
}

xml::Element roomMessage(const std::string& from, const std::string& to, std::string_view id) {
  xml::Element m = clientElement("message");
  m.setAttr("from", from);
  m.setAttr("to", to);
  m.setAttr("type", "groupchat");
  if (!id.empty()) m.setAttr("id", std::string(id));
  return m;
}

void addChatState(xml::Element& message, std::string_view state) {
  message.addChild(xml::Element(std::string(state), std::string(ns::kChatStates)));
}

void addBody(xml::Element& message, std::string_view text) {
  xml::Element body = clientElement("body");
  body.addText(text);
  message.addChild(std::move(body));
}

// The XEP-0085 state a message carries, if any.
std::string chatStateOf(const xml::Element& message) {
  for (const auto& child : message.children()) {
    if (child.ns() == ns::kChatStates) return child.name();
  }
  return {};
}

StanzaErrorCondition joinRefusal(const core::Refusal& refusal) {
  switch (refusal.kind) {
    case core::Refusal::Kind::Reserved:
    case core::Refusal::Kind::Forbidden:
    case core::Refusal::Kind::Transition: return StanzaErrorCondition::Forbidden;
    case core::Refusal::Kind::ChatEnded:
    case core::Refusal::Kind::NotFound: return StanzaErrorCondition::ItemNotFound;
    default: return StanzaErrorCondition::NotAllowed;
  }
}

}  // namespace

MucRooms::MucRooms(std::string service, core::ChatService& chats, core::ContactBook& contacts,
                   const core::Clock& clock, SessionSink& sink, HistoryPolicy history)
    : service_(std::move(service)), chats_(chats), contacts_(contacts), clock_(clock), sink_(sink), history_(history) {}

void MucRooms::sendTo(SessionId session, const xml::Element& stanza) { sink_.send(session, wire(stanza)); }

void MucRooms::broadcast(const Room& room, const xml::Element& stanza, SessionId except) {
  for (const auto& [nick, occupant] : room.occupants) {
    if (occupant.session == except) continue;
    xml::Element copy = stanza;
    copy.setAttr("to", occupant.jid);
    sendTo(occupant.session, copy);
  }
}

void MucRooms::offerToAll(const Room& room, const xml::Element& stanza) {
  for (const auto& [nick, occupant] : room.occupants) {
    xml::Element copy = stanza;
    copy.setAttr("to", occupant.jid);
    sink_.offer(occupant.session, wire(copy));
  }
}

MucRooms::Room* MucRooms::roomOf(const std::string& room) {
  const auto it = rooms_.find(room);
  return it == rooms_.end() ? nullptr : &it->second;
}

const std::string* MucRooms::nickOf(const Room& room, SessionId session) const {
  for (const auto& [nick, occupant] : room.occupants) {
    if (occupant.session == session) return &nick;
  }
  return nullptr;
}

void MucRooms::handle(const OccupantIdentity& from, const xml::Element& stanza, const xmpp::Jid& to) {
  const std::string room = to.bareString();
  const std::string type = stanza.attrOr("type", "");
  if (stanza.name() == "presence") {
    if (type == "error") return;
    if (!to.hasResource()) {
      if (type != "unavailable") sendTo(from.session, xmpp::errorReply(stanza, StanzaErrorCondition::JidMalformed));
      return;
    }
    if (type == "unavailable") {
      Room* r = roomOf(room);
      const std::string* nick = r ? nickOf(*r, from.session) : nullptr;
      if (nick != nullptr) return leave(room, *nick, false, &stanza);
      // Not (or no longer) in the room, which may be gone with its chat: the
      // client still waits for its own unavailable presence (XEP-0045 7.14).
      xml::Element self = occupantPresence(to.full(), from.jid.full(), "none", "none", true, true);
      if (const std::string* id = stanza.attr("id")) self.setAttr("id", *id);
      sendTo(from.session, self);
      return;
    }
    if (type.empty()) join(from, stanza, room, to.resource());
    return;  // subscriptions and probes mean nothing to a room
  }
  if (stanza.name() != "message" || type == "error") return;
  if (to.hasResource()) {
    sendTo(from.session, xmpp::errorReply(stanza, StanzaErrorCondition::FeatureNotImplemented,
                                          "private messages are not supported"));
    return;
  }
  if (type != "groupchat") {
    sendTo(from.session, xmpp::errorReply(stanza, StanzaErrorCondition::NotAcceptable));
    return;
  }
  groupchat(from, stanza, room);
}

void MucRooms::join(const OccupantIdentity& from, const xml::Element& presence, const std::string& room,
                    const std::string& nick) {
  auto refuse = [&](StanzaErrorCondition condition, std::string text = {}) {
    xml::Element error = xmpp::errorReply(presence, condition, std::move(text));
    error.addChild(xml::Element("x", std::string(ns::kMuc)));
    sendTo(from.session, error);
  };
  const auto contactId = chats_.contactOfRoom(room);
  const auto occupancy = contactId ? chats_.occupancy(*contactId) : std::nullopt;
  if (!occupancy) return refuse(StanzaErrorCondition::ItemNotFound, "no live chat has this room");
  if (Room* existing = roomOf(room)) {
    if (const std::string* current = nickOf(*existing, from.session)) {
      if (*current != nick) refuse(StanzaErrorCondition::NotAllowed, "nick changes are not supported");
      return;  // a presence update from someone already inside
    }
  }
  if (nick == occupancy->author || occupancy->agents.contains(nick)) {
    return refuse(StanzaErrorCondition::Conflict, "that nick is in use");
  }
  auto joined = chats_.agentJoin(*contactId, {from.account, nick, from.admin});
  if (!joined) return refuse(joinRefusal(joined.refusal()), joined.refusal().message);

  Room& r = rooms_[room];
  r.contactId = *contactId;
  const std::string self = from.jid.full();
  // Occupants already there: the customer first, then the agents.
  if (occupancy->customerPresent) {
    sendTo(from.session, occupantPresence(room + "/" + occupancy->author, self, "none", "participant", false, false));
  }
  for (const auto& [other, account] : occupancy->agents) {
    sendTo(from.session, occupantPresence(room + "/" + other, self, "member", "participant", false, false));
  }
  // Everyone else sees the newcomer; the newcomer sees itself with code 110.
  broadcast(r, occupantPresence(room + "/" + nick, {}, "member", "participant", false, false));
  r.occupants[nick] = Occupant{from.session, self};
  r.xmppNicks.insert(nick);
  roomsOfSession_[from.session].insert(room);
  sendTo(from.session, occupantPresence(room + "/" + nick, self, "member", "participant", true, false));

  // History: the newest messages, marked with when they were said, as many as
  // the client's <history/> and the server's limits allow.
  if (const auto transcript = chats_.transcriptOfContact(*contactId)) {
    sendHistory(from.session, room, self, transcript.value().lines, readHistoryRequest(presence));
  }
  xml::Element subject = roomMessage(room, self, {});
  xml::Element text = clientElement("subject");
  if (const core::Contact* contact = contacts_.find(*contactId)) text.addText(contact->title);
  subject.addChild(std::move(text));
  sendTo(from.session, subject);
}

void MucRooms::sendHistory(SessionId session, const std::string& room, const std::string& to,
                           const std::vector<core::TranscriptLine>& lines, const HistoryRequest& request) {
  // Only the newest lines can be sent: never serialize more than the stanza limit.
  const std::size_t considered = std::min(lines.size(), history_.maxStanzas);
  const std::size_t first = lines.size() - considered;
  std::vector<std::string> stanzas;
  std::vector<HistoryEntry> entries;
  stanzas.reserve(considered);
  entries.reserve(considered);
  for (std::size_t i = first; i < lines.size(); ++i) {
    xml::Element m = roomMessage(room + "/" + lines[i].name, to, {});
    addBody(m, lines[i].text);
    xml::Element delay("delay", std::string(ns::kDelay));
    delay.setAttr("from", room);
    delay.setAttr("stamp", ccp::formatIso8601(lines[i].timeMs));
    m.addChild(std::move(delay));
    stanzas.push_back(wire(m));
    entries.push_back({lines[i].timeMs, stanzas.back().size()});
  }
  const std::size_t count = historyToSend(entries, request, history_, clock_.nowMs());
  for (std::size_t i = stanzas.size() - count; i < stanzas.size(); ++i) sink_.offer(session, std::move(stanzas[i]));
}

// Takes the nick by value: callers pass the key of the occupant map it erases.
void MucRooms::leave(const std::string& room, std::string nick, bool vanished, const xml::Element* request) {
  Room* r = roomOf(room);
  if (r == nullptr) return;
  const auto it = r->occupants.find(nick);
  if (it == r->occupants.end()) return;
  const Occupant occupant = it->second;
  r->occupants.erase(it);
  if (auto s = roomsOfSession_.find(occupant.session); s != roomsOfSession_.end()) {
    s->second.erase(room);
    if (s->second.empty()) roomsOfSession_.erase(s);
  }
  const std::string contactId = r->contactId;
  broadcast(*r, occupantPresence(room + "/" + nick, {}, "member", "none", false, true));
  if (!vanished) {
    xml::Element self = occupantPresence(room + "/" + nick, occupant.jid, "member", "none", true, true);
    if (request != nullptr) {
      if (const std::string* id = request->attr("id")) self.setAttr("id", *id);
    }
    sendTo(occupant.session, self);
  }
  if (r->occupants.empty()) rooms_.erase(room);  // r is gone from here on
  // Last: the chat service may end the chat, whose ChatEnded finds the room as it is now.
  if (vanished) {
    (void)chats_.agentVanished(contactId, nick);
  } else {
    (void)chats_.agentLeave(contactId, nick);
  }
}

void MucRooms::leaveAll(SessionId session, bool vanished) {
  const auto it = roomsOfSession_.find(session);
  if (it == roomsOfSession_.end()) return;
  const std::set<std::string> rooms = it->second;
  for (const auto& room : rooms) {
    Room* r = roomOf(room);
    const std::string* nick = r ? nickOf(*r, session) : nullptr;
    if (nick != nullptr) leave(room, std::string(*nick), vanished, nullptr);
  }
  roomsOfSession_.erase(session);
}

void MucRooms::groupchat(const OccupantIdentity& from, const xml::Element& message, const std::string& room) {
  Room* r = roomOf(room);
  const std::string* nickPtr = r ? nickOf(*r, from.session) : nullptr;
  if (nickPtr == nullptr) {
    sendTo(from.session, xmpp::errorReply(message, StanzaErrorCondition::NotAcceptable, "join the room first"));
    return;
  }
  const std::string nick = *nickPtr;
  const std::string contactId = r->contactId;
  if (message.child("subject") != nullptr) {
    sendTo(from.session, xmpp::errorReply(message, StanzaErrorCondition::Forbidden, "the subject is the contact's title"));
    return;
  }
  const std::string state = chatStateOf(message);
  const xml::Element* body = message.child("body");
  if (body != nullptr) {
    auto said = chats_.agentMessage(contactId, nick, body->text());
    if (!said) {
      sendTo(from.session, xmpp::errorReply(message, StanzaErrorCondition::NotAcceptable, said.refusal().message));
      return;
    }
    // Reflected to every occupant, the sender included, with the sender's id.
    xml::Element reflected = roomMessage(room + "/" + nick, {}, message.attrOr("id", ""));
    addBody(reflected, body->text());
    if (!state.empty()) addChatState(reflected, state);
    if (Room* still = roomOf(room)) broadcast(*still, reflected);
    return;
  }
  if (state.empty()) return;
  (void)chats_.agentTyping(contactId, nick, state == "composing");
  xml::Element notice = roomMessage(room + "/" + nick, {}, message.attrOr("id", ""));
  addChatState(notice, state);
  if (Room* still = roomOf(room)) broadcast(*still, notice, from.session);
}

void MucRooms::onChatActivity(const core::ChatActivity& activity) {
  Room* r = roomOf(activity.room);
  if (r == nullptr) return;
  const core::ChatEvent& e = activity.event;
  // What XMPP occupants did was reflected when they did it.
  if (!e.byCustomer && r->xmppNicks.contains(e.from)) return;
  const std::string from = activity.room + "/" + e.from;
  switch (e.kind) {
    // What the customer says is offered, not forced: a customer flooding the
    // room costs the agents messages (the transcript keeps them), never their sessions.
    case core::ChatEvent::Kind::Message: {
      xml::Element m = roomMessage(from, {}, {});
      addBody(m, e.value);
      addChatState(m, "active");
      offerToAll(*r, m);
      break;
    }
    case core::ChatEvent::Kind::Typing: {
      xml::Element m = roomMessage(from, {}, {});
      addChatState(m, e.value == "composing" ? "composing" : "paused");
      offerToAll(*r, m);
      break;
    }
    case core::ChatEvent::Kind::Presence: {
      const bool left = e.value == "left";
      broadcast(*r, occupantPresence(from, {}, e.byCustomer ? "none" : "member", "participant", false, left));
      break;
    }
    case core::ChatEvent::Kind::Status: break;
  }
}

void MucRooms::onChatEnded(const core::ChatEnded& ended) {
  const auto it = rooms_.find(ended.room);
  if (it == rooms_.end()) return;
  for (const auto& [nick, occupant] : it->second.occupants) {
    xml::Element p = occupantPresence(ended.room + "/" + nick, occupant.jid, "none", "none", true, true);
    p.child("x", ns::kMucUser)->addChild(xml::Element("destroy", std::string(ns::kMucUser)));
    sendTo(occupant.session, p);
    if (auto s = roomsOfSession_.find(occupant.session); s != roomsOfSession_.end()) {
      s->second.erase(ended.room);
      if (s->second.empty()) roomsOfSession_.erase(s);
    }
  }
  rooms_.erase(it);
}

std::vector<std::string> MucRooms::occupiedRooms() const {
  std::vector<std::string> out;
  for (const auto& [room, _] : rooms_) out.push_back(room);
  return out;
}

std::optional<std::string> MucRooms::titleOf(const std::string& room) const {
  const auto contactId = chats_.contactOfRoom(room);
  if (!contactId || !chats_.isLive(*contactId)) return std::nullopt;
  const core::Contact* contact = contacts_.find(*contactId);
  return contact ? std::optional<std::string>(contact->title) : std::nullopt;
}

}  // namespace smfront::eventing
