// Contacts to NEW_TASK and dialogue failures to contact outcomes (spec §5, §6).
#include <gtest/gtest.h>

#include "mr/codec.hpp"
#include "media_routing/task_mapping.hpp"

namespace smfront::media_routing {
namespace {

core::Contact callbackContact() {
  core::Contact c;
  c.id = "0123456789ABCDEF0123456789ABCDEF";
  c.sourceType = core::SourceType::Callback;
  c.title = "Call me";
  return c;
}

TEST(TaskMapping, CallbackCarriesSelectorVariablesAndIds) {
  core::NewRequest request;
  request.type = core::SourceType::Callback;
  request.mediaAddress = "5551234";
  request.scriptSelector = "CallbackDN";
  request.callVariables[0] = "gold";
  request.callVariables[9] = "ten";
  request.eccVariables = {{"account", "42"}};
  NewTaskBuffer buffer;
  const auto contact = callbackContact();
  buildNewTask(contact, &request, core::TaskOrder{contact.id, core::TaskReasonCode::New, {}}, TaskMapping{}, buffer);
  const mr::NewTask& t = buffer.task;
  EXPECT_EQ(t.mrDomainId, 1u);
  EXPECT_EQ(t.scriptSelector, "CallbackDN");
  EXPECT_EQ(t.ani, "5551234");
  EXPECT_EQ(t.text, "Call me");
  EXPECT_EQ(t.applicationString1, contact.id);
  EXPECT_EQ(t.applicationString2, "callback");
  EXPECT_EQ(t.callVariables[0], "gold");
  EXPECT_EQ(t.callVariables[1], "");
  EXPECT_EQ(t.callVariables[9], "ten");
  ASSERT_EQ(t.namedVariables.size(), 1u);
  EXPECT_EQ(t.namedVariables[0].name, "account");
  EXPECT_EQ(t.namedVariables[0].value, "42");
  EXPECT_EQ(t.reason, mr::TaskReason::New);
  EXPECT_TRUE(t.previousTask.none());

  // It encodes and decodes as the same message.
  std::string frame;
  mr::encode(t, frame);
  mr::NewTask back;
  ASSERT_TRUE(mr::decode(mr::Frame{20, std::string_view(frame).substr(mr::kHeaderBytes)}, back).ok());
  EXPECT_EQ(back.applicationString1, contact.id);
}

TEST(TaskMapping, TextOutsidePrintableAsciiIsOneQuestionMarkPerCharacterOnTheLink) {
  EXPECT_EQ(mr::printableText("caf\xC3\xA9 \xE2\x82\xAC" "5 \xF0\x9F\x98\x80!"), "caf? ?5 ?!");
  EXPECT_EQ(mr::printableText("tab\there"), "tab?here");
  core::NewRequest request;
  request.callVariables[0] = "Z\xC3\xBCrich";
  request.eccVariables = {{"city", "K\xC3\xB6ln"}};
  NewTaskBuffer buffer;
  auto contact = callbackContact();
  contact.title = "R\xC3\xA9sum\xC3\xA9";
  buildNewTask(contact, &request, core::TaskOrder{contact.id, core::TaskReasonCode::New, {}}, TaskMapping{}, buffer);
  EXPECT_EQ(buffer.task.text, "R?sum?");
  EXPECT_EQ(buffer.task.callVariables[0], "Z?rich") << "5 characters, 5 bytes";
  ASSERT_EQ(buffer.task.namedVariables.size(), 1u);
  EXPECT_EQ(buffer.task.namedVariables[0].value, "K?ln");
}

// Spec socialminer-rest 8.5: a `cce` rule supplies the script selector and MRD; a selector
// the customer's page sent still wins.
TEST(TaskMapping, ACceRuleSuppliesSelectorAndDomainUnlessTheRequestNamesASelector) {
  const core::CceRouting cce{"RuleSelector", 7};
  NewTaskBuffer buffer;
  const auto contact = callbackContact();
  const core::TaskOrder order{contact.id, core::TaskReasonCode::New, {}};
  core::NewRequest plain;
  buildNewTask(contact, &plain, order, TaskMapping{}, buffer, &cce);
  EXPECT_EQ(buffer.task.scriptSelector, "RuleSelector");
  EXPECT_EQ(buffer.task.mrDomainId, 7u);
  core::NewRequest named;
  named.scriptSelector = "PageSelector";
  buildNewTask(contact, &named, order, TaskMapping{}, buffer, &cce);
  EXPECT_EQ(buffer.task.scriptSelector, "PageSelector");
  EXPECT_EQ(buffer.task.mrDomainId, 7u);
  const core::CceRouting selectorOnly{"RuleSelector", 0};
  buildNewTask(contact, &plain, order, TaskMapping{}, buffer, &selectorOnly);
  EXPECT_EQ(buffer.task.mrDomainId, 1u) << "no domain in the rule: the callback domain";
}

TEST(TaskMapping, TaskWithoutSelectorUsesTheDefaultAndRecoveryNamesThePreviousTask) {
  core::Contact contact = callbackContact();
  contact.sourceType = core::SourceType::Task;
  NewTaskBuffer buffer;
  TaskMapping mapping;
  mapping.mrdTask = 7;
  mapping.defaultScriptSelector = "TaskDN";
  buildNewTask(contact, nullptr, core::TaskOrder{contact.id, core::TaskReasonCode::Recovery, "150000_12_0"}, mapping,
               buffer);
  EXPECT_EQ(buffer.task.mrDomainId, 7u);
  EXPECT_EQ(buffer.task.scriptSelector, "TaskDN");
  EXPECT_EQ(buffer.task.ani, "");
  EXPECT_EQ(buffer.task.applicationString2, "task");
  EXPECT_EQ(buffer.task.reason, mr::TaskReason::Recovery);
  EXPECT_EQ(buffer.task.previousTask, (mr::TaskId{150000, 12, 0}));
}

TEST(TaskMapping, TaskIdsReadAsInRest) {
  EXPECT_EQ(taskIdText(mr::TaskId{150000, 3, 0}), "150000_3_0");
  EXPECT_EQ(taskIdText(mr::TaskId{}), "");
  EXPECT_EQ(parseTaskId("150000_3_0"), (mr::TaskId{150000, 3, 0}));
  EXPECT_TRUE(parseTaskId("").none());
  EXPECT_TRUE(parseTaskId("1_2").none());
  EXPECT_TRUE(parseTaskId("1_x_3").none());
}

TEST(TaskMapping, FailuresMapToTheSpecOutcomes) {
  using F = core::DialogueFailure;
  using mr::DialogueEnd;
  using mr::ErrorCode;
  EXPECT_EQ(failureOf(DialogueEnd::LinkLost, ErrorCode::PgOffline), F::LinkLost);
  EXPECT_EQ(failureOf(DialogueEnd::Cancelled, ErrorCode::NoError), F::Cancelled);
  EXPECT_EQ(failureOf(DialogueEnd::Failed, ErrorCode::RoutingNotAvailable), F::RoutingNotAvailable);
  EXPECT_EQ(failureOf(DialogueEnd::Rejected, ErrorCode::DuplicateDialogueId), F::DuplicateDialogue);
  EXPECT_EQ(failureOf(DialogueEnd::Failed, ErrorCode::NoScript), F::NoScript);
  EXPECT_EQ(failureOf(DialogueEnd::Failed, ErrorCode::InvalidMrdId), F::InvalidMrd);
  EXPECT_EQ(failureOf(DialogueEnd::Rejected, ErrorCode::InvalidScriptSelector), F::InvalidScriptSelector);
  EXPECT_EQ(failureOf(DialogueEnd::Failed, ErrorCode::TaskAbandonedInRouter), F::Other);
  EXPECT_EQ(failureOf(DialogueEnd::Failed, static_cast<ErrorCode>(0x99)), F::Other);
  EXPECT_EQ(core::discardReason(F::InvalidScriptSelector), "notification_invalid_script_selector");
  EXPECT_EQ(core::discardReason(F::RoutingNotAvailable), "");
}

}  // namespace
}  // namespace smfront::media_routing
