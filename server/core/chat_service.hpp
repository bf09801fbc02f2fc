#pragma once
// Customer chats: the session behind a JSESSIONID cookie, its room, its event
// log and transcript, its timers, and the agent side that BOSH rooms and the
// lab's virtual agents use. Confined to the core strand.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <unordered_map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/catalog.hpp"
#include "core/contact_book.hpp"
#include "core/journal.hpp"
#include "core/service_limits.hpp"
#include "core/timers.hpp"

namespace smfront::core {

struct NewChat {
  std::int64_t feedId = 0;
  std::string author;
  std::string title;
  std::string description;
  std::vector<std::string> tags;
  std::vector<ExtensionField> extensionFields;
  std::string joinTimeoutDetail;  // the widget's own words for the join timeout, if any
};

struct ChatCreated {
  std::string sessionId;
  Contact contact;
};

struct TranscriptView {
  std::string contactId;
  std::string author;
  std::int64_t startMs = 0;
  std::int64_t endMs = 0;  // 0 while live
  std::vector<ChatParticipant> participants;
  std::vector<TranscriptLine> lines;
};

/// Who is in a live chat's room, for the XMPP rooms that mirror it.
struct RoomOccupancy {
  std::string contactId;
  std::string author;
  bool customerPresent = false;
  std::map<std::string, std::string, std::less<>> agents;  // nick -> account
};

/// Who takes part as an agent: an account and the nick the room shows.
struct AgentIdentity {
  std::string account;
  std::string nick;
  bool isAdmin = false;
};

class ChatService {
 public:
  ChatService(Catalog& catalog, ContactBook& contacts, Bus& bus, const Clock& clock, Timers& timers,
              Journal& journal, std::string xmppDomain);
  ~ChatService();

  /// Takes back what an earlier run stored, after the contacts (before serving
  /// starts): sessions keep working with their cookies and timers re-arm.
  void restore(const Snapshot& snapshot);
  /// With routing = mr: new chats of feeds with mrRouting are handed to `route`
  /// (the MR router's enqueue) instead of waiting for an agent to claim them.
  /// `route` takes each new chat; `hasRoom` says whether it can take one now: a
  /// chat it has no room for is refused (503) before it exists, rather than
  /// created only to be discarded (limits.mr_pending_tasks).
  void routeChatsThrough(std::function<void(const std::string& contactId)> route, std::function<bool()> hasRoom = {}) {
    route_ = std::move(route);
    routeHasRoom_ = std::move(hasRoom);
  }
  /// Live chats and messages per chat beyond these are refused (TooMany, Busy).
  void limitWith(const ServiceLimits& limits) { limits_ = limits; }

  // The customer's side, by session id.
  Outcome<ChatCreated> create(const NewChat& request);
  /// Events with id > afterId; the customer's own messages only when `all`.
  Outcome<std::vector<ChatEvent>> events(std::string_view sessionId, std::int64_t afterId, bool all);
  Outcome<Done> customerMessage(std::string_view sessionId, std::string text);
  Outcome<Done> customerTyping(std::string_view sessionId, bool composing);
  /// The customer leaves the room; with `endSession` the session is gone too.
  Outcome<Done> customerLeave(std::string_view sessionId, bool endSession);
  Outcome<TranscriptView> transcript(std::string_view sessionId);
  Outcome<std::string> author(std::string_view sessionId);

  // The agents' side, by contact id.
  Outcome<Done> agentJoin(std::string_view contactId, const AgentIdentity& agent);
  Outcome<Done> agentMessage(std::string_view contactId, std::string_view nick, std::string text);
  Outcome<Done> agentTyping(std::string_view contactId, std::string_view nick, bool composing);
  Outcome<Done> agentLeave(std::string_view contactId, std::string_view nick);
  /// An agent whose connection vanished without leaving: the customer reads a
  /// transient chat_issue first, then the agent's PresenceEvent left.
  Outcome<Done> agentVanished(std::string_view contactId, std::string_view nick);
  /// A chat still waiting for an agent whose routing had trouble (the MR link was
  /// lost): the customer reads a transient chat_issue; the chat waits on.
  void routingIssue(std::string_view contactId, std::string detail);
  /// The occupants of a live chat; nothing once it ended or when unknown.
  std::optional<RoomOccupancy> occupancy(std::string_view contactId) const;
  /// The contact whose chat has the room JID `room` (e.g. socialminer_chat.7@conference.localhost).
  std::optional<std::string> contactOfRoom(std::string_view room) const;
  /// Room JIDs of every live chat.
  std::vector<std::string> liveRooms() const;
  Outcome<TranscriptView> transcriptOfContact(std::string_view contactId) const;
  /// Lines from `first` on of a chat's transcript, as many whole ones as fit in
  /// `maxChars` of names and texts (always at least one when any is left), so
  /// that a long transcript is copied in pieces and none holds the strand long.
  Outcome<TranscriptView> transcriptPart(std::string_view contactId, std::size_t first, std::size_t maxChars) const;
  /// Lines in a chat's transcript; 0 when there is no chat.
  std::size_t transcriptLines(std::string_view contactId) const;
  bool isLive(std::string_view contactId) const;
  /// Forgets a chat entirely, stored events and lines included (retention).
  void erase(std::string_view contactId);

  std::size_t liveChats() const { return liveCount_; }
  std::size_t waitingChats() const;  // live with no agent yet
  std::size_t sessions() const { return sessions_.size(); }

 private:
  struct Chat;
  Chat* chatOfSession(std::string_view sessionId);
  Chat* chatOfContact(std::string_view contactId);
  const Chat* chatOfContact(std::string_view contactId) const;
  void touchSession(Chat& chat);
  std::int64_t append(Chat& chat, ChatEvent event);
  void writeEventRow(Chat& chat, const ChatEvent& event);
  void restoreEvents(const Table& rows);
  void restoreEvent(Chat& chat, ChatEvent event);
  void announce(const Chat& chat, ChatEvent event);
  void restartInactivity(Chat& chat);
  void armJoinTimer(Chat& chat, std::chrono::milliseconds delay);
  void armInactivityTimer(Chat& chat, std::chrono::milliseconds delay);
  void addLine(Chat& chat, std::string name, std::string text);
  void save(const Chat& chat);
  void endChat(Chat& chat, std::string status, std::string detail, ContactStatus outcome, std::string reason);
  void onContactStatus(const Contact& contact, ContactStatus previous);
  void armSessionTimer(Chat& chat, std::chrono::milliseconds delay);
  void onSessionTimer(const std::string& sessionId);
  TranscriptView viewOf(const Chat& chat) const;

  Catalog& catalog_;
  ContactBook& contacts_;
  Bus& bus_;
  const Clock& clock_;
  Timers& timers_;
  Journal& journal_;
  std::string xmppDomain_;
  std::function<void(const std::string&)> route_;
  std::function<bool()> routeHasRoom_;
  ServiceLimits limits_;
  std::size_t liveCount_ = 0;  // chats with live set: counted, since every create checks it
  std::int64_t nextRoom_ = 1;
  std::int64_t nextEventRow_ = 1;  // the next chat_event row number
  // Hashed: every poll looks its session up, and ids are long random strings.
  struct IdHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view id) const { return std::hash<std::string_view>{}(id); }
  };
  template <class V>
  using ById = std::unordered_map<std::string, V, IdHash, std::equal_to<>>;
  ById<std::unique_ptr<Chat>> chats_;  // by contact id
  ById<std::string> sessions_;         // session id -> contact id
};

}  // namespace smfront::core
