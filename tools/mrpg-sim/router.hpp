#pragma once

#include <cstdint>
#include <deque>
#include <random>
#include <string>
#include <vector>

#include "mr/session.hpp"
#include "options.hpp"

namespace smfront::mrpgsim {

/// Counters for the summary line.
struct RouterStats {
  std::uint64_t newTasks = 0;
  std::uint64_t accepted = 0;
  std::uint64_t rejected = 0;
  std::uint64_t queued = 0;
  std::uint64_t routed = 0;
  std::uint64_t failed = 0;
  std::uint64_t cancelled = 0;
};

/// The simulated router behind the PIM: an agent pool, a FIFO queue and the failure
/// injection that concerns tasks. It answers through the PG-role Session it is given and keeps
/// no clock: every call gets the time.
class Router {
 public:
  explicit Router(const Options& options);

  /// @brief NEW_TASK opened dialogue @p task.dialogue.dialogueId on @p session.
  void onTaskRequested(mr::Session& session, const mr::NewTask& task, mr::TimePoint now);
  /// @brief CANCEL_TASK closed the dialogue: forget its queue entry or pending result.
  void onTaskCancelled(std::uint32_t dialogueId);
  /// @brief The link is gone: every dialogue with it.
  void onLinkLost();
  /// @brief Sends what is due by @p now (results, queue dispatch).
  void tick(mr::Session& session, mr::TimePoint now);
  /// @brief When tick() has something to do next; TimePoint::max() when nothing.
  mr::TimePoint nextDeadline() const;

  /// @brief Stdin "free <agent>": the agent's task ends now; false for an unknown name.
  bool freeAgent(const std::string& name, mr::TimePoint now);

  const RouterStats& stats() const noexcept { return stats_; }
  std::size_t queueLength() const noexcept { return queue_.size(); }

 private:
  struct Agent {
    std::string name;
    mr::TimePoint busyUntil{};   // free when <= now; idle since then
    bool reserved = false;       // chosen for a result not yet sent
  };
  struct Pending {
    std::uint32_t dialogueId = 0;
    mr::TaskId taskId;
    mr::TimePoint due{};
    int agent = -1;                  // -1: a failure is due instead
    mr::ErrorCode failure = mr::ErrorCode::NoError;
  };
  struct Queued {
    std::uint32_t dialogueId = 0;
    mr::TaskId taskId;
  };

  bool chance(double p);
  mr::TimePoint::duration delay();
  int longestIdleFreeAgent(mr::TimePoint now) const;
  void dispatchQueue(mr::TimePoint now);

  Options options_;
  std::mt19937_64 random_;
  std::vector<Agent> agents_;
  std::vector<Pending> pending_;
  std::deque<Queued> queue_;
  std::uint32_t nextCallId_ = 1;
  std::uint32_t day_;
  RouterStats stats_;
};

}  // namespace smfront::mrpgsim
