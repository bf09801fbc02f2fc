#include "core/mr_router.hpp"

#include <algorithm>
#include <vector>

#include "core/records.hpp"

namespace smfront::core {

namespace {
constexpr std::string_view kRouted = "externally_routed";
}  // namespace

std::string_view discardReason(DialogueFailure failure) {
  switch (failure) {
    case DialogueFailure::LinkLost:
    case DialogueFailure::RoutingNotAvailable:
    case DialogueFailure::Cancelled: return {};
    case DialogueFailure::NoScript: return "notification_no_script";
    case DialogueFailure::InvalidMrd: return "notification_invalid_mrd_id";
    case DialogueFailure::InvalidScriptSelector: return "notification_invalid_script_selector";
    case DialogueFailure::DuplicateDialogue:
    case DialogueFailure::Other: return "notification_invalid_new_task_message";
  }
  return "notification_invalid_new_task_message";
}

MrRouter::MrRouter(ContactBook& contacts, const Clock& clock, Journal& journal, Timers& timers,
                   MrRoutingOptions options)
    : contacts_(contacts),
      clock_(clock),
      journal_(journal),
      timers_(timers),
      options_(options),
      downSince_(clock.steadyNow()) {
  contacts_.addStatusObserver([this](const Contact& c, ContactStatus previous, const Actor&) { onStatus(c, previous); });
}

void MrRouter::save(const std::string& contactId, const Track& track) {
  journal_.put(records::kMrTasks, contactId,
               records::encode(records::MrTaskRecord{static_cast<std::int64_t>(track.order), track.taskId}));
}

void MrRouter::add(const std::string& contactId, std::uint64_t order, std::string previousTaskId) {
  Track& track = tracks_[contactId];
  track = Track{};
  track.order = order;
  track.taskId = std::move(previousTaskId);
  track.sentBefore = !track.taskId.empty();
  save(contactId, track);
  makePending(contactId, track);
}

void MrRouter::makePending(const std::string& contactId, Track& track) {
  track.place = Place::Pending;
  track.dialogueId = 0;
  track.cancelRequested = false;
  pending_.emplace(track.order, contactId);
}

void MrRouter::enqueue(const std::string& contactId, std::string reason) {
  if (contacts_.find(contactId) == nullptr) return;
  // A renotified task may still be tracked from before: start it afresh.
  std::string previous;
  if (auto it = tracks_.find(contactId); it != tracks_.end()) {
    previous = it->second.taskId;
    drop(contactId);
  }
  if (auto a = assignments_.find(contactId); a != assignments_.end()) previous = a->second.taskId;
  if (!hasRoom()) {
    // Without a PG that takes them, contacts would pile up here without end.
    ++counters_.refused;
    contacts_.setStatus(contactId, ContactStatus::Discarded, std::string(kPendingFullReason), Actor::server());
    if (refusalNotice_) refusalNotice_();
    return;
  }
  const auto changed = contacts_.setStatus(contactId, ContactStatus::Queued, std::move(reason), Actor::server());
  if (!changed) return;
  add(contactId, nextOrder_++, std::move(previous));
  pump();
}

void MrRouter::dequeue(const std::string& contactId) {
  const auto it = tracks_.find(contactId);
  if (it == tracks_.end()) return;
  Track& track = it->second;
  if (track.place == Place::InFlight) {
    if (track.cancelRequested) return;
    if (link_ != nullptr && link_->cancelTask(track.dialogueId)) {
      // The dialogue stays known until the PG answers; its contact no longer waits.
      track.cancelRequested = true;
      ++counters_.cancels;
      journal_.erase(records::kMrTasks, contactId);
      return;
    }
  }
  drop(contactId);
}

void MrRouter::drop(const std::string& contactId) {
  const auto it = tracks_.find(contactId);
  if (it == tracks_.end()) return;
  const Track& track = it->second;
  switch (track.place) {
    case Place::Pending: pending_.erase(track.order); break;
    case Place::Held: held_.erase(track.order); break;
    case Place::InFlight: byDialogue_.erase(track.dialogueId); break;
  }
  tracks_.erase(it);
  journal_.erase(records::kMrTasks, contactId);
}

void MrRouter::forget(const std::string& contactId) {
  dequeue(contactId);
  if (assignments_.erase(contactId) > 0) journal_.erase(records::kAssignments, contactId);
}

// A contact finished or claimed by someone else while it waits for the PG is no
// longer the PG's to route.
void MrRouter::onStatus(const Contact& contact, ContactStatus previous) {
  if (previous != ContactStatus::Queued || contact.status == ContactStatus::Queued) return;
  if (tracks_.contains(contact.id)) dequeue(contact.id);
}

std::optional<QueueStanding> MrRouter::standing(const std::string& contactId) const {
  const auto it = tracks_.find(contactId);
  if (it == tracks_.end() || it->second.cancelRequested) return std::nullopt;
  QueueStanding s;
  s.position = 0;  // the PG's queue is not ours to count
  if (it->second.estimatedWaitS) s.estimatedWaitS = *it->second.estimatedWaitS;
  return s;
}

std::optional<Assignment> MrRouter::assignment(const std::string& contactId) const {
  const auto it = assignments_.find(contactId);
  if (it == assignments_.end()) return std::nullopt;
  return it->second;
}

void MrRouter::linkOpened(TaskLink& link) {
  link_ = &link;
  routingAvailable_ = true;
  if (clock_.steadyNow() - downSince_ > options_.taskLife) requeueReserved();
  pump();
}

void MrRouter::linkClosed() {
  link_ = nullptr;
  downSince_ = clock_.steadyNow();
  // Dialogues the session did not report as lost (it always does) are lost all the same.
  std::vector<std::uint32_t> open;
  for (const auto& [dialogueId, _] : byDialogue_) open.push_back(dialogueId);
  std::sort(open.begin(), open.end());
  for (const auto dialogueId : open) dialogueEnded(dialogueId, DialogueFailure::LinkLost);
}

void MrRouter::routingStatus(bool available) {
  routingAvailable_ = available;
  if (available) releaseHeld();
}

void MrRouter::linkDrained() { pump(); }

// Sends what waits, oldest first, while a link is open, routing is available and
// the PG keeps up with reading.
// Re-entry (a send that fails at once and ends its dialogue) only marks more work.
void MrRouter::pump() {
  if (pumping_) return;
  pumping_ = true;
  while (link_ != nullptr && routingAvailable_ && !pending_.empty() && link_->acceptsTasks()) {
    const auto first = pending_.begin();
    const std::string contactId = first->second;
    pending_.erase(first);
    if (contacts_.find(contactId) == nullptr) {  // deleted meanwhile
      drop(contactId);
      continue;
    }
    send(contactId, tracks_.at(contactId));
  }
  pumping_ = false;
}

void MrRouter::send(const std::string& contactId, Track& track) {
  TaskOrder order{contactId, track.taskId.empty() ? TaskReasonCode::New : TaskReasonCode::Recovery, track.taskId};
  const auto dialogueId = link_->startTask(order);
  if (!dialogueId) {
    // Not sendable now (the session is closing): wait for the next link.
    pending_.emplace(track.order, contactId);
    link_ = nullptr;
    return;
  }
  track.place = Place::InFlight;
  track.dialogueId = *dialogueId;
  ++counters_.sent;
  if (track.sentBefore) ++counters_.resent;
  track.sentBefore = true;
  track.sendNo = ++sends_;
  byDialogue_[*dialogueId] = contactId;
  watchExpiry(contactId, track);
}

MrRouter::Track* MrRouter::inFlight(std::uint32_t dialogueId, std::string* contactId) {
  const auto it = byDialogue_.find(dialogueId);
  if (it == byDialogue_.end()) return nullptr;
  *contactId = it->second;
  return &tracks_.at(it->second);
}

std::string MrRouter::contactOf(std::uint32_t dialogueId) const {
  const auto it = byDialogue_.find(dialogueId);
  return it == byDialogue_.end() ? std::string() : it->second;
}

void MrRouter::taskAccepted(std::uint32_t dialogueId, const std::string& taskId) {
  std::string contactId;
  Track* track = inFlight(dialogueId, &contactId);
  if (track == nullptr || taskId.empty() || track->taskId == taskId) return;
  track->taskId = taskId;
  if (!track->cancelRequested) save(contactId, *track);
}

void MrRouter::taskQueued(std::uint32_t dialogueId, const std::string& taskId,
                          std::optional<std::uint32_t> estimatedWaitS) {
  std::string contactId;
  Track* track = inFlight(dialogueId, &contactId);
  if (track == nullptr) return;
  ++counters_.queuedEvents;
  taskAccepted(dialogueId, taskId);
  // CCE gives the wait once per task: the first one stands.
  if (!track->estimatedWaitS) track->estimatedWaitS = estimatedWaitS;
}

void MrRouter::taskRouted(std::uint32_t dialogueId, const std::string& label, const std::string& taskId,
                          bool cancelRequested) {
  std::string contactId;
  Track* track = inFlight(dialogueId, &contactId);
  if (track == nullptr) return;
  const bool cancelled = cancelRequested || track->cancelRequested;
  const std::string knownTaskId = taskId.empty() ? track->taskId : taskId;
  drop(contactId);
  const Contact* contact = contacts_.find(contactId);
  if (cancelled || contact == nullptr || contact->status != ContactStatus::Queued) {
    ++counters_.ignoredResults;  // the door logs it
    return;
  }
  ContactEdit reserve;
  reserve.status = ContactStatus::Reserved;
  reserve.statusReason = std::string(kRouted);
  reserve.statusUserId = label;
  // A chat's agent is its contact's holder and joins its room; the request
  // service's assignment (agentID, taskID) is for callbacks and tasks only.
  const bool request = contact->sourceType != SourceType::Chat;
  // Recorded first: status observers (virtual agents) may look it up.
  if (request) assignments_[contactId] = Assignment{label, knownTaskId};
  if (!contacts_.edit(contactId, reserve, Actor::server())) {
    assignments_.erase(contactId);
    ++counters_.ignoredResults;
    return;
  }
  ++counters_.routed;
  if (request) {
    journal_.put(records::kAssignments, contactId, records::encode(records::AssignmentRecord{label, knownTaskId, 1}));
  }
}

void MrRouter::dialogueEnded(std::uint32_t dialogueId, DialogueFailure failure) {
  std::string contactId;
  Track* track = inFlight(dialogueId, &contactId);
  if (track == nullptr) return;
  byDialogue_.erase(dialogueId);
  track->dialogueId = 0;
  if (track->cancelRequested || failure == DialogueFailure::Cancelled) {
    drop(contactId);
    return;
  }
  switch (failure) {
    case DialogueFailure::LinkLost:
      ++counters_.retried;
      makePending(contactId, *track);
      if (const Contact* c = contacts_.find(contactId); linkLossNotice_ && c && c->sourceType == SourceType::Chat) {
        linkLossNotice_(contactId);  // spec §9: a waiting chat reads chat_issue
      }
      return;  // sent with the next link
    case DialogueFailure::RoutingNotAvailable:
      ++counters_.retried;
      hold(contactId, *track);
      return;
    case DialogueFailure::DuplicateDialogue:
      if (!track->duplicateRetried) {
        track->duplicateRetried = true;
        ++counters_.retried;
        makePending(contactId, *track);
        pump();
        return;
      }
      break;
    default: break;
  }
  drop(contactId);
  ++counters_.discarded;
  (void)contacts_.setStatus(contactId, ContactStatus::Discarded, std::string(discardReason(failure)), Actor::server());
}

void MrRouter::hold(const std::string& contactId, Track& track) {
  track.place = Place::Held;
  held_.emplace(track.order, contactId);
  if (!retryTimer_.armed()) retryTimer_ = timers_.after(options_.retryDelay, [this] { releaseHeld(); });
}

void MrRouter::releaseHeld() {
  retryTimer_ = TimerHandle{};
  for (auto& [order, contactId] : held_) {
    Track& track = tracks_.at(contactId);
    track.place = Place::Pending;
    pending_.emplace(order, contactId);
  }
  held_.clear();
  pump();
}

void MrRouter::restore(const Snapshot& snapshot) {
  for (const auto& [id, value] : tableOf(snapshot, records::kAssignments)) {
    auto a = records::decodeAssignment(value);
    const Contact* contact = contacts_.find(id);
    if (contact != nullptr && contact->sourceType != SourceType::Chat) {
      assignments_[id] = Assignment{std::move(a.agent), std::move(a.taskId)};
    }
  }
  std::map<std::string, records::MrTaskRecord, std::less<>> stored;
  for (const auto& [id, value] : tableOf(snapshot, records::kMrTasks)) stored.emplace(id, records::decodeMrTask(value));
  // Queued callbacks and tasks: with a record in their stored order, the others
  // (queued under another routing mode) after them by when they were queued.
  // A queued chat waits here only with a record: only this router queues chats.
  std::vector<std::pair<std::uint64_t, const Contact*>> waiting;
  std::vector<const Contact*> unrecorded;
  for (const Contact* c : contacts_.all()) {
    if (c->status != ContactStatus::Queued) continue;
    const bool recorded = stored.contains(c->id);
    if (c->sourceType == SourceType::Chat && !recorded) continue;
    if (const auto it = stored.find(c->id); it != stored.end()) {
      waiting.emplace_back(static_cast<std::uint64_t>(it->second.order), c);
      nextOrder_ = std::max(nextOrder_, static_cast<std::uint64_t>(it->second.order) + 1);
    } else {
      unrecorded.push_back(c);
    }
  }
  std::sort(waiting.begin(), waiting.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::stable_sort(unrecorded.begin(), unrecorded.end(),
                   [](const Contact* a, const Contact* b) { return a->statusTimestamp < b->statusTimestamp; });
  for (const auto& [order, c] : waiting) add(c->id, order, stored.at(c->id).taskId);
  for (const Contact* c : unrecorded) add(c->id, nextOrder_++, {});
  // Records of contacts that are no longer queued are stale.
  for (const auto& [id, _] : stored) {
    if (!tracks_.contains(id)) journal_.erase(records::kMrTasks, id);
  }
}

}  // namespace smfront::core
