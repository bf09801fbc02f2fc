#include "core/reply_templates.hpp"

#include <array>

#include "core/catalog.hpp"
#include "core/journal.hpp"
#include "core/records.hpp"

namespace smfront::core {

namespace {

constexpr std::string_view kCounter = "reply_template";

// SocialMiner's own, with the ids and locations of its guide (Reply Template API, GET (List)).
const std::array<ReplyTemplate, 3> kSystemTemplates{{
    {302, "Cisco Chat", "/templates/reply/cisco_agent_chat.jsp", true, 0},
    {303, "Cisco Multi-session Chat", "/multisession/ui/templates/reply/cisco_agent_ms_chat.jsp", true, 0},
    {304, "Cisco Email", "/multisession/ui/templates/reply/cisco_agent_ms_email.jsp", true, 0},
}};

const ReplyTemplate* systemTemplate(std::int64_t id) {
  for (const auto& t : kSystemTemplates) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

Refusal templateNotFound(std::int64_t id) {
  return Refusal{Refusal::Kind::NotFound, "id", "no reply template " + std::to_string(id)};
}

}  // namespace

ReplyTemplates::ReplyTemplates(Journal& journal) : journal_(journal) {}

void ReplyTemplates::restore(const Snapshot& snapshot) {
  for (const auto& [key, value] : tableOf(snapshot, records::kReplyTemplates)) {
    ReplyTemplate t = records::decodeReplyTemplate(value);
    nextId_ = std::max(nextId_, t.id + 1);
    templates_[t.id] = std::move(t);
  }
  const auto& counters = tableOf(snapshot, records::kCounters);
  if (const auto it = counters.find(std::string(kCounter)); it != counters.end()) {
    nextId_ = std::max(nextId_, records::decodeCounter(it->second));
  }
}

std::vector<ReplyTemplate> ReplyTemplates::list() const {
  std::vector<ReplyTemplate> out(kSystemTemplates.begin(), kSystemTemplates.end());
  for (const auto& [id, t] : templates_) out.push_back(t);
  return out;
}

const ReplyTemplate* ReplyTemplates::find(std::int64_t id) const {
  if (const ReplyTemplate* own = systemTemplate(id)) return own;
  const auto it = templates_.find(id);
  return it == templates_.end() ? nullptr : &it->second;
}

Outcome<ReplyTemplate> ReplyTemplates::create(std::string name, std::string templateURL) {
  ReplyTemplate t{nextId_++, std::move(name), std::move(templateURL), false, 0};
  journal_.put(records::kCounters, std::string(kCounter), records::encodeCounter(nextId_));
  journal_.put(records::kReplyTemplates, records::padded(t.id), records::encode(t));
  return templates_.emplace(t.id, t).first->second;
}

std::optional<Refusal> ReplyTemplates::refuseChange(std::int64_t id, const char* what) const {
  if (systemTemplate(id) == nullptr) return std::nullopt;
  return Refusal{Refusal::Kind::Forbidden, "systemDefined",
                 "reply template " + std::to_string(id) + " is one of SocialMiner's own and cannot be " + what};
}

Outcome<ReplyTemplate> ReplyTemplates::update(std::int64_t id, std::int64_t changeStamp,
                                              const std::function<void(ReplyTemplate&)>& change) {
  if (auto refused = refuseChange(id, "changed")) return *refused;
  const auto it = templates_.find(id);
  if (it == templates_.end()) return templateNotFound(id);
  if (auto stale = checkChangeStamp(changeStamp, it->second.changeStamp)) return *stale;
  ReplyTemplate updated = it->second;
  change(updated);
  updated.id = id;
  updated.systemDefined = false;
  updated.changeStamp = it->second.changeStamp + 1;
  it->second = updated;
  journal_.put(records::kReplyTemplates, records::padded(id), records::encode(updated));
  return updated;
}

Outcome<Done> ReplyTemplates::remove(std::int64_t id, std::optional<std::int64_t> changeStamp) {
  if (auto refused = refuseChange(id, "deleted")) return *refused;
  const auto it = templates_.find(id);
  if (it == templates_.end()) return templateNotFound(id);
  if (auto stale = checkChangeStamp(changeStamp, it->second.changeStamp)) return *stale;
  templates_.erase(it);
  journal_.erase(records::kReplyTemplates, records::padded(id));
  return Done{};
}

}  // namespace smfront::core
