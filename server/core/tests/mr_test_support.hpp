#pragma once
// For the MR router's unit tests: a TaskLink that records what the router
// sends, and what a store would hold after a run.
#include <optional>
#include <variant>
#include <vector>

#include "core/journal.hpp"
#include "core/mr_router.hpp"

namespace smfront::core::testing {

class FakeLink final : public TaskLink {
 public:
  std::optional<std::uint32_t> startTask(const TaskOrder& order) override {
    if (!open) return std::nullopt;
    sent.push_back(order);
    return nextDialogue++;
  }
  bool cancelTask(std::uint32_t dialogueId) override {
    cancelled.push_back(dialogueId);
    return open;
  }
  bool acceptsTasks() const override { return ready; }
  bool open = true;
  bool ready = true;  // false: the PG is not reading
  std::uint32_t nextDialogue = 1;
  std::vector<TaskOrder> sent;
  std::vector<std::uint32_t> cancelled;
};

/// What the store would hold after everything `journal` recorded so far (drains it).
inline Snapshot storedSnapshot(Journal& journal) {
  Snapshot snapshot;
  for (auto& m : journal.take().mutations) {
    if (auto* put = std::get_if<Put>(&m)) snapshot[put->table][put->key] = std::move(put->value);
  }
  return snapshot;
}

}  // namespace smfront::core::testing
