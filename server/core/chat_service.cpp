// Theory of operation
//
// A chat lives from its creation until its contact is gone; its session (the
// customer's cookie) may end earlier. Three timers, in the contract's model:
//   join        from creation until the first agent enters; on expiry the chat
//               ends with chat_timedout_waiting_for_agent, contact discarded.
//   inactivity  while an agent is in the room, restarted by every message or
//               typing change of either side; on expiry chat_finished_error,
//               contact handled.
//   session     restarted by every customer request; on expiry the customer
//               leaves and the session is forgotten (later calls: not found).
// A chat ends when a timer says so, when the customer leaves, when the last
// agent leaves, or when an agent or admin discards the contact; after that the
// log and transcript stay readable but nothing more can be said.
#include "core/chat_service.hpp"

#include <algorithm>
#include <charconv>

#include "core/ids.hpp"
#include "core/records.hpp"

namespace smfront::core {

namespace {
constexpr std::string_view kStatusOk = "chat_ok";
constexpr std::string_view kStatusRejected = "chat_request_rejected_by_agent";
constexpr std::string_view kStatusJoinTimeout = "chat_timedout_waiting_for_agent";
constexpr std::string_view kStatusFinishedError = "chat_finished_error";
constexpr std::string_view kStatusIssue = "chat_issue";

Refusal noSession() {
  return Refusal{Refusal::Kind::NotFound, "JSESSIONID", "no chat session: it ended, expired or never existed"};
}
Refusal noChat(std::string_view contactId) {
  return Refusal{Refusal::Kind::NotFound, "id", "no chat for contact " + std::string(contactId)};
}
Refusal ended() { return Refusal{Refusal::Kind::ChatEnded, "chat", "the chat has ended"}; }
constexpr std::string_view kLiveChatsLimit = "live_chats";
constexpr std::string_view kMessagesPerChatLimit = "messages_per_chat";

ChatEvent make(ChatEvent::Kind kind, std::string from, std::string value, bool byCustomer = false) {
  ChatEvent e;
  e.kind = kind;
  e.from = std::move(from);
  e.value = std::move(value);
  e.byCustomer = byCustomer;
  return e;
}
}  // namespace

struct ChatService::Chat {
  std::string contactId;
  std::string sessionId;  // empty once the session is gone
  std::string author;
  std::string room;
  std::vector<ChatEvent> log;
  std::vector<std::int64_t> eventRows;  // the store rows of `log`, to erase them with the chat
  std::int64_t nextEventId = 1;
  std::vector<TranscriptLine> transcript;
  std::int64_t startMs = 0;
  std::int64_t endMs = 0;
  std::vector<ChatParticipant> participants;  // everyone who ever joined
  std::map<std::string, std::string, std::less<>> inRoom;  // nick -> account
  std::map<std::string, bool, std::less<>> agentComposing;  // nick -> composing, to suppress repeats
  bool customerPresent = true;
  std::size_t customerMessages = 0;
  bool everJoined = false;
  bool live = true;
  std::chrono::milliseconds joinTimeout{60000};
  std::chrono::milliseconds inactivityTimeout{300000};
  std::string joinDetail;
  TimerHandle joinTimer;
  TimerHandle inactivityTimer;
  TimerHandle sessionTimer;
  std::int64_t lastRequestMs = 0;
  std::int64_t activityMs = 0;  // the inactivity timer's last restart
};

ChatService::ChatService(Catalog& catalog, ContactBook& contacts, Bus& bus, const Clock& clock, Timers& timers,
                         Journal& journal, std::string xmppDomain)
    : catalog_(catalog),
      contacts_(contacts),
      bus_(bus),
      clock_(clock),
      timers_(timers),
      journal_(journal),
      xmppDomain_(std::move(xmppDomain)) {
  contacts_.addStatusObserver(
      [this](const Contact& c, ContactStatus previous, const Actor&) { onContactStatus(c, previous); });
}

ChatService::~ChatService() = default;

Outcome<ChatCreated> ChatService::create(const NewChat& request) {
  const Feed* feed = catalog_.feed(request.feedId);
  if (feed == nullptr) {
    return Refusal{Refusal::Kind::InvalidValue, "feedRefURL", "no feed " + std::to_string(request.feedId)};
  }
  if (feed->type != FeedType::Chat) {
    return Refusal{Refusal::Kind::InvalidValue, "feedRefURL",
                   "feed " + std::to_string(request.feedId) + " is not a chat feed (type 8)"};
  }
  if (liveCount_ >= limits_.liveChats) {
    if (limits_.reached) limits_.reached(kLiveChatsLimit);
    return Refusal{Refusal::Kind::Busy, "chat",
                   "the server holds as many live chats as it may (" + std::to_string(limits_.liveChats) +
                       "); try again later",
                   limits_.retryAfterS};
  }
  if (routeHasRoom_ && !routeHasRoom_()) {
    if (limits_.reached) limits_.reached("mr_pending_tasks");
    return Refusal{Refusal::Kind::Busy, "chat", "as many contacts wait to be sent to CCE as the server takes; try again later",
                   limits_.retryAfterS};
  }

  Contact contact = newContactOf(*feed, SourceType::Chat, request.author, request.title, request.description,
                                 request.tags, request.extensionFields);
  auto chat = std::make_unique<Chat>();
  chat->contactId = contact.id;
  chat->sessionId = newSessionId();
  chat->author = request.author;
  chat->room = "socialminer_chat." + std::to_string(nextRoom_++) + "@conference." + xmppDomain_;
  journal_.put(records::kCounters, "room", records::encodeCounter(nextRoom_));
  chat->startMs = clock_.nowMs();
  chat->joinTimeout = std::chrono::seconds(feed->chatJoinTimeoutS);
  chat->inactivityTimeout = std::chrono::seconds(feed->chatInactivityTimeoutS);
  chat->joinDetail = request.joinTimeoutDetail.empty()
                         ? "No agent joined within " + std::to_string(feed->chatJoinTimeoutS) + " seconds"
                         : request.joinTimeoutDetail;

  std::erase_if(contact.extensionFields, [](const auto& f) { return f.name == "h_chatRoom" || f.name == "chatRoom"; });
  contact.extensionFields.push_back({"h_chatRoom", chat->room});
  contact.extensionFields.push_back({"chatRoom", chat->room});

  Chat& c = *chat;
  ++liveCount_;
  sessions_.emplace(c.sessionId, c.contactId);
  chats_.emplace(c.contactId, std::move(chat));
  append(c, make(ChatEvent::Kind::Status, {}, std::string(kStatusOk)));
  armJoinTimer(c, c.joinTimeout);
  touchSession(c);
  save(c);
  const std::string contactId = contacts_.add(std::move(contact)).id;
  if (feed->mrRouting && route_) route_(contactId);  // queued: CCE picks the agent
  return ChatCreated{c.sessionId, *contacts_.find(contactId)};
}

ChatService::Chat* ChatService::chatOfSession(std::string_view sessionId) {
  const auto it = sessions_.find(sessionId);
  return it == sessions_.end() ? nullptr : chatOfContact(it->second);
}

ChatService::Chat* ChatService::chatOfContact(std::string_view contactId) {
  const auto it = chats_.find(contactId);
  return it == chats_.end() ? nullptr : it->second.get();
}

const ChatService::Chat* ChatService::chatOfContact(std::string_view contactId) const {
  const auto it = chats_.find(contactId);
  return it == chats_.end() ? nullptr : it->second.get();
}

// Widgets poll every few seconds; re-arming a timer on each poll would cost
// more than the poll. The session keeps the time of its last request, and one
// timer checks it when it fires, re-arming itself for the remainder.
void ChatService::touchSession(Chat& chat) {
  chat.lastRequestMs = clock_.nowMs();
  if (!chat.sessionTimer.armed()) armSessionTimer(chat, chat.inactivityTimeout);
}

void ChatService::armSessionTimer(Chat& chat, std::chrono::milliseconds delay) {
  chat.sessionTimer = timers_.after(delay, [this, id = chat.sessionId] { onSessionTimer(id); });
}

void ChatService::onSessionTimer(const std::string& sessionId) {
  Chat* chat = chatOfSession(sessionId);
  if (chat == nullptr) return;
  const std::chrono::milliseconds idle{clock_.nowMs() - chat->lastRequestMs};
  if (idle < chat->inactivityTimeout) {
    armSessionTimer(*chat, chat->inactivityTimeout - idle);
    return;
  }
  (void)customerLeave(sessionId, true);
}

void ChatService::armJoinTimer(Chat& chat, std::chrono::milliseconds delay) {
  chat.joinTimer = timers_.after(delay, [this, id = chat.contactId] {
    if (Chat* t = chatOfContact(id); t && t->live && !t->everJoined) {
      endChat(*t, std::string(kStatusJoinTimeout), t->joinDetail, ContactStatus::Discarded,
              std::string(kStatusJoinTimeout));
    }
  });
}

// One stored row per event, and nothing else: the chat's own record changes
// only when its state does (joins, leaves, the end), since a message is the
// hot path and every row is a page written. Rows are numbered in append order
// across all chats, so a commit of many messages adds to the end of one page
// rather than to one page per chat. The next event id and the last activity
// are read back from the events on restore.
std::int64_t ChatService::append(Chat& chat, ChatEvent event) {
  event.id = chat.nextEventId++;
  event.timeMs = clock_.nowMs();
  writeEventRow(chat, event);
  chat.log.push_back(event);
  announce(chat, std::move(event));
  return chat.log.back().id;
}

void ChatService::writeEventRow(Chat& chat, const ChatEvent& event) {
  const std::int64_t row = nextEventRow_++;
  chat.eventRows.push_back(row);
  journal_.put(records::kChatEvents, records::padded(row), records::encode(records::ChatEventRow{chat.contactId, event}));
}

// Transcript lines are the chat's message events, so they are not stored apart.
void ChatService::addLine(Chat& chat, std::string name, std::string text) {
  chat.transcript.push_back({clock_.nowMs(), std::move(name), std::move(text)});
}

void ChatService::announce(const Chat& chat, ChatEvent event) {
  bus_.publish(ChatActivity{chat.contactId, chat.room, std::move(event)});
}

void ChatService::restartInactivity(Chat& chat) {
  if (chat.inRoom.empty() || !chat.live) return;
  chat.activityMs = clock_.nowMs();
  armInactivityTimer(chat, chat.inactivityTimeout);
}

void ChatService::armInactivityTimer(Chat& chat, std::chrono::milliseconds delay) {
  chat.inactivityTimer = timers_.after(delay, [this, id = chat.contactId] {
    if (Chat* t = chatOfContact(id); t && t->live) {
      endChat(*t, std::string(kStatusFinishedError), "inactivity timeout", ContactStatus::Handled,
              "externally_handled");
    }
  });
}

Outcome<std::vector<ChatEvent>> ChatService::events(std::string_view sessionId, std::int64_t afterId, bool all) {
  Chat* chat = chatOfSession(sessionId);
  if (chat == nullptr) return noSession();
  touchSession(*chat);
  std::vector<ChatEvent> out;
  // Ids increase along the log, so the new ones are a suffix.
  auto first = std::upper_bound(chat->log.begin(), chat->log.end(), afterId,
                                [](std::int64_t id, const ChatEvent& e) { return id < e.id; });
  for (auto it = first; it != chat->log.end(); ++it) {
    if (!all && it->byCustomer) continue;
    out.push_back(*it);
  }
  return out;
}

Outcome<Done> ChatService::customerMessage(std::string_view sessionId, std::string text) {
  Chat* chat = chatOfSession(sessionId);
  if (chat == nullptr) return noSession();
  touchSession(*chat);
  if (!chat->live || !chat->customerPresent) return ended();
  if (chat->customerMessages >= limits_.messagesPerChat) {
    if (limits_.reached) limits_.reached(kMessagesPerChatLimit);
    // Waiting does not help: the chat has had its say. Hence no Retry-After.
    return Refusal{Refusal::Kind::TooMany, "body",
                   "this chat has reached its " + std::to_string(limits_.messagesPerChat) + " customer messages"};
  }
  ++chat->customerMessages;
  addLine(*chat, chat->author, text);
  append(*chat, make(ChatEvent::Kind::Message, chat->author, std::move(text), true));
  restartInactivity(*chat);
  return Done{};
}

Outcome<Done> ChatService::customerTyping(std::string_view sessionId, bool composing) {
  Chat* chat = chatOfSession(sessionId);
  if (chat == nullptr) return noSession();
  touchSession(*chat);
  if (!chat->live || !chat->customerPresent) return ended();
  announce(*chat, make(ChatEvent::Kind::Typing, chat->author, composing ? "composing" : "paused", true));
  restartInactivity(*chat);
  return Done{};
}

Outcome<Done> ChatService::customerLeave(std::string_view sessionId, bool endSession) {
  Chat* chat = chatOfSession(sessionId);
  if (chat == nullptr) return noSession();
  if (chat->customerPresent) {
    chat->customerPresent = false;
    announce(*chat, make(ChatEvent::Kind::Presence, chat->author, "left", true));
    if (chat->live) {
      const bool helped = chat->everJoined;
      endChat(*chat, {}, {}, helped ? ContactStatus::Handled : ContactStatus::Discarded,
              helped ? "externally_handled" : "unknown");
    }
    save(*chat);
  }
  if (endSession) {
    sessions_.erase(std::string(sessionId));
    chat->sessionId.clear();
    chat->sessionTimer.reset();
    save(*chat);
  } else {
    touchSession(*chat);
  }
  return Done{};
}

Outcome<std::string> ChatService::author(std::string_view sessionId) {
  Chat* chat = chatOfSession(sessionId);
  if (chat == nullptr) return noSession();
  return chat->author;
}

TranscriptView ChatService::viewOf(const Chat& chat) const {
  return TranscriptView{chat.contactId, chat.author, chat.startMs, chat.endMs, chat.participants, chat.transcript};
}

Outcome<TranscriptView> ChatService::transcript(std::string_view sessionId) {
  Chat* chat = chatOfSession(sessionId);
  if (chat == nullptr) return noSession();
  touchSession(*chat);
  return viewOf(*chat);
}

Outcome<TranscriptView> ChatService::transcriptOfContact(std::string_view contactId) const {
  const Chat* chat = chatOfContact(contactId);
  if (chat == nullptr) return noChat(contactId);
  return viewOf(*chat);
}

Outcome<TranscriptView> ChatService::transcriptPart(std::string_view contactId, std::size_t first,
                                                    std::size_t maxChars) const {
  const Chat* chat = chatOfContact(contactId);
  if (chat == nullptr) return noChat(contactId);
  TranscriptView part{chat->contactId, chat->author, chat->startMs, chat->endMs, chat->participants, {}};
  std::size_t chars = 0;
  for (std::size_t i = first; i < chat->transcript.size(); ++i) {
    const TranscriptLine& line = chat->transcript[i];
    chars += line.name.size() + line.text.size();
    if (chars > maxChars && !part.lines.empty()) break;
    part.lines.push_back(line);
  }
  return part;
}

std::size_t ChatService::transcriptLines(std::string_view contactId) const {
  const Chat* chat = chatOfContact(contactId);
  return chat == nullptr ? 0 : chat->transcript.size();
}

bool ChatService::isLive(std::string_view contactId) const {
  const Chat* chat = chatOfContact(contactId);
  return chat != nullptr && chat->live;
}

Outcome<Done> ChatService::agentJoin(std::string_view contactId, const AgentIdentity& agent) {
  Chat* chat = chatOfContact(contactId);
  if (chat == nullptr) return noChat(contactId);
  if (!chat->live) return ended();
  if (chat->inRoom.contains(agent.nick)) return Done{};
  const Contact* contact = contacts_.find(contactId);
  if (contact == nullptr) return noChat(contactId);
  // Joining claims an unread or queued contact; one reserved by someone else
  // admits only administrators.
  if (contact->status != ContactStatus::Reserved) {
    auto claimed = contacts_.setStatus(contactId, ContactStatus::Reserved, "unknown",
                                       Actor{.isServer = false, .userName = agent.account, .isAdmin = agent.isAdmin,
                                             .currentStatusUserId = {}});
    if (!claimed) return claimed.refusal();
  } else if (!agent.isAdmin && contact->statusUserId != agent.account) {
    return Refusal{Refusal::Kind::Reserved, "status", "the contact is reserved by " + contact->statusUserId};
  }
  chat = chatOfContact(contactId);  // a status observer may not end it, but stay safe
  if (chat == nullptr || !chat->live) return ended();
  chat->inRoom.emplace(agent.nick, agent.account);
  const bool known = std::any_of(chat->participants.begin(), chat->participants.end(),
                                 [&](const auto& p) { return p.agentName == agent.account && p.nickName == agent.nick; });
  if (!known) chat->participants.push_back({agent.account, agent.nick});
  chat->everJoined = true;
  chat->joinTimer.reset();
  append(*chat, make(ChatEvent::Kind::Presence, agent.nick, "joined"));
  save(*chat);
  restartInactivity(*chat);
  return Done{};
}

Outcome<Done> ChatService::agentMessage(std::string_view contactId, std::string_view nick, std::string text) {
  Chat* chat = chatOfContact(contactId);
  if (chat == nullptr) return noChat(contactId);
  if (!chat->live) return ended();
  if (!chat->inRoom.contains(nick)) {
    return Refusal{Refusal::Kind::Forbidden, "nick", std::string(nick) + " is not in the room"};
  }
  addLine(*chat, std::string(nick), text);
  append(*chat, make(ChatEvent::Kind::Message, std::string(nick), std::move(text)));
  // A message ends composing without a separate paused state from the agent.
  if (auto it = chat->agentComposing.find(std::string(nick)); it != chat->agentComposing.end() && it->second) {
    it->second = false;
    append(*chat, make(ChatEvent::Kind::Typing, std::string(nick), "paused"));
  }
  restartInactivity(*chat);
  return Done{};
}

Outcome<Done> ChatService::agentTyping(std::string_view contactId, std::string_view nick, bool composing) {
  Chat* chat = chatOfContact(contactId);
  if (chat == nullptr) return noChat(contactId);
  if (!chat->live) return ended();
  if (!chat->inRoom.contains(nick)) {
    return Refusal{Refusal::Kind::Forbidden, "nick", std::string(nick) + " is not in the room"};
  }
  bool& state = chat->agentComposing[std::string(nick)];
  if (state != composing) {  // repeats are suppressed
    state = composing;
    append(*chat, make(ChatEvent::Kind::Typing, std::string(nick), composing ? "composing" : "paused"));
  }
  restartInactivity(*chat);
  return Done{};
}

Outcome<Done> ChatService::agentLeave(std::string_view contactId, std::string_view nick) {
  Chat* chat = chatOfContact(contactId);
  if (chat == nullptr) return noChat(contactId);
  const auto it = chat->inRoom.find(nick);
  if (it == chat->inRoom.end()) return Done{};
  chat->inRoom.erase(it);
  append(*chat, make(ChatEvent::Kind::Presence, std::string(nick), "left"));
  save(*chat);
  if (chat->inRoom.empty() && chat->live) {
    endChat(*chat, {}, {}, ContactStatus::Handled, "externally_handled");
  }
  return Done{};
}

Outcome<Done> ChatService::agentVanished(std::string_view contactId, std::string_view nick) {
  Chat* chat = chatOfContact(contactId);
  if (chat == nullptr) return noChat(contactId);
  if (!chat->inRoom.contains(nick)) return Done{};
  if (chat->live) {
    ChatEvent issue = make(ChatEvent::Kind::Status, {}, std::string(kStatusIssue));
    issue.detail = std::string(nick) + " lost the connection";
    append(*chat, std::move(issue));
  }
  return agentLeave(contactId, nick);
}

void ChatService::routingIssue(std::string_view contactId, std::string detail) {
  Chat* chat = chatOfContact(contactId);
  if (chat == nullptr || !chat->live || chat->everJoined) return;
  ChatEvent issue = make(ChatEvent::Kind::Status, {}, std::string(kStatusIssue));
  issue.detail = std::move(detail);
  append(*chat, std::move(issue));
}

std::optional<RoomOccupancy> ChatService::occupancy(std::string_view contactId) const {
  const Chat* chat = chatOfContact(contactId);
  if (chat == nullptr || !chat->live) return std::nullopt;
  return RoomOccupancy{chat->contactId, chat->author, chat->customerPresent, chat->inRoom};
}

std::optional<std::string> ChatService::contactOfRoom(std::string_view room) const {
  // Joins are rare next to messages, so a scan beats keeping a second index in step.
  for (const auto& [id, chat] : chats_) {
    if (chat->room == room) return id;
  }
  return std::nullopt;
}

std::vector<std::string> ChatService::liveRooms() const {
  std::vector<std::string> out;
  for (const auto& [id, chat] : chats_) {
    if (chat->live) out.push_back(chat->room);
  }
  return out;
}

void ChatService::endChat(Chat& chat, std::string status, std::string detail, ContactStatus outcome,
                          std::string reason) {
  if (!chat.live) return;
  chat.live = false;
  --liveCount_;
  chat.endMs = clock_.nowMs();
  chat.joinTimer.reset();
  chat.inactivityTimer.reset();
  save(chat);
  if (!status.empty()) {
    ChatEvent e = make(ChatEvent::Kind::Status, {}, std::move(status));
    e.detail = std::move(detail);
    append(chat, std::move(e));
  }
  for (const auto& [nick, _] : chat.inRoom) append(chat, make(ChatEvent::Kind::Presence, nick, "left"));
  chat.inRoom.clear();
  save(chat);
  bus_.publish(ChatEnded{chat.contactId, chat.room});
  if (const Contact* contact = contacts_.find(chat.contactId); contact && contact->status != outcome) {
    (void)contacts_.setStatus(chat.contactId, outcome, std::move(reason), Actor::server());
  }
}

// An agent or admin ending a live chat through the contact's status, or the
// server's MR router discarding a chat CCE could not route (spec §6: the
// customer reads chat_request_rejected_by_agent). The chat's own endings come
// back here with the chat no longer live.
void ChatService::onContactStatus(const Contact& contact, ContactStatus previous) {
  Chat* chat = chatOfContact(contact.id);
  if (chat == nullptr || !chat->live) return;
  if (contact.status == ContactStatus::Discarded && previous != ContactStatus::Discarded) {
    if (chat->everJoined) {
      endChat(*chat, std::string(kStatusFinishedError), "the contact was discarded", ContactStatus::Discarded,
              contact.statusReason);
    } else {
      endChat(*chat, std::string(kStatusRejected), "", ContactStatus::Discarded, contact.statusReason);
    }
  }
}

std::size_t ChatService::waitingChats() const {
  return static_cast<std::size_t>(std::count_if(
      chats_.begin(), chats_.end(), [](const auto& kv) { return kv.second->live && !kv.second->everJoined; }));
}

}  // namespace smfront::core

namespace smfront::core {

void ChatService::erase(std::string_view contactId) {
  const auto it = chats_.find(contactId);
  if (it == chats_.end()) return;
  const Chat& chat = *it->second;
  if (chat.live) --liveCount_;
  if (!chat.sessionId.empty()) sessions_.erase(chat.sessionId);
  for (const std::int64_t row : chat.eventRows) journal_.erase(records::kChatEvents, records::padded(row));
  journal_.erase(records::kChats, chat.contactId);
  chats_.erase(it);
}

void ChatService::save(const Chat& chat) {
  records::ChatRecord r;
  r.contactId = chat.contactId;
  r.sessionId = chat.sessionId;
  r.author = chat.author;
  r.room = chat.room;
  r.joinDetail = chat.joinDetail;
  r.startMs = chat.startMs;
  r.endMs = chat.endMs;
  r.activityMs = chat.activityMs;
  r.nextEventId = chat.nextEventId;
  r.joinTimeoutMs = chat.joinTimeout.count();
  r.inactivityTimeoutMs = chat.inactivityTimeout.count();
  r.participants = chat.participants;
  r.inRoom.assign(chat.inRoom.begin(), chat.inRoom.end());
  r.customerPresent = chat.customerPresent;
  r.everJoined = chat.everJoined;
  r.live = chat.live;
  journal_.put(records::kChats, chat.contactId, records::encode(r));
}

// Rows come in key order, which is append order, so each chat's events arrive
// in the order they happened. Rows keyed "<contact>/<event id>" (the layout
// before rows were numbered) are read too and rewritten as numbered rows.
void ChatService::restoreEvents(const Table& rows) {
  std::vector<std::pair<std::string_view, const std::string*>> carriedOver;
  for (const auto& [key, value] : rows) {
    if (!records::ownerOf(key).empty()) {
      carriedOver.emplace_back(key, &value);
      continue;
    }
    std::int64_t row = 0;
    std::from_chars(key.data(), key.data() + key.size(), row);
    nextEventRow_ = std::max(nextEventRow_, row + 1);
    auto stored = records::decodeChatEventRow(value);
    Chat* chat = chatOfContact(stored.contactId);
    if (chat == nullptr) continue;
    chat->eventRows.push_back(row);
    restoreEvent(*chat, std::move(stored.event));
  }
  for (const auto& [key, value] : carriedOver) {
    journal_.erase(records::kChatEvents, std::string(key));
    Chat* chat = chatOfContact(records::ownerOf(key));
    if (chat == nullptr) continue;
    ChatEvent event = records::decodeChatEvent(*value);
    writeEventRow(*chat, event);
    restoreEvent(*chat, std::move(event));
  }
}

void ChatService::restoreEvent(Chat& chat, ChatEvent event) {
  const ChatEvent& e = chat.log.emplace_back(std::move(event));
  chat.nextEventId = std::max(chat.nextEventId, e.id + 1);
  if (e.kind == ChatEvent::Kind::Message && e.byCustomer) ++chat.customerMessages;
  chat.activityMs = std::max(chat.activityMs, e.timeMs);
  if (e.kind == ChatEvent::Kind::Message) chat.transcript.push_back({e.timeMs, e.from, e.value});
}

// Chats come back as they were stored. Their timers re-arm for what was left
// of them at the stop (or fire at once when that has passed); the session
// timer starts afresh, since polls are not written down.
void ChatService::restore(const Snapshot& snapshot) {
  const auto& counters = tableOf(snapshot, records::kCounters);
  if (const auto it = counters.find("room"); it != counters.end()) {
    nextRoom_ = std::max(nextRoom_, records::decodeCounter(it->second));
  }
  for (const auto& [key, value] : tableOf(snapshot, records::kChats)) {
    auto r = records::decodeChat(value);
    auto chat = std::make_unique<Chat>();
    chat->contactId = r.contactId;
    chat->sessionId = r.sessionId;
    chat->author = r.author;
    chat->room = r.room;
    chat->joinDetail = r.joinDetail;
    chat->startMs = r.startMs;
    chat->endMs = r.endMs;
    chat->activityMs = r.activityMs;
    chat->nextEventId = r.nextEventId;
    chat->joinTimeout = std::chrono::milliseconds(r.joinTimeoutMs);
    chat->inactivityTimeout = std::chrono::milliseconds(r.inactivityTimeoutMs);
    chat->participants = std::move(r.participants);
    chat->inRoom.insert(r.inRoom.begin(), r.inRoom.end());
    chat->customerPresent = r.customerPresent;
    chat->everJoined = r.everJoined;
    chat->live = r.live;
    if (chat->live) ++liveCount_;
    chats_.emplace(chat->contactId, std::move(chat));
  }
  restoreEvents(tableOf(snapshot, records::kChatEvents));
  const auto now = clock_.nowMs();
  const auto remaining = [now](std::int64_t sinceMs, std::chrono::milliseconds timeout) {
    return std::max(std::chrono::milliseconds(0), std::chrono::milliseconds(sinceMs - now) + timeout);
  };
  for (auto& [id, chat] : chats_) {
    if (!chat->sessionId.empty()) {
      sessions_.emplace(chat->sessionId, chat->contactId);
      touchSession(*chat);
    }
    if (!chat->live) continue;
    if (!chat->everJoined) armJoinTimer(*chat, remaining(chat->startMs, chat->joinTimeout));
    if (!chat->inRoom.empty()) armInactivityTimer(*chat, remaining(chat->activityMs, chat->inactivityTimeout));
  }
}

}  // namespace smfront::core
