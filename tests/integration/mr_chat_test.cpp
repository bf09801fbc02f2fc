// Chats of a feed with mrRouting, routed through CCE: the real smfront with
// routing = mr, the real mrpg-sim, and a customer's chat widget.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <csignal>

#include "chat_client.hpp"
#include "mr_client.hpp"
#include "server_fixture.hpp"
#include "support/wait.hpp"

namespace smfront::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr long kRoutedChat = 100000;

json::object chatConfig() {
  return json::object{
      {"routing", "mr"},
      {"feeds", json::array{json::object{{"name", "Routed chat"}, {"type", "chat"}, {"mr_routing", true}}}},
      {"virtual_agents",
       json::array{json::object{{"name", "va1"}, {"join_after_ms", 50}, {"greeting", "Hello from va1"}}}},
      {"users", adminUsers()}};
}

bool presence(const std::vector<PolledEvent>& events, const std::string& who, const std::string& what) {
  return std::any_of(events.begin(), events.end(),
                     [&](const PolledEvent& e) { return e.kind == "PresenceEvent" && e.from == who && e.value == what; });
}

TEST(MrChat, AChatIsSentAsNewTaskAndTheRoutedAgentJoinsTheRoom) {
  ServerFixture server(chatConfig());
  Api api(server.port("http"));
  Simulator sim(server.port("mr"), {"--agents", "va1", "--delay", "20ms", "--handle-time", "600"});
  ASSERT_TRUE(sim.waitForOpened()) << sim.process().stderrTail();

  ChatClient widget(server.port("http"));
  ASSERT_EQ(widget.start(kRoutedChat, "Pat").status, 201);
  ASSERT_TRUE(sim.waitForCount("out", "DO_THIS_WITH_TASK", 1)) << server.process().stderrTail();
  const auto contacts = sim.newTaskContacts();
  ASSERT_EQ(contacts.size(), 1u);
  for (const auto& o : sim.lines()) {
    if (Simulator::is(o, "in", "NEW_TASK")) {
      EXPECT_EQ(o.at("mrd"), 3) << "chats use mr.mrd.chat";
    }
  }
  EXPECT_TRUE(widget.pollUntil([](const auto& events) { return presence(events, "va1", "joined"); }, 5s))
      << "the agent CCE named joins the room";
  EXPECT_TRUE(widget.pollUntil(
      [](const auto& events) {
        return std::any_of(events.begin(), events.end(),
                           [](const PolledEvent& e) { return e.kind == "MessageEvent" && e.value == "Hello from va1"; });
      },
      5s));
  const auto contact = api.contact(contacts[0]);
  EXPECT_EQ(textBetween(contact, "<statusUserId>", "</statusUserId>"), "va1") << contact;
  EXPECT_EQ(api.mrStatus().at("routed"), 1);
  ::kill(sim.process().pid(), SIGKILL);
}

TEST(MrChat, BeyondMrPendingTasksANewRoutedChatIsRefusedBeforeItExists) {
  auto config = chatConfig();
  config["limits"] = json::object{{"mr_pending_tasks", 1}};
  ServerFixture server(config);  // no PG connected: the first chat waits to be sent
  Api api(server.port("http"));
  ChatClient first(server.port("http"));
  ASSERT_EQ(first.start(kRoutedChat, "Pat").status, 201);
  ChatClient second(server.port("http"));
  const auto refused = second.start(kRoutedChat, "Sam");
  EXPECT_EQ(refused.status, 503) << refused.describe();
  EXPECT_TRUE(refused.header("retry-after").has_value()) << refused.describe();
  EXPECT_NE(refused.body.find("serviceUnavailable"), std::string::npos) << refused.body;
  EXPECT_EQ(api.mrStatus().at("pending"), 1) << "no contact made only to be discarded";
  EXPECT_EQ(first.poll(true).status, 200) << "the waiting chat goes on";
}

TEST(MrChat, ADialogueFailureEndsTheChatRejectedWithTheSpecReason) {
  ServerFixture server(chatConfig());
  Api api(server.port("http"));
  // Chats carry mr.default_script_selector ("Default"), which this PG does not know.
  Simulator sim(server.port("mr"), {"--agents", "va1", "--selectors", "TaskDN"});
  ASSERT_TRUE(sim.waitForOpened()) << sim.process().stderrTail();

  ChatClient widget(server.port("http"));
  ASSERT_EQ(widget.start(kRoutedChat, "Pat").status, 201);
  ASSERT_TRUE(sim.waitForCount("out", "DIALOGUE_FAILURE_CONF", 1)) << server.process().stderrTail();
  EXPECT_TRUE(widget.pollUntil(
      [&](const auto&) { return widget.sawEvent("StatusEvent", "chat_request_rejected_by_agent"); }, 5s));
  const auto contact = api.contact(sim.newTaskContacts().at(0));
  EXPECT_EQ(textBetween(contact, "<status>", "</status>"), "discarded") << contact;
  EXPECT_EQ(textBetween(contact, "<statusReason>", "</statusReason>"), "notification_invalid_script_selector");
  EXPECT_FALSE(presence(widget.events(), "va1", "joined")) << "nobody claims a chat CCE routes";
  ::kill(sim.process().pid(), SIGKILL);
}

TEST(MrChat, TheCustomerLeavingBeforeAnAgentSendsCancelTask) {
  ServerFixture server(chatConfig());
  Api api(server.port("http"));
  Simulator sim(server.port("mr"), {"--agents", "va1", "--delay", "30s"});
  ASSERT_TRUE(sim.waitForOpened()) << sim.process().stderrTail();

  ChatClient widget(server.port("http"));
  ASSERT_EQ(widget.start(kRoutedChat, "Pat").status, 201);
  ASSERT_TRUE(sim.waitForCount("in", "NEW_TASK", 1));
  EXPECT_EQ(widget.send("PUT", "/ccp/chat/leaveChat").status, 200);
  ASSERT_TRUE(sim.waitForCount("in", "CANCEL_TASK", 1)) << server.process().stderrTail();
  ASSERT_TRUE(sim.waitForCount("out", "CANCEL_TASK_CONF", 1));
  EXPECT_TRUE(waitUntil([&] { return api.mrStatus().at("in_flight") == 0; }, 5s));
  const auto contact = api.contact(sim.newTaskContacts().at(0));
  EXPECT_EQ(textBetween(contact, "<status>", "</status>"), "discarded") << contact;
  EXPECT_EQ(sim.count("out", "DO_THIS_WITH_TASK"), 0u);
  ::kill(sim.process().pid(), SIGKILL);
}

}  // namespace
}  // namespace smfront::testing
