// Callbacks and tasks routed through CCE: the real smfront with routing = mr and
// the real mrpg-sim playing the MR PG on loopback.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <csignal>
#include <map>
#include <set>

#include "mr_client.hpp"
#include "server_fixture.hpp"
#include "support/wait.hpp"

namespace smfront::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;


TEST(MrRouting, CallbackIsRoutedThroughMrToAnAgentAndHandled) {
  ServerFixture server(mrConfig({}, {{"virtual_agents", json::array{json::object{{"name", "va1"}, {"handle_ms", 300}, {"greeting", ""}}}}}));
  Api api(server.port("http"));
  EXPECT_EQ(api.mrStatus().at("state"), "down");
  Simulator sim(server.port("mr"), {"--agents", "va1", "--delay", "20ms", "--heartbeat", "200ms"});
  ASSERT_TRUE(sim.waitForOpened()) << sim.process().stderrTail();
  ASSERT_TRUE(waitUntil([&] { return api.mrStatus().at("state") == "open"; }, 5s));

  const auto path = api.callback();
  ASSERT_TRUE(sim.waitForCount("out", "DO_THIS_WITH_TASK", 1)) << server.process().stderrTail();
  const auto contacts = sim.newTaskContacts();
  ASSERT_EQ(contacts.size(), 1u);
  EXPECT_EQ(contacts[0], idOf(path)) << "ApplicationString1 is the contact id";
  for (const auto& o : sim.lines()) {
    if (o.contains("type") && o.at("type") == "NEW_TASK") {
      EXPECT_EQ(o.at("mrd"), 1) << "callbacks use MRD 1";
      EXPECT_EQ(o.at("sel"), "Default") << "mr.default_script_selector";
    }
  }
  EXPECT_TRUE(waitUntil([&] { return api.status(path) == "handled"; }, 5s)) << "the virtual agent va1 handled it";
  EXPECT_NE(api.contact(path).find("<statusUserId>va1</statusUserId>"), std::string::npos) << api.contact(path);

  // Heartbeats are answered, and the link shows in status and metrics.
  ASSERT_TRUE(sim.waitForCount("in", "HEARTBEAT_CONF", 2));
  const auto status = api.mrStatus();
  EXPECT_EQ(status.at("state"), "open");
  EXPECT_EQ(status.at("peripheral_id"), 5000);
  EXPECT_EQ(status.at("routed"), 1);
  const auto metrics = api.call("GET", "/metrics").body;
  EXPECT_NE(metrics.find("smfront_mr_link_state 2"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("smfront_mr_tasks_routed_total 1"), std::string::npos);
  EXPECT_NE(metrics.find("smfront_mr_new_tasks_total 1"), std::string::npos);

  // SIGTERM on smfront: CLOSE_REQ to the PG, which confirms it.
  ASSERT_EQ(server.process().signalAndWait(SIGTERM, 10s), 0);
  EXPECT_TRUE(sim.waitFor([](const json::object& o) {
    return o.contains("type") && o.at("type") == "CLOSE_REQ" && o.at("dir") == "in";
  }));
  ::kill(sim.process().pid(), SIGKILL);
}

TEST(MrRouting, QueuedTaskShowsTheSimulatorsEstimatedWait) {
  ServerFixture server(mrConfig());
  Api api(server.port("http"));
  Simulator sim(server.port("mr"), {"--agents", "mary", "--delay", "10ms", "--handle-time", "45"});
  ASSERT_TRUE(sim.waitForOpened()) << sim.process().stderrTail();
  const auto first = api.task();
  ASSERT_TRUE(sim.waitForCount("out", "DO_THIS_WITH_TASK", 1));
  EXPECT_TRUE(waitUntil([&] { return api.status(first) == "reserved"; }, 5s));
  EXPECT_EQ(api.field(first, "agentID"), "mary");
  EXPECT_EQ(api.field(first, "taskID").rfind("150000_", 0), 0u) << "the ICMTaskID as day_callId_seq";

  const auto second = api.task();
  ASSERT_TRUE(sim.waitForCount("out", "TASK_QUEUED_EVENT", 1));
  EXPECT_TRUE(waitUntil([&] { return api.field(second, "estimatedWaitTime") == "45"; }, 5s))
      << api.call("GET", second).body;
  EXPECT_EQ(api.status(second), "queued");

  // A customer cancel sends CANCEL_TASK; the PG confirms.
  EXPECT_EQ(api.call("DELETE", second).status, 200);
  ASSERT_TRUE(sim.waitForCount("in", "CANCEL_TASK", 1));
  ASSERT_TRUE(sim.waitForCount("out", "CANCEL_TASK_CONF", 1));
  EXPECT_TRUE(waitUntil([&] { return api.mrStatus().at("in_flight") == 0; }, 5s));
  ::kill(sim.process().pid(), SIGKILL);
}

TEST(MrRouting, DialogueFailureDiscardsWithItsReason) {
  ServerFixture server(mrConfig());
  Api api(server.port("http"));
  Simulator sim(server.port("mr"), {"--agents", "mary", "--selectors", "TaskDN"});
  ASSERT_TRUE(sim.waitForOpened()) << sim.process().stderrTail();
  const auto path = api.task("Unknown");
  ASSERT_TRUE(sim.waitForCount("out", "DIALOGUE_FAILURE_CONF", 1));
  EXPECT_TRUE(waitUntil(
      [&] {
        const auto c = api.contact(path);
        return textBetween(c, "<status>", "</status>") == "discarded" &&
               textBetween(c, "<statusReason>", "</statusReason>") == "notification_invalid_script_selector";
      },
      5s))
      << api.contact(path);
  ::kill(sim.process().pid(), SIGKILL);
}

TEST(MrRouting, ANewTaskLeftUnansweredPastTheTimeoutIsCancelledAndDiscarded) {
  ServerFixture server(mrConfig(json::object{{"new_task_timeout", 1}}));
  Api api(server.port("http"));
  Simulator sim(server.port("mr"), {"--agents", "mary", "--delay", "60s"});
  ASSERT_TRUE(sim.waitForOpened()) << sim.process().stderrTail();
  const auto path = api.task();
  ASSERT_TRUE(sim.waitForCount("in", "NEW_TASK", 1));
  ASSERT_TRUE(sim.waitForCount("in", "CANCEL_TASK", 1, 5s)) << server.process().stderrTail();
  ASSERT_TRUE(sim.waitForCount("out", "CANCEL_TASK_CONF", 1));
  EXPECT_TRUE(waitUntil(
      [&] {
        const auto c = api.contact(path);
        return textBetween(c, "<status>", "</status>") == "discarded" &&
               textBetween(c, "<statusReason>", "</statusReason>") == "notification_invalid_new_task_message";
      },
      5s))
      << api.contact(path);
  EXPECT_TRUE(waitUntil([&] { return api.mrStatus().at("in_flight") == 0; }, 5s));
  EXPECT_NE(api.call("GET", "/metrics").body.find("smfront_mr_tasks_timed_out_total 1"), std::string::npos);
  ::kill(sim.process().pid(), SIGKILL);
}

TEST(MrRouting, KillingTheSimulatorMidFlightDeliversEveryPendingTaskExactlyOnce) {
  ServerFixture server(mrConfig());
  Api api(server.port("http"));
  auto first = std::make_unique<Simulator>(server.port("mr"), std::vector<std::string>{
      "--agents", "a1,a2", "--delay", "10ms", "--handle-time", "600"});
  ASSERT_TRUE(first->waitForOpened()) << first->process().stderrTail();
  std::vector<std::string> paths;
  for (int i = 0; i < 8; ++i) paths.push_back(api.callback("C" + std::to_string(i)));
  // Two are routed, six wait in the PG's queue: in flight when it dies.
  ASSERT_TRUE(first->waitForCount("out", "DO_THIS_WITH_TASK", 2));
  ASSERT_TRUE(first->waitForCount("out", "TASK_QUEUED_EVENT", 6));
  // The simulator wrote both assignments; smfront must have read them before the kill.
  const auto reservedCount = [&] {
    return std::count_if(paths.begin(), paths.end(), [&](const std::string& p) { return api.status(p) == "reserved"; });
  };
  ASSERT_TRUE(waitUntil([&] { return reservedCount() == 2; }, 5s));
  ASSERT_EQ(::kill(first->process().pid(), SIGKILL), 0);
  ASSERT_TRUE(waitUntil([&] { return api.mrStatus().at("state") == "down"; }, 5s));
  std::set<std::string> reservedBefore;
  for (const auto& p : paths) {
    if (api.status(p) == "reserved") reservedBefore.insert(idOf(p));
  }
  EXPECT_EQ(reservedBefore.size(), 2u);
  // More arrive while no PG is connected: they wait.
  for (int i = 8; i < 12; ++i) paths.push_back(api.callback("C" + std::to_string(i)));
  EXPECT_EQ(api.mrStatus().at("pending"), 10);
  EXPECT_EQ(api.status(paths.back()), "queued");

  Simulator second(server.port("mr"), {"--agents", "b1,b2,b3,b4,b5,b6,b7,b8,b9,b10,b11,b12", "--delay", "10ms",
                                       "--handle-time", "600"});
  ASSERT_TRUE(second.waitForOpened()) << second.process().stderrTail();
  ASSERT_TRUE(second.waitForCount("out", "DO_THIS_WITH_TASK", 10)) << server.process().stderrTail();
  for (const auto& p : paths) EXPECT_TRUE(waitUntil([&] { return api.status(p) == "reserved"; }, 5s)) << p;

  // Exactly the ten that were not reserved went to the new PG, each once, in creation order.
  const auto resent = second.newTaskContacts();
  std::vector<std::string> expected;
  for (const auto& p : paths) {
    if (!reservedBefore.contains(idOf(p))) expected.push_back(idOf(p));
  }
  EXPECT_EQ(resent, expected);
  // Nothing more arrives: the last lines hold no NEW_TASK beyond these.
  EXPECT_EQ(api.mrStatus().at("pending"), 0);
  EXPECT_EQ(api.mrStatus().at("in_flight"), 0);
  EXPECT_EQ(second.count("out", "DO_THIS_WITH_TASK"), 10u);
  ::kill(second.process().pid(), SIGKILL);
}

// A raw TCP peer on the MR port, for what a simulator never does.
int connectTo(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  timeval timeout{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  return fd;
}

std::string readAll(int fd) {
  std::string out;
  char buffer[4096];
  for (;;) {
    const auto n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    out.append(buffer, static_cast<std::size_t>(n));
  }
  return out;
}

std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}

TEST(MrRouting, APeerOutsideTheAllowListIsClosedAtOnce) {
  ServerFixture server(mrConfig(json::object{{"allowed_peers", json::array{"127.0.0.2"}}}));
  const int fd = connectTo(server.port("mr"));
  ASSERT_GE(fd, 0);
  EXPECT_EQ(readAll(fd), "") << "closed without a byte";
  ::close(fd);
  Api api(server.port("http"));
  EXPECT_NE(api.call("GET", "/metrics").body.find("smfront_connections_rejected_total{door=\"mr\",reason=\"not_allowed\"} 1"), std::string::npos);
}

TEST(MrRouting, OversizedFrameIsAnsweredAndClosedWithoutHarmingTheOpenSession) {
  ServerFixture server(mrConfig());
  Api api(server.port("http"));
  Simulator sim(server.port("mr"), {"--agents", "mary", "--delay", "10ms", "--garbage-rate", "1", "--heartbeat", "100ms"});
  ASSERT_TRUE(sim.waitForOpened()) << sim.process().stderrTail();

  // Traffic before OPEN from a second peer: E_SESSION_NOT_ACTIVE; then a frame over the limit.
  const int fd = connectTo(server.port("mr"));
  ASSERT_GE(fd, 0);
  const std::string heartbeat = be32(4) + be32(5) + be32(1);
  const std::string oversized = be32(16385) + be32(5);
  ASSERT_EQ(::send(fd, heartbeat.data(), heartbeat.size(), 0), static_cast<ssize_t>(heartbeat.size()));
  ASSERT_EQ(::send(fd, oversized.data(), oversized.size(), 0), static_cast<ssize_t>(oversized.size()));
  const std::string answer = readAll(fd);  // until smfront closes
  ::close(fd);
  ASSERT_GE(answer.size(), 8u);
  EXPECT_TRUE(answer.substr(4, 4) == be32(1) || answer.substr(4, 4) == be32(2)) << "FAILURE_CONF or FAILURE_EVENT";
  EXPECT_NE(answer.find(be32(4)), std::string::npos) << "E_SESSION_NOT_ACTIVE";
  EXPECT_NE(answer.find(be32(2) + be32(0x21)), std::string::npos) << "FAILURE_EVENT E_INVALID_MESSAGE";

  // The simulator's garbage is answered too, and its session still routes.
  const auto path = api.callback();
  ASSERT_TRUE(sim.waitForCount("out", "DO_THIS_WITH_TASK", 1));
  EXPECT_TRUE(waitUntil([&] { return api.status(path) == "reserved"; }, 5s));
  EXPECT_EQ(api.mrStatus().at("state"), "open");
  EXPECT_EQ(api.mrStatus().at("sessions"), 1);
  const auto metrics = api.call("GET", "/metrics").body;
  EXPECT_EQ(metrics.find("smfront_mr_violations_total 0"), std::string::npos) << "garbage was counted";
  ::kill(sim.process().pid(), SIGKILL);
}

}  // namespace
}  // namespace smfront::testing
