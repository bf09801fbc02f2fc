// Pending MR tasks survive kill -9: with routing = mr, tasks made while no PG
// is connected and tasks whose NEW_TASK a slow PG never answered are all sent
// again, each once and in creation order, by the next smfront on the same data
// directory when a PG connects.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <csignal>

#include "mr_client.hpp"
#include "restarts.hpp"
#include "server_fixture.hpp"
#include "support/wait.hpp"

namespace smfront::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

json::object mrTasksConfig() {
  return {{"routing", "mr"},
          {"feeds", json::array{json::object{{"name", "Callbacks"}, {"type", "callback"}},
                                json::object{{"name", "Tasks"}, {"type", "task"}}}},
          {"users", adminUsers()}};
}

TEST(MrDurability, PendingTasksAreSentExactlyOnceInCreationOrderAfterKill9) {
  Restarts server(mrTasksConfig());
  server.start();
  std::vector<std::string> paths;
  {
    Api api(server.port());
    // No PG yet: these wait.
    for (int i = 0; i < 3; ++i) paths.push_back(api.task("TaskDN"));
    EXPECT_EQ(api.mrStatus().at("pending"), 3);

    // A PG that answers nothing for a minute: every NEW_TASK stays open.
    Simulator slow(server.port("mr"), {"--agents", "mary", "--delay", "60s"});
    ASSERT_TRUE(slow.waitForOpened()) << slow.process().stderrTail();
    ASSERT_TRUE(slow.waitForCount("in", "NEW_TASK", 3));
    for (int i = 3; i < 6; ++i) paths.push_back(api.task("TaskDN"));
    ASSERT_TRUE(slow.waitForCount("in", "NEW_TASK", 6));
    EXPECT_EQ(api.mrStatus().at("in_flight"), 6);

    ASSERT_EQ(server.process().signalAndWait(SIGKILL, 10s), 128 + SIGKILL);
    ::kill(slow.process().pid(), SIGKILL);
  }

  server.start();
  Api api(server.port());
  for (const auto& p : paths) EXPECT_EQ(api.status(p), "queued") << p;
  EXPECT_EQ(api.mrStatus().at("pending"), 6);
  paths.push_back(api.task("TaskDN"));  // after the restart: behind the older ones

  Simulator sim(server.port("mr"), {"--agents", "b1,b2,b3,b4,b5,b6,b7,b8", "--delay", "10ms", "--handle-time", "600"});
  ASSERT_TRUE(sim.waitForOpened()) << sim.process().stderrTail();
  ASSERT_TRUE(sim.waitForCount("out", "DO_THIS_WITH_TASK", paths.size())) << server.process().stderrTail();
  for (const auto& p : paths) EXPECT_TRUE(waitUntil([&] { return api.status(p) == "reserved"; }, 5s)) << p;
  ASSERT_TRUE(waitUntil([&] { return api.mrStatus().at("in_flight") == 0; }, 5s));

  std::vector<std::string> expected;
  for (const auto& p : paths) expected.push_back(idOf(p));
  EXPECT_EQ(sim.newTaskContacts(), expected) << "each once, in creation order";
  EXPECT_EQ(api.mrStatus().at("pending"), 0);
  // The one made after the restart is new; the others may carry Reason 2 with the
  // task id the slow PG gave, when that reached the store before the kill.
  for (const auto& o : sim.lines()) {
    if (Simulator::is(o, "in", "NEW_TASK") && o.at("contact") == json::string_view(expected.back())) {
      EXPECT_EQ(o.at("reason"), 0);
    }
  }
  ::kill(sim.process().pid(), SIGKILL);
}

}  // namespace
}  // namespace smfront::testing
