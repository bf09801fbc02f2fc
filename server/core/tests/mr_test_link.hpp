#pragma once
// A TaskLink that records what the MR router sends, for the router's unit tests.
#include <optional>
#include <vector>

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
  bool open = true;
  std::uint32_t nextDialogue = 1;
  std::vector<TaskOrder> sent;
  std::vector<std::uint32_t> cancelled;
};

}  // namespace smfront::core::testing
