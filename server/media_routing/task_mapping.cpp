#include "media_routing/task_mapping.hpp"

#include <charconv>

#include "core/contact_status.hpp"

namespace smfront::media_routing {

namespace {

bool parseU32(std::string_view text, std::uint32_t& out) {
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end && !text.empty();
}

}  // namespace

void buildNewTask(const core::Contact& contact, const core::NewRequest* request, const core::TaskOrder& order,
                  const TaskMapping& mapping, NewTaskBuffer& out, const core::CceRouting* cce) {
  mr::NewTask& task = out.task;
  task.dialogue = {};
  task.invokeId = 0;
  switch (contact.sourceType) {
    case core::SourceType::Callback: task.mrDomainId = mapping.mrdCallback; break;
    case core::SourceType::Chat: task.mrDomainId = mapping.mrdChat; break;
    default: task.mrDomainId = mapping.mrdTask; break;
  }
  if (cce != nullptr && cce->mediaRoutingDomainId > 0 && cce->mediaRoutingDomainId < 0xFFFFFFFF) {
    task.mrDomainId = static_cast<std::uint32_t>(cce->mediaRoutingDomainId);
  }
  task.reason = static_cast<mr::TaskReason>(order.reason);
  task.previousTask = parseTaskId(order.previousTaskId);
  if (task.previousTask.none()) task.reason = mr::TaskReason::New;

  out.contactId = contact.id;
  if (request != nullptr && !request->scriptSelector.empty()) {
    out.scriptSelector = request->scriptSelector;
  } else if (cce != nullptr && !cce->scriptSelector.empty()) {
    out.scriptSelector = cce->scriptSelector;
  } else {
    out.scriptSelector = mapping.defaultScriptSelector;
  }
  out.title = mr::printableText(contact.title);
  out.ani = request != nullptr && contact.sourceType == core::SourceType::Callback ? request->mediaAddress : "";
  for (std::size_t i = 0; i < out.callVariables.size(); ++i) {
    const bool set = request != nullptr && request->callVariables[i].has_value();
    out.callVariables[i] = set ? mr::printableText(*request->callVariables[i]) : std::string();
  }
  out.eccVariables.clear();
  if (request != nullptr) {
    for (const auto& v : request->eccVariables) out.eccVariables.push_back({v.name, mr::printableText(v.value)});
  }

  task.scriptSelector = out.scriptSelector;
  task.dialedNumber = {};
  task.text = out.title;
  task.ani = out.ani;
  task.applicationString1 = out.contactId;
  task.applicationString2 = core::toString(contact.sourceType);
  for (std::size_t i = 0; i < out.callVariables.size(); ++i) task.callVariables[i] = out.callVariables[i];
  task.namedVariables.clear();
  for (const auto& v : out.eccVariables) task.namedVariables.push_back({v.name, v.value});
  task.namedArrays.clear();
}

std::string taskIdText(const mr::TaskId& id) {
  if (id.none()) return {};
  return std::to_string(id.day) + "_" + std::to_string(id.callId) + "_" + std::to_string(id.sequence);
}

mr::TaskId parseTaskId(std::string_view text) {
  const auto first = text.find('_');
  const auto second = first == std::string_view::npos ? first : text.find('_', first + 1);
  mr::TaskId id;
  if (second == std::string_view::npos) return {};
  if (!parseU32(text.substr(0, first), id.day) || !parseU32(text.substr(first + 1, second - first - 1), id.callId) ||
      !parseU32(text.substr(second + 1), id.sequence)) {
    return {};
  }
  return id;
}

core::DialogueFailure failureOf(mr::DialogueEnd how, mr::ErrorCode code) {
  using F = core::DialogueFailure;
  if (how == mr::DialogueEnd::Cancelled) return F::Cancelled;
  if (how == mr::DialogueEnd::LinkLost) return F::LinkLost;
  switch (code) {
    case mr::ErrorCode::PgOffline: return F::LinkLost;
    case mr::ErrorCode::RoutingNotAvailable: return F::RoutingNotAvailable;
    case mr::ErrorCode::DuplicateDialogueId: return F::DuplicateDialogue;
    case mr::ErrorCode::NoScript: return F::NoScript;
    case mr::ErrorCode::InvalidMrdId: return F::InvalidMrd;
    case mr::ErrorCode::InvalidScriptSelector: return F::InvalidScriptSelector;
    default: return F::Other;
  }
}

}  // namespace smfront::media_routing
