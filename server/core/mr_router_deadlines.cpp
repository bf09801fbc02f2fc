// MrRouter's two clocks (spec §9): mr.new_task_timeout, after which an open
// NEW_TASK dialogue is cancelled and its contact discarded, and mr.task_life,
// the MRD taskLife past which a lost link has ended CCE's tasks, so reserved
// contacts that asked for it (requeueOnRecovery) are routed again.
#include <algorithm>
#include <vector>

#include "core/mr_router.hpp"
#include "core/records.hpp"

namespace smfront::core {

namespace {
// The catch-all of spec §6: nothing more precise fits "the PG never answered".
constexpr std::string_view kTimedOut = "notification_invalid_new_task_message";
}  // namespace

void MrRouter::watchExpiry(const std::string& contactId, const Track& track) {
  if (options_.newTaskTimeout.count() <= 0) return;
  expiries_.push_back(Expiry{clock_.steadyNow() + options_.newTaskTimeout, track.sendNo, contactId});
  armExpiry();
}

void MrRouter::armExpiry() {
  if (expiryTimer_.armed() || expiries_.empty()) return;
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(expiries_.front().at - clock_.steadyNow());
  expiryTimer_ = timers_.after(std::max(left, std::chrono::milliseconds(0)), [this] { onExpiry(); });
}

// Entries of dialogues that ended meanwhile are skipped here rather than
// searched for when they end: a result is far more common than a timeout.
void MrRouter::onExpiry() {
  expiryTimer_ = TimerHandle{};
  const auto now = clock_.steadyNow();
  std::vector<std::string> expired;
  while (!expiries_.empty() && expiries_.front().at <= now) {
    Expiry e = std::move(expiries_.front());
    expiries_.pop_front();
    const auto it = tracks_.find(e.contactId);
    if (it == tracks_.end()) continue;
    const Track& track = it->second;
    if (track.place != Place::InFlight || track.sendNo != e.sendNo || track.cancelRequested) continue;
    expired.push_back(std::move(e.contactId));
  }
  for (const auto& contactId : expired) {
    ++counters_.timedOut;
    ++counters_.discarded;
    // Leaving Queued sends CANCEL_TASK (onStatus -> dequeue); a result that
    // crosses it is ignored like any result for a cancelled contact.
    (void)contacts_.setStatus(contactId, ContactStatus::Discarded, std::string(kTimedOut), Actor::server());
  }
  armExpiry();
}

// Oldest first, so CCE sees them in the order they first came.
void MrRouter::requeueReserved() {
  if (!requeuePolicy_) return;
  std::vector<const Contact*> due;
  for (const auto& [contactId, assignment] : assignments_) {
    const Contact* c = contacts_.find(contactId);
    if (c == nullptr || c->status != ContactStatus::Reserved || c->statusUserId != assignment.agent) continue;
    if (requeuePolicy_(contactId)) due.push_back(c);
  }
  std::sort(due.begin(), due.end(), [](const Contact* a, const Contact* b) {
    return a->createdDate != b->createdDate ? a->createdDate < b->createdDate : a->id < b->id;
  });
  std::vector<std::string> ids;
  for (const Contact* c : due) ids.push_back(c->id);
  for (const auto& id : ids) {
    enqueue(id);  // keeps the assignment's task id as PreviousTask (Reason 2)
    if (!tracks_.contains(id)) continue;
    ++counters_.recovered;
    if (assignments_.erase(id) > 0) journal_.erase(records::kAssignments, id);
  }
}

}  // namespace smfront::core
