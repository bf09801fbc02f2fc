#pragma once
// The reply templates (Cisco's Reply Template API): SocialMiner's own three, which
// are always there and cannot be changed or deleted, and those an admin adds,
// stored with their change stamps.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/domain.hpp"
#include "core/outcome.hpp"
#include "core/store.hpp"

namespace smfront::core {

class Journal;

class ReplyTemplates {
 public:
  static constexpr std::int64_t kFirstId = 100000;

  explicit ReplyTemplates(Journal& journal);
  /// Takes back what an earlier run stored (before serving starts).
  void restore(const Snapshot& snapshot);

  /// Every template, SocialMiner's own first, then by id.
  std::vector<ReplyTemplate> list() const;
  const ReplyTemplate* find(std::int64_t id) const;
  Outcome<ReplyTemplate> create(std::string name, std::string templateURL);
  /// Applies `change` when `changeStamp` matches; the stamp then goes up by one.
  Outcome<ReplyTemplate> update(std::int64_t id, std::int64_t changeStamp,
                                const std::function<void(ReplyTemplate&)>& change);
  Outcome<Done> remove(std::int64_t id, std::optional<std::int64_t> changeStamp);

 private:
  std::optional<Refusal> refuseChange(std::int64_t id, const char* what) const;

  Journal& journal_;
  std::map<std::int64_t, ReplyTemplate> templates_;
  std::int64_t nextId_ = kFirstId;
};

}  // namespace smfront::core
