#include "core/virtual_agents.hpp"

#include <algorithm>

namespace smfront::core {

namespace {

const std::string& nickOf(const VirtualAgentSpec& agent) { return agent.nick.empty() ? agent.name : agent.nick; }

// How long a virtual agent "types" before its answer arrives.
constexpr std::chrono::milliseconds kTypingTime{400};
}  // namespace

VirtualAgents::VirtualAgents(std::vector<VirtualAgentSpec> agents, ChatService& chats, ContactBook& contacts,
                             InternalRouter& router, Bus& bus, Timers& timers, Executor coreExecutor)
    : chats_(chats), contacts_(contacts), timers_(timers) {
  for (auto& spec : agents) agents_.push_back({std::move(spec), 0});
  if (agents_.empty()) return;
  subscription_ = bus.subscribe(
      std::move(coreExecutor), [this](const Event& e) { onEvent(e); },
      {.types = Bus::typesOf<ContactCreated, ContactChanged, ChatActivity, ChatEnded>()});
  for (const auto& agent : agents_) router.agentAvailable(agent.spec.name);
}

void VirtualAgents::resume() {
  for (const Contact* contact : contacts_.all()) {
    if (contact->status != ContactStatus::Reserved) continue;
    const auto agent = std::find_if(agents_.begin(), agents_.end(),
                                    [&](const Agent& a) { return a.spec.name == contact->statusUserId; });
    if (agent == agents_.end()) continue;
    if (contact->sourceType != SourceType::Chat) {
      handleAssigned(*contact);
    } else if (chats_.isLive(contact->id)) {
      ++agent->activeChats;
      assigned_[contact->id] = static_cast<std::size_t>(agent - agents_.begin());
      (void)chats_.agentJoin(contact->id, {agent->spec.name, nickOf(agent->spec), false});  // a no-op when in the room
    }
  }
}

void VirtualAgents::onEvent(const Event& event) {
  if (const auto* created = std::get_if<ContactCreated>(&event)) {
    if (created->contact.sourceType == SourceType::Chat) takeChat(created->contact);
  } else if (const auto* changed = std::get_if<ContactChanged>(&event)) {
    const auto& c = changed->contact;
    if (c.status != ContactStatus::Reserved || changed->previousStatus == ContactStatus::Reserved) return;
    if (c.sourceType != SourceType::Chat) {
      handleAssigned(c);
    } else if (!assigned_.contains(c.id)) {
      joinRouted(c);  // CCE chose one of ours over the MR link
    }
  } else if (const auto* activity = std::get_if<ChatActivity>(&event)) {
    const auto& e = activity->event;
    if (e.byCustomer && e.kind == ChatEvent::Kind::Message && assigned_.contains(activity->contactId)) {
      answer(activity->contactId, e);
    }
  } else if (const auto* ended = std::get_if<ChatEnded>(&event)) {
    const auto it = assigned_.find(ended->contactId);
    if (it == assigned_.end()) return;
    --agents_[it->second].activeChats;
    assigned_.erase(it);
    pending_.erase(ended->contactId);
  }
}

void VirtualAgents::takeChat(const Contact& contact) {
  // A chat queued by now is CCE's to route (MR): its agent is told, not chosen here.
  const Contact* now = contacts_.find(contact.id);
  if (now == nullptr || now->status != ContactStatus::Unread) return;
  // The least busy agent takes it, as a router would.
  const auto best = std::min_element(agents_.begin(), agents_.end(),
                                     [](const Agent& a, const Agent& b) { return a.activeChats < b.activeChats; });
  const std::size_t index = static_cast<std::size_t>(best - agents_.begin());
  const auto& spec = best->spec;
  auto claimed = contacts_.setStatus(contact.id, ContactStatus::Reserved, "unknown",
                                     Actor{.isServer = false, .userName = spec.name, .isAdmin = false,
                                           .currentStatusUserId = {}});
  if (!claimed) return;  // somebody was faster
  joinLater(contact.id, index);
}

void VirtualAgents::joinRouted(const Contact& contact) {
  const auto agent = std::find_if(agents_.begin(), agents_.end(),
                                  [&](const Agent& a) { return a.spec.name == contact.statusUserId; });
  if (agent == agents_.end() || !chats_.isLive(contact.id)) return;
  joinLater(contact.id, static_cast<std::size_t>(agent - agents_.begin()));
}

void VirtualAgents::joinLater(const std::string& contactId, std::size_t index) {
  ++agents_[index].activeChats;
  assigned_[contactId] = index;
  pending_[contactId].push_back(timers_.after(agents_[index].spec.joinAfter, [this, id = contactId, index] {
    const auto& agent = agents_[index].spec;
    if (!chats_.agentJoin(id, {agent.name, nickOf(agent), false})) return;
    if (!agent.greeting.empty()) (void)chats_.agentMessage(id, nickOf(agent), agent.greeting);
  }));
}

void VirtualAgents::handleAssigned(const Contact& contact) {
  const auto agent = std::find_if(agents_.begin(), agents_.end(),
                                  [&](const Agent& a) { return a.spec.name == contact.statusUserId; });
  if (agent == agents_.end()) return;
  // Accept, hold for the handle time, finish: the contact's timer is dropped if
  // it changes hands first (the finish then fails the status machine's check).
  pending_[contact.id].push_back(timers_.after(agent->spec.handleTime, [this, id = contact.id, name = agent->spec.name] {
    pending_.erase(id);
    (void)contacts_.setStatus(id, ContactStatus::Handled, "externally_handled",
                              Actor{.isServer = false, .userName = name, .isAdmin = false, .currentStatusUserId = {}});
  }));
}

void VirtualAgents::answer(const std::string& contactId, const ChatEvent& message) {
  const auto& agent = agents_[assigned_.at(contactId)].spec;
  if (agent.mode != "echo") return;
  if (!chats_.agentTyping(contactId, nickOf(agent), true)) return;
  pending_[contactId].push_back(
      timers_.after(kTypingTime, [this, contactId, nick = nickOf(agent), text = message.value] {
        (void)chats_.agentMessage(contactId, nick, "You said: " + text);
      }));
}

}  // namespace smfront::core
