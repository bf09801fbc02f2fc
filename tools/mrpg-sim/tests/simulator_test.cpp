#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <csignal>
#include <string>
#include <vector>

#include "fake_application.hpp"
#include "support/process.hpp"

namespace smfront::mrpgsim {
namespace {

using namespace std::chrono_literals;
using testing::FakeApplication;
using testing::SeenEvent;

// mrpg-sim as a child process, its stdout read line by line.
smfront::testing::SmfrontProcess simulator(const FakeApplication& app, std::vector<std::string> args) {
  std::vector<std::string> all{"--app", "127.0.0.1:" + std::to_string(app.port()), "--reconnect", "100ms"};
  all.insert(all.end(), args.begin(), args.end());
  return smfront::testing::SmfrontProcess({.extraArgs = all, .binary = MRPG_SIM_BINARY});
}

// Stdout lines until the summary (or the deadline / end of output), parsed.
std::vector<boost::json::object> readUntilSummary(smfront::testing::SmfrontProcess& sim) {
  std::vector<boost::json::object> lines;
  while (auto line = sim.readStdoutLine(5s)) {
    lines.push_back(boost::json::parse(*line).as_object());
    if (lines.back().contains("event") && lines.back().at("event") == "summary") break;
  }
  return lines;
}

mr::NewTask taskWithTenCallVariables(const char* selector) {
  mr::NewTask task;
  task.mrDomainId = mr::kMrdTask;
  task.scriptSelector = selector;
  for (auto& cv : task.callVariables) cv = "call variable";
  return task;
}

TEST(MrpgSim, OpensRoutesQueuesCancelsRejectsAndClosesCleanly) {
  FakeApplication app;
  auto sim = simulator(app, {"--agents", "mary", "--delay", "50ms", "--handle-time", "60", "--heartbeat", "200ms",
                             "--selectors", "TaskDN"});
  sim.spawn();
  ASSERT_TRUE(app.accept(5s)) << sim.stderrTail();
  ASSERT_NE(app.waitFor("opened", 5s), nullptr);
  const SeenEvent* routing = app.waitFor("routing", 5s);
  ASSERT_NE(routing, nullptr);
  EXPECT_TRUE(routing->available);

  // A free agent: NEW_TASK_CONF, then DO_THIS_WITH_TASK naming her.
  mr::NewTask first = taskWithTenCallVariables("TaskDN");
  const std::uint32_t a = app.startTask(first);
  ASSERT_NE(a, 0u);
  const SeenEvent* routed = app.waitFor("routed", 5s);
  ASSERT_NE(routed, nullptr);
  EXPECT_EQ(routed->dialogueId, a);
  EXPECT_EQ(routed->label, "mary");
  EXPECT_EQ(app.count(mr::MessageType::NewTaskConf), 1u);

  // Mary is busy for 60 s: the next task is queued with EWT = 1 x 60, then cancelled.
  app.clearSeen();
  mr::NewTask second = taskWithTenCallVariables("TaskDN");
  const std::uint32_t b = app.startTask(second);
  const SeenEvent* queued = app.waitFor("queued", 5s);
  ASSERT_NE(queued, nullptr);
  EXPECT_EQ(queued->dialogueId, b);
  EXPECT_EQ(queued->ewt, 60u);
  ASSERT_TRUE(app.cancelTask(b));
  const SeenEvent* cancelled = app.waitFor("ended", 5s);
  ASSERT_NE(cancelled, nullptr);
  EXPECT_EQ(cancelled->how, mr::DialogueEnd::Cancelled);
  EXPECT_EQ(cancelled->code, mr::ErrorCode::NoError);

  // A selector the simulator does not know is rejected at once.
  app.clearSeen();
  mr::NewTask third = taskWithTenCallVariables("Other");
  app.startTask(third);
  const SeenEvent* rejected = app.waitFor("ended", 5s);
  ASSERT_NE(rejected, nullptr);
  EXPECT_EQ(rejected->how, mr::DialogueEnd::Rejected);
  EXPECT_EQ(rejected->code, mr::ErrorCode::InvalidScriptSelector);

  // Heartbeats every 200 ms, answered by the session.
  ASSERT_TRUE(app.runUntil([&] { return app.count(mr::MessageType::HeartbeatReq) >= 2; }, 5s));

  // SIGTERM: CLOSE_REQ, our CLOSE_CONF, exit 0.
  app.clearSeen();
  ASSERT_EQ(::kill(sim.pid(), SIGTERM), 0);
  const SeenEvent* closed = app.waitFor("closed", 5s);
  ASSERT_NE(closed, nullptr);
  EXPECT_EQ(closed->reason, mr::CloseReason::PeerClosed);
  EXPECT_EQ(sim.waitForExit(5s), 0) << sim.stderrTail();

  const auto lines = readUntilSummary(sim);
  ASSERT_FALSE(lines.empty());
  const boost::json::object& summary = lines.back();
  ASSERT_EQ(summary.at("event"), "summary");
  EXPECT_EQ(summary.at("routed"), 1);
  EXPECT_EQ(summary.at("queued"), 1);
  EXPECT_EQ(summary.at("cancelled"), 1);
  EXPECT_EQ(summary.at("rejected"), 1);
  EXPECT_EQ(summary.at("invalid_in"), 0);
  EXPECT_EQ(summary.at("exit"), 0);
  bool sawResult = false;
  for (const auto& line : lines) {
    if (line.contains("type") && line.at("type") == "DO_THIS_WITH_TASK") {
      EXPECT_EQ(line.at("dir"), "out");
      EXPECT_EQ(line.at("label"), "mary");
      EXPECT_EQ(line.at("dlg"), a);
      EXPECT_EQ(line.at("seq"), 2) << "NEW_TASK_CONF was 1";
      sawResult = true;
    }
  }
  EXPECT_TRUE(sawResult);
}

TEST(MrpgSim, ReconnectsAfterTheLinkIsLost) {
  FakeApplication app;
  auto sim = simulator(app, {"--float", "1+1", "--heartbeat", "1"});
  sim.spawn();
  ASSERT_TRUE(app.accept(5s)) << sim.stderrTail();
  ASSERT_NE(app.waitFor("opened", 5s), nullptr);
  app.dropConnection();

  // A new connection after the reconnect interval, opened again.
  ASSERT_TRUE(app.accept(5s)) << sim.stderrTail();
  ASSERT_NE(app.waitFor("opened", 5s), nullptr);
  ASSERT_EQ(::kill(sim.pid(), SIGINT), 0);
  ASSERT_NE(app.waitFor("closed", 5s), nullptr);
  EXPECT_EQ(sim.waitForExit(5s), 0) << sim.stderrTail();
  const auto lines = readUntilSummary(sim);
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.back().at("links"), 2);
}

TEST(MrpgSim, NoQueueFailsTheTaskWhenNoAgentIsFree) {
  FakeApplication app;
  auto sim = simulator(app, {"--agents", "mary", "--delay", "0ms", "--no-queue", "--once"});
  sim.spawn();
  ASSERT_TRUE(app.accept(5s)) << sim.stderrTail();
  ASSERT_NE(app.waitFor("opened", 5s), nullptr);
  mr::NewTask first = taskWithTenCallVariables("Any");
  app.startTask(first);
  ASSERT_NE(app.waitFor("routed", 5s), nullptr);
  mr::NewTask second = taskWithTenCallVariables("Any");
  app.startTask(second);
  const SeenEvent* failed = app.waitFor("ended", 5s);
  ASSERT_NE(failed, nullptr);
  EXPECT_EQ(failed->how, mr::DialogueEnd::Failed);
  EXPECT_EQ(failed->code, mr::ErrorCode::RoutingNotAvailable);

  // --once: our CLOSE_REQ ends the simulator, cleanly.
  app.session().close(std::chrono::steady_clock::now());
  ASSERT_TRUE(app.runUntil([&] { return app.session().closeDecision().has_value(); }, 5s));
  EXPECT_EQ(app.session().closeDecision(), mr::CloseReason::Closed);
  EXPECT_EQ(sim.waitForExit(5s), 0) << sim.stderrTail();
}

TEST(MrpgSim, GarbageIsAnsweredAndTheLinkGoesOn) {
  FakeApplication app;
  auto sim = simulator(app, {"--garbage-rate", "1", "--heartbeat", "100ms", "--seed", "7"});
  sim.spawn();
  ASSERT_TRUE(app.accept(5s)) << sim.stderrTail();
  ASSERT_NE(app.waitFor("opened", 5s), nullptr);
  ASSERT_TRUE(app.runUntil([&] { return app.count(mr::MessageType::HeartbeatReq) >= 3; }, 5s));
  std::size_t violations = 0;
  for (const SeenEvent& e : app.seen()) violations += e.kind == "violation" ? 1 : 0;
  EXPECT_GE(violations, 4u) << "one malformed frame before every message";
  EXPECT_EQ(app.session().state(), mr::LinkState::Open);

  ASSERT_EQ(::kill(sim.pid(), SIGTERM), 0);
  ASSERT_NE(app.waitFor("closed", 5s), nullptr);
  EXPECT_EQ(sim.waitForExit(5s), 0) << sim.stderrTail();
  const auto lines = readUntilSummary(sim);
  ASSERT_FALSE(lines.empty());
  EXPECT_GE(lines.back().at("garbage_out").as_int64(), 4);
}

TEST(MrpgSim, DropAfterClosesTheConnectionAndReconnects) {
  FakeApplication app;
  // OPEN_REQ, OPEN_CONF, ROUTING_STATUS_EVENT, then the connection goes.
  auto sim = simulator(app, {"--drop-after", "3"});
  sim.spawn();
  ASSERT_TRUE(app.accept(5s)) << sim.stderrTail();
  const SeenEvent* closed = app.waitFor("closed", 5s);
  ASSERT_NE(closed, nullptr);
  EXPECT_EQ(closed->reason, mr::CloseReason::Disconnected);
  EXPECT_EQ(app.count(mr::MessageType::RoutingStatusEvent), 1u);
  app.clearSeen();
  ASSERT_TRUE(app.accept(5s)) << "reconnected; " << sim.stderrTail();
  ASSERT_NE(app.waitFor("opened", 5s), nullptr);
}

}  // namespace
}  // namespace smfront::mrpgsim
