#include "router.hpp"

#include <algorithm>
#include <chrono>

namespace smfront::mrpgsim {

using mr::ErrorCode;
using mr::TimePoint;

Router::Router(const Options& options)
    : options_(options),
      random_(options.seed),
      // RouterCallKeyDay is a day number; any stable value serves a simulator.
      day_(150000) {
  for (const std::string& name : options_.agents) agents_.push_back({name, {}, false});
}

bool Router::chance(double p) {
  if (p <= 0) return false;
  if (p >= 1) return true;
  return std::uniform_real_distribution<double>(0, 1)(random_) < p;
}

TimePoint::duration Router::delay() {
  if (options_.delayMax <= options_.delayMin) return options_.delayMin;
  std::uniform_int_distribution<Duration::rep> pick(options_.delayMin.count(), options_.delayMax.count());
  return Duration(pick(random_));
}

int Router::longestIdleFreeAgent(TimePoint now) const {
  int best = -1;
  for (std::size_t i = 0; i < agents_.size(); ++i) {
    const Agent& a = agents_[i];
    if (a.reserved || a.busyUntil > now) continue;
    // An agent has been idle since its last task ended; ties go to the first in the pool.
    if (best < 0 || a.busyUntil < agents_[best].busyUntil) best = static_cast<int>(i);
  }
  return best;
}

void Router::onTaskRequested(mr::Session& session, const mr::NewTask& task, TimePoint now) {
  ++stats_.newTasks;
  const std::uint32_t id = task.dialogue.dialogueId;
  const auto reject = [&](ErrorCode code) {
    session.rejectTask(id, code);
    ++stats_.rejected;
  };
  if (!session.routingAvailable()) return reject(ErrorCode::RoutingNotAvailable);
  if (chance(options_.rejectRate)) return reject(options_.failCode);
  if (!options_.mrds.empty() &&
      std::find(options_.mrds.begin(), options_.mrds.end(), task.mrDomainId) == options_.mrds.end()) {
    return reject(ErrorCode::InvalidMrdId);
  }
  if (!options_.selectors.empty()) {
    const std::string_view selector = task.scriptSelector.empty() ? task.dialedNumber : task.scriptSelector;
    if (std::find(options_.selectors.begin(), options_.selectors.end(), selector) == options_.selectors.end()) {
      return reject(ErrorCode::InvalidScriptSelector);
    }
  }

  const mr::TaskId taskId{day_, nextCallId_++, 0};
  session.acceptTask(id, taskId);
  ++stats_.accepted;
  if (chance(options_.failRate)) {
    pending_.push_back({id, taskId, now + delay(), -1, options_.failCode});
    return;
  }
  if (const int agent = longestIdleFreeAgent(now); agent >= 0) {
    agents_[agent].reserved = true;
    pending_.push_back({id, taskId, now + delay(), agent, ErrorCode::NoError});
    return;
  }
  if (options_.noQueue) {
    session.failTask(id, ErrorCode::RoutingNotAvailable, "no agent available");
    ++stats_.failed;
    return;
  }
  queue_.push_back({id, taskId});
  ++stats_.queued;
  const auto handleSeconds = std::chrono::duration_cast<std::chrono::seconds>(options_.handleTime).count();
  const std::uint32_t ewt = options_.ewtSeconds.value_or(static_cast<std::uint32_t>(queue_.size() * handleSeconds));
  session.queueTask(id, taskId, ewt);
}

void Router::onTaskCancelled(std::uint32_t dialogueId) {
  ++stats_.cancelled;
  std::erase_if(queue_, [&](const Queued& q) { return q.dialogueId == dialogueId; });
  std::erase_if(pending_, [&](const Pending& p) {
    if (p.dialogueId != dialogueId) return false;
    if (p.agent >= 0) agents_[p.agent].reserved = false;
    return true;
  });
}

void Router::onLinkLost() {
  queue_.clear();
  for (const Pending& p : pending_) {
    if (p.agent >= 0) agents_[p.agent].reserved = false;
  }
  pending_.clear();
}

void Router::tick(mr::Session& session, TimePoint now) {
  // Results in the order they fell due.
  std::sort(pending_.begin(), pending_.end(), [](const Pending& a, const Pending& b) { return a.due < b.due; });
  std::size_t done = 0;
  for (; done < pending_.size() && pending_[done].due <= now; ++done) {
    const Pending& p = pending_[done];
    if (p.agent < 0) {
      session.failTask(p.dialogueId, p.failure, "failure injected by mrpg-sim");
      ++stats_.failed;
      continue;
    }
    Agent& agent = agents_[p.agent];
    agent.reserved = false;
    agent.busyUntil = now + options_.handleTime;
    mr::DoThisWithTask result;
    result.dialogue.dialogueId = p.dialogueId;
    result.taskId = p.taskId;
    result.peripheralId = options_.peripheralId;
    result.icmAgentId = mr::kFirstAgentId + static_cast<std::uint32_t>(p.agent);
    result.label = agent.name;
    const std::string agentId = std::to_string(1000 + p.agent);
    result.agentId = agentId;
    session.routeTask(result);
    ++stats_.routed;
  }
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(done));
  dispatchQueue(now);
}

void Router::dispatchQueue(TimePoint now) {
  while (!queue_.empty()) {
    const int agent = longestIdleFreeAgent(now);
    if (agent < 0) return;
    agents_[agent].reserved = true;
    pending_.push_back({queue_.front().dialogueId, queue_.front().taskId, now + delay(), agent, ErrorCode::NoError});
    queue_.pop_front();
  }
}

TimePoint Router::nextDeadline() const {
  TimePoint next = TimePoint::max();
  for (const Pending& p : pending_) next = std::min(next, p.due);
  if (!queue_.empty()) {
    // A queued task waits for the first agent whose task ends.
    for (const Agent& a : agents_) {
      if (!a.reserved) next = std::min(next, a.busyUntil);
    }
  }
  return next;
}

bool Router::freeAgent(const std::string& name, TimePoint now) {
  for (Agent& a : agents_) {
    if (a.name != name) continue;
    if (a.busyUntil > now) a.busyUntil = now;
    return true;
  }
  return false;
}

}  // namespace smfront::mrpgsim
