// Theory of operation
//
// Every queued contact sits in the queue of its feed, oldest first. Whenever
// something changes (a contact is queued, an agent logs in or frees a slot), the
// router repeatedly takes the oldest head of all queues and gives it to the
// logged-in agent with a free slot that has been available longest, until no
// contact or no agent is left. Assigning is a status change (queued -> reserved,
// by the server, naming the agent), so it reaches the bus like any other, and
// the agent's slot comes back when the contact leaves reserved for whatever
// reason. Handle times (reserved -> handled) feed the wait estimate.
#include "core/router.hpp"

#include <algorithm>
#include <numeric>

#include "core/records.hpp"

namespace smfront::core {

namespace {
constexpr std::size_t kHandleSamples = 20;
constexpr std::string_view kRouted = "externally_routed";
}  // namespace

InternalRouter::InternalRouter(ContactBook& contacts, const Clock& clock, Journal& journal, RoutingOptions options)
    : contacts_(contacts), clock_(clock), journal_(journal), options_(options) {
  if (options_.agentTaskLimit == 0) options_.agentTaskLimit = 1;
  contacts_.addStatusObserver([this](const Contact& c, ContactStatus previous, const Actor&) { onStatus(c, previous); });
}

void InternalRouter::agentAvailable(const std::string& agent) {
  auto& a = agents_[agent];
  if (!a.loggedIn) {
    a.loggedIn = true;
    if (a.holding == 0) a.availableSinceMs = clock_.nowMs();
  }
  assignWhatWeCan();
}

void InternalRouter::agentUnavailable(const std::string& agent) {
  if (auto it = agents_.find(agent); it != agents_.end()) it->second.loggedIn = false;
}

std::size_t InternalRouter::agentsLoggedIn() const {
  return static_cast<std::size_t>(
      std::count_if(agents_.begin(), agents_.end(), [](const auto& kv) { return kv.second.loggedIn; }));
}

void InternalRouter::enqueue(const std::string& contactId, std::string reason) {
  const Contact* contact = contacts_.find(contactId);
  if (contact == nullptr) return;
  const auto changed = contacts_.setStatus(contactId, ContactStatus::Queued, std::move(reason), Actor::server());
  if (!changed) return;
  queues_[contact->feedId].push_back({contactId, clock_.nowMs()});
  assignWhatWeCan();
}

void InternalRouter::dequeue(const std::string& contactId) {
  for (auto& [_, queue] : queues_) {
    std::erase_if(queue, [&](const Waiting& w) { return w.contactId == contactId; });
  }
}

void InternalRouter::forget(const std::string& contactId) {
  dequeue(contactId);
  if (assignments_.erase(contactId) > 0) journal_.erase(records::kAssignments, contactId);
  renotifications_.erase(contactId);
  reservedAtMs_.erase(contactId);
}

std::size_t InternalRouter::queued() const {
  std::size_t n = 0;
  for (const auto& [_, queue] : queues_) n += queue.size();
  return n;
}

InternalRouter::Agents::iterator InternalRouter::longestAvailable() {
  auto best = agents_.end();
  for (auto it = agents_.begin(); it != agents_.end(); ++it) {
    const Agent& agent = it->second;
    if (!agent.loggedIn || agent.holding >= options_.agentTaskLimit) continue;
    if (best == agents_.end() || agent.availableSinceMs < best->second.availableSinceMs) best = it;
  }
  return best;
}

void InternalRouter::assignWhatWeCan() {
  for (;;) {
    auto oldest = queues_.end();
    for (auto it = queues_.begin(); it != queues_.end(); ++it) {
      if (!it->second.empty() && (oldest == queues_.end() || it->second.front().sinceMs < oldest->second.front().sinceMs)) {
        oldest = it;
      }
    }
    if (oldest == queues_.end()) return;
    const auto chosen = longestAvailable();
    if (chosen == agents_.end()) return;
    const std::string& name = chosen->first;
    Agent* agent = &chosen->second;
    const std::string contactId = oldest->second.front().contactId;
    oldest->second.pop_front();

    const auto nowMs = clock_.nowMs();
    const int seq = ++renotifications_[contactId];
    Assignment assignment{name, std::to_string(nowMs / 86'400'000) + "_" + std::to_string(nextCallId_++) + "_" +
                                    std::to_string(seq)};
    ContactEdit reserve;
    reserve.status = ContactStatus::Reserved;
    reserve.statusReason = std::string(kRouted);
    reserve.statusUserId = name;
    // Recorded first: the status observers (virtual agents) may look it up.
    assignments_[contactId] = assignment;
    ++agent->holding;
    if (!contacts_.edit(contactId, reserve, Actor::server())) {
      --agent->holding;
      assignments_.erase(contactId);
      continue;
    }
    journal_.put(records::kCounters, "call", records::encodeCounter(nextCallId_));
    journal_.put(records::kAssignments, contactId, records::encode(records::AssignmentRecord{name, assignment.taskId, seq}));
  }
}

void InternalRouter::onStatus(const Contact& contact, ContactStatus previous) {
  if (contact.status == ContactStatus::Reserved && previous != ContactStatus::Reserved) {
    reservedAtMs_[contact.id] = clock_.nowMs();
    return;
  }
  if (previous != ContactStatus::Reserved || contact.status == ContactStatus::Reserved) return;
  const auto assigned = assignments_.find(contact.id);
  if (assigned == assignments_.end()) return;
  if (auto agent = agents_.find(assigned->second.agent); agent != agents_.end() && agent->second.holding > 0) {
    if (--agent->second.holding == 0) agent->second.availableSinceMs = clock_.nowMs();
  }
  if (contact.status == ContactStatus::Handled) {
    if (auto at = reservedAtMs_.find(contact.id); at != reservedAtMs_.end()) {
      recentHandleMs_.push_back(clock_.nowMs() - at->second);
      if (recentHandleMs_.size() > kHandleSamples) recentHandleMs_.pop_front();
    }
  }
  reservedAtMs_.erase(contact.id);
  assignWhatWeCan();
}

void InternalRouter::restore(const Snapshot& snapshot) {
  const auto& counters = tableOf(snapshot, records::kCounters);
  if (const auto it = counters.find("call"); it != counters.end()) {
    nextCallId_ = std::max(nextCallId_, records::decodeCounter(it->second));
  }
  for (const auto& [id, value] : tableOf(snapshot, records::kAssignments)) {
    auto a = records::decodeAssignment(value);
    renotifications_[id] = static_cast<int>(a.routings);
    const Contact* contact = contacts_.find(id);
    if (contact != nullptr && contact->status == ContactStatus::Reserved && contact->statusUserId == a.agent) {
      ++agents_[a.agent].holding;
      reservedAtMs_[id] = contact->statusTimestamp;
    }
    assignments_[id] = Assignment{std::move(a.agent), std::move(a.taskId)};
  }
  std::vector<const Contact*> waiting;
  for (const Contact* c : contacts_.all()) {
    if (c->sourceType != SourceType::Chat && c->status == ContactStatus::Queued) waiting.push_back(c);
  }
  std::sort(waiting.begin(), waiting.end(),
            [](const Contact* a, const Contact* b) { return a->statusTimestamp < b->statusTimestamp; });
  for (const Contact* c : waiting) queues_[c->feedId].push_back({c->id, c->statusTimestamp});
  assignWhatWeCan();
}

std::int64_t InternalRouter::averageHandleMs() const {
  if (recentHandleMs_.empty()) return std::chrono::milliseconds(options_.defaultHandleTime).count();
  return std::accumulate(recentHandleMs_.begin(), recentHandleMs_.end(), std::int64_t{0}) /
         static_cast<std::int64_t>(recentHandleMs_.size());
}

std::optional<QueueStanding> InternalRouter::standing(const std::string& contactId) const {
  for (const auto& [_, queue] : queues_) {
    for (std::size_t i = 0; i < queue.size(); ++i) {
      if (queue[i].contactId != contactId) continue;
      QueueStanding s;
      s.position = i + 1;
      const auto slots = static_cast<std::int64_t>(agentsLoggedIn() * options_.agentTaskLimit);
      if (slots > 0) {
        // Contacts ahead, plus this one, share the slots; each takes an average handle time.
        const auto rounds = (static_cast<std::int64_t>(s.position) + slots - 1) / slots;
        s.estimatedWaitS = (rounds * averageHandleMs() + 999) / 1000;
      }
      return s;
    }
  }
  return std::nullopt;
}

std::optional<Assignment> InternalRouter::assignment(const std::string& contactId) const {
  const auto it = assignments_.find(contactId);
  if (it == assignments_.end()) return std::nullopt;
  return it->second;
}

}  // namespace smfront::core
