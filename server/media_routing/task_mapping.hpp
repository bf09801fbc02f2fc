#pragma once
// From contacts to MR messages and back (spec §5, §6), without sockets: what
// NEW_TASK carries for a contact, how an ICMTaskID reads in REST, and what a
// dialogue failure means for its contact.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/mr_router.hpp"
#include "core/notifications.hpp"
#include "core/request_service.hpp"
#include "mr/events.hpp"
#include "mr/messages.hpp"

namespace smfront::media_routing {

/// The contact-to-NEW_TASK mapping of spec §5 that configuration decides.
struct TaskMapping {
  std::uint32_t mrdCallback = mr::kMrdCallback;
  std::uint32_t mrdTask = mr::kMrdTask;
  std::uint32_t mrdChat = mr::kMrdChat;
  std::string defaultScriptSelector = "Default";
};

/// A NEW_TASK and the strings it points at; reused from one task to the next.
struct NewTaskBuffer {
  std::string contactId;
  std::string scriptSelector;
  std::string title;
  std::string ani;
  std::array<std::string, mr::kCallVariableCount> callVariables;
  std::vector<core::ExtensionField> eccVariables;
  mr::NewTask task;
};

/// @brief Fills @p out.task for @p order: MRDomainID from the contact's `cce` rule,
/// else by source type; the script selector of the request, else of the `cce` rule,
/// else the default; title, ANI (callbacks), contact id and source type as
/// ApplicationString1/2, cv_1..10 as CallVariable1-10, ECC variables as NamedVariable,
/// Reason and PreviousTask from the order; title and variable values as
/// mr::printableText makes them. @p request and @p cce may be null.
void buildNewTask(const core::Contact& contact, const core::NewRequest* request, const core::TaskOrder& order,
                  const TaskMapping& mapping, NewTaskBuffer& out, const core::CceRouting* cce = nullptr);

/// @brief "<day>_<callId>_<seq>", as REST shows an ICMTaskID; empty for none.
std::string taskIdText(const mr::TaskId& id);

/// @brief The ICMTaskID of a taskIdText(); none when @p text is not one.
mr::TaskId parseTaskId(std::string_view text);

/// @brief What a dialogue that ended without an agent means for its contact.
core::DialogueFailure failureOf(mr::DialogueEnd how, mr::ErrorCode code);

}  // namespace smfront::media_routing
