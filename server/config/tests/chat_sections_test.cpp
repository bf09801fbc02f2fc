// The sections that set up chat for a lab: seeded feeds, virtual agents, CORS
// origins and the public base URL.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/config_loader.hpp"
#include "config/config_printer.hpp"
#include "config/tests/error_helpers.hpp"

namespace smfront::config {
namespace {

using namespace std::chrono_literals;
using testing::errorsOf;
using ::testing::ElementsAre;

TEST(ChatSections, DefaultsAllowNoForeignOriginAndSeedNothing) {
  const Config c = defaults();
  EXPECT_TRUE(c.corsOrigins.empty()) << "only smfront's own pages, unless configured";
  EXPECT_TRUE(c.feeds.empty());
  EXPECT_TRUE(c.virtualAgents.empty());
  EXPECT_TRUE(c.publicBaseUrl.empty());
}

TEST(ChatSections, FeedsAndVirtualAgentsAreRead) {
  const Config c = parseConfig(R"({
    "feeds": [{"name": "Web chat", "type": "chat", "tags": ["web"], "chat_join_timeout_s": 5},
              {"name": "Callbacks", "type": "callback"}],
    "virtual_agents": [{"name": "echo-bot", "join_after_ms": 250, "greeting": "Hi!"}],
    "cors_origins": ["https://shop.example.com"],
    "public_base_url": "https://sm.example.com"
  })");
  ASSERT_EQ(c.feeds.size(), 2u);
  EXPECT_EQ(c.feeds[0].name, "Web chat");
  EXPECT_EQ(c.feeds[0].type, 8);
  EXPECT_THAT(c.feeds[0].tags, ElementsAre("web"));
  EXPECT_EQ(c.feeds[0].chatJoinTimeoutS, 5);
  EXPECT_EQ(c.feeds[0].chatInactivityTimeoutS, 300);
  EXPECT_EQ(c.feeds[1].type, 10);
  ASSERT_EQ(c.virtualAgents.size(), 1u);
  EXPECT_EQ(c.virtualAgents[0].joinAfter, 250ms);
  EXPECT_EQ(c.virtualAgents[0].greeting, "Hi!");
  EXPECT_EQ(c.virtualAgents[0].mode, "echo");
  EXPECT_THAT(c.corsOrigins, ElementsAre("https://shop.example.com"));
  EXPECT_EQ(c.publicBaseUrl, "https://sm.example.com");
}

TEST(ChatSections, MistakesNameTheirKey) {
  EXPECT_THAT(errorsOf(R"({"feeds": [{"type": "chat"}]})"), ElementsAre("feeds[0].name: is required"));
  EXPECT_THAT(errorsOf(R"({"feeds": [{"name": "x", "type": "sms"}]})"),
              ElementsAre(::testing::HasSubstr("feeds[0].type: must be \"chat\"")));
  EXPECT_THAT(errorsOf(R"({"virtual_agents": [{"name": "a"}, {"name": "a"}]})"),
              ElementsAre("virtual_agents[1].name: duplicate virtual agent \"a\" (user name \"a\")"));
  // Display names are welcome; two that stand for one user name are one agent twice.
  EXPECT_EQ(parseConfig(R"({"virtual_agents": [{"name": "Vera"}, {"name": "Agent Smith"}]})").virtualAgents[1].name,
            "Agent Smith");
  EXPECT_THAT(errorsOf(R"({"virtual_agents": [{"name": "Vera"}, {"name": "vera"}]})"),
              ElementsAre("virtual_agents[1].name: duplicate virtual agent \"vera\" (user name \"vera\")"));
  EXPECT_THAT(errorsOf(R"({"virtual_agents": [{"name": "a\tb"}, {"name": "  "}]})"),
              ElementsAre(::testing::HasSubstr("virtual_agents[0].name: must be 1 to 64 characters of UTF-8 text"),
                          ::testing::HasSubstr("virtual_agents[1].name: must be")));
  EXPECT_THAT(errorsOf(R"({"virtual_agents": [{"name": "a", "mode": "sing"}]})"),
              ElementsAre(::testing::HasSubstr("virtual_agents[0].mode: must be \"echo\"")));
  EXPECT_THAT(errorsOf(R"({"cors_origins": ["shop.example.com"]})"),
              ElementsAre(::testing::HasSubstr("cors_origins[0]: must be \"*\" or an origin")));
  EXPECT_THAT(errorsOf(R"({"cors_origins": ["null", "https://shop.example.com/chat"]})"),
              ElementsAre(::testing::HasSubstr("cors_origins[0]: must be"),
                          ::testing::HasSubstr("cors_origins[1]: must be")));
  EXPECT_THAT(errorsOf(R"({"feeds": [{"name": "x", "colour": "red"}]})"),
              ElementsAre("unknown key \"feeds[0].colour\""));
}

TEST(ChatSections, CampaignsNameSeededFeeds) {
  const Config c = parseConfig(R"({"feeds": [{"name": "Web chat", "type": "chat"}],
                                  "campaigns": [{"name": "Spring", "feeds": ["Web chat"]}]})");
  ASSERT_EQ(c.campaigns.size(), 1u);
  EXPECT_EQ(c.campaigns[0].name, "Spring");
  EXPECT_THAT(c.campaigns[0].feeds, ElementsAre("Web chat"));
  EXPECT_THAT(errorsOf(R"({"campaigns": [{"name": "x", "feeds": ["nope"]}]})"),
              ElementsAre("campaigns[0].feeds: names no feed of \"feeds\" (got \"nope\")"));
  EXPECT_EQ(parseConfig(toJson(c, false)), c);
}

TEST(ChatSections, RoutingKeys) {
  const Config c = parseConfig(R"({"routing": "internal", "agent_task_limit": 3, "avg_handle_seconds": 30,
                                  "request_expiry_ms": 1500, "virtual_agents": [{"name": "b", "handle_ms": 250}]})");
  EXPECT_EQ(c.routing, Routing::Internal);
  EXPECT_EQ(c.agentTaskLimit, 3u);
  EXPECT_EQ(c.avgHandleTime, 30s);
  EXPECT_EQ(c.requestExpiry, 1500ms);
  EXPECT_EQ(c.virtualAgents[0].handleTime, 250ms);
  EXPECT_EQ(defaults().routing, Routing::Internal);
  EXPECT_THAT(errorsOf(R"({"routing": "magic"})"), ElementsAre(::testing::HasSubstr("routing: must be \"internal\" or \"mr\"")));
  // The words of every such setting come from its enum, in kebab case, and so do the errors.
  EXPECT_THAT(errorsOf(R"({"server": {"status_access": "everyone"}})"),
              ElementsAre(::testing::HasSubstr(
                  R"(server.status_access: must be "loopback-or-admin", "admin" or "anyone" (got "everyone"))")));
  EXPECT_THAT(errorsOf(R"({"agent_task_limit": 0})"), ElementsAre(::testing::HasSubstr("agent_task_limit")));
}

TEST(ChatSections, MediaRoutingKeys) {
  const Config c = parseConfig(R"({"routing": "mr", "mr": {"tls": true, "tls_client_ca": "/etc/pg-ca.pem",
                                  "allowed_peers": ["127.0.0.1", "::1"],
                                  "float_width": 1, "mrd": {"callback": 5, "task": 6, "chat": 7},
                                  "default_script_selector": "TaskDN", "retry_delay": 3,
                                  "new_task_timeout": 600, "task_life": 90},
                                  "feeds": [{"name": "Routed", "type": "chat", "mr_routing": true}]})");
  EXPECT_EQ(c.routing, Routing::Mr);
  EXPECT_TRUE(c.mr.tls);
  EXPECT_EQ(c.mr.tlsClientCa, "/etc/pg-ca.pem");
  EXPECT_THAT(c.mr.allowedPeers, ElementsAre("127.0.0.1", "::1"));
  EXPECT_EQ(c.mr.floatWidth, 1);
  EXPECT_EQ(c.mr.mrdCallback, 5u);
  EXPECT_EQ(c.mr.mrdTask, 6u);
  EXPECT_EQ(c.mr.mrdChat, 7u);
  EXPECT_EQ(c.mr.defaultScriptSelector, "TaskDN");
  EXPECT_EQ(c.mr.retryDelay, 3s);
  EXPECT_EQ(c.mr.newTaskTimeout, 600s);
  EXPECT_EQ(c.mr.taskLife, 90s);
  EXPECT_TRUE(c.feeds.at(0).mrRouting);
  EXPECT_EQ(parseConfig(toJson(c, false)), c);

  const MrLink d = defaults().mr;
  EXPECT_FALSE(d.tls);
  EXPECT_TRUE(d.allowedPeers.empty());
  EXPECT_EQ(d.floatWidth, 2);
  EXPECT_EQ(d.mrdCallback, 1u);
  EXPECT_EQ(d.mrdTask, 2u);
  EXPECT_EQ(d.mrdChat, 3u);
  EXPECT_EQ(d.retryDelay, 10s);
  EXPECT_EQ(d.newTaskTimeout, 0s) << "off";
  EXPECT_EQ(d.taskLife, 120s) << "the MRD taskLife default";
  EXPECT_THAT(errorsOf(R"({"mr": {"task_life": 0}})"), ElementsAre(::testing::HasSubstr("mr.task_life")));
  EXPECT_THAT(errorsOf(R"({"feeds": [{"name": "a", "mr_routing": 1}]})"),
              ElementsAre(::testing::HasSubstr("feeds[0].mr_routing")));
  EXPECT_THAT(errorsOf(R"({"mr": {"float_width": 3}})"), ElementsAre(::testing::HasSubstr("mr.float_width")));
  EXPECT_THAT(errorsOf(R"({"mr": {"allowed_peers": ["pg.example.com"]}})"),
              ElementsAre(::testing::HasSubstr("mr.allowed_peers[0]: must be an IPv4 or IPv6 address")));
  EXPECT_THAT(errorsOf(R"({"mr": {"tls": "yes"}})"), ElementsAre(::testing::HasSubstr("mr.tls: must be true or false")));
  EXPECT_THAT(errorsOf(R"({"mr": {"default_script_selector": "caf\u00e9"}})"),
              ElementsAre(::testing::HasSubstr("mr.default_script_selector")));
  EXPECT_THAT(errorsOf(R"({"mr": {"mrd": {"voice": 1}}})"), ElementsAre(::testing::HasSubstr("mr.mrd.voice")));
}

TEST(ChatSections, PrintedConfigReadsBackEqual) {
  const Config c = parseConfig(R"({
    "feeds": [{"name": "Web chat", "type": "task", "tags": ["a", "b"]}],
    "virtual_agents": [{"name": "bot", "join_after_ms": 10, "greeting": ""}],
    "cors_origins": ["*", "http://localhost:3000"],
    "routing": "internal", "agent_task_limit": 2, "avg_handle_seconds": 60, "request_expiry_ms": 1000
  })");
  EXPECT_EQ(parseConfig(toJson(c, false)), c);
}

}  // namespace
}  // namespace smfront::config
