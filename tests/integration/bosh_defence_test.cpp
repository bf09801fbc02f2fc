// The BOSH door and the XMPP services under abuse, against the real binary:
// password guessing over BOSH and HTTP Basic, sessions that never log in,
// pubsub subscriptions without end, an item too large for its subscribers and
// a room history too large for the joining agent. Each must leave the guilty
// party refused and everyone else served.
#include <gtest/gtest.h>

#include <regex>

#include "bosh_session.hpp"
#include "chat_client.hpp"
#include "server_fixture.hpp"

namespace smfront::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr long kChatFeed = 100000;
const std::string kAgentBasic = "Basic YWdlbnQxOmFnZW50LXNlY3JldA==";  // agent1:agent-secret

json::object config(json::object overrides = {}) {
  json::object c{
      {"users", json::array{json::object{{"name", "admin"}, {"password", "secret"}, {"roles", json::array{"admin"}}},
                            json::object{{"name", "agent1"}, {"password", "agent-secret"}, {"roles", json::array{"agent"}}}}},
      {"feeds", json::array{json::object{{"name", "Web chat"}, {"type", "chat"}, {"chat_join_timeout_s", 600}}}},
      {"bosh", json::object{{"allow_plain_cleartext", true}}},
  };
  for (auto& [key, value] : overrides) c[key] = value;
  return c;
}

std::string metrics(ServerFixture& server) {
  HttpClient client;
  if (!client.connect(server.port("http"), 5s)) return {};
  auto r = client.request("GET", "/metrics");
  return r ? r->body : std::string();
}

// The value of an unlabelled (or fully labelled) sample, or -1 when absent.
long long metricValue(const std::string& text, const std::string& sample) {
  const auto at = text.find("\n" + sample + " ");
  if (at == std::string::npos) return -1;
  return std::stoll(text.substr(at + sample.size() + 2));
}

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

std::string subscribe(const std::string& jid, const std::string& id = "sub") {
  return "<iq xmlns='jabber:client' type='set' id='" + id +
         "' to='pubsub.localhost'><pubsub xmlns='http://jabber.org/protocol/pubsub'><subscribe "
         "node='ccp.contacts.chat' jid='" + jid + "'/></pubsub></iq>";
}

std::string join(const std::string& room, const std::string& nick, const std::string& history = {}) {
  return "<presence xmlns='jabber:client' to='" + room + "/" + nick + "'><x xmlns='http://jabber.org/protocol/muc'>" +
         history + "</x></presence>";
}

std::string roomOf(const HttpResponse& created) {
  std::smatch m;
  const std::regex room("<name>h_chatRoom</name><value>([^<]+)</value>");
  return std::regex_search(created.body, m, room) ? m[1].str() : std::string();
}

TEST(BoshDefence, PlainIsNotOfferedOnTheCleartextDoorUnlessConfigured) {
  ServerFixture server(json::object{{"users", adminUsers()}});
  BoshSession session(server.port("bosh"));
  const std::string features = session.create();
  EXPECT_NE(features.find("<mechanism>SCRAM-SHA-256</mechanism>"), std::string::npos) << features;
  EXPECT_EQ(features.find("PLAIN"), std::string::npos) << features;
  EXPECT_NE(session.authPlain("admin", "secret").find("<invalid-mechanism/>"), std::string::npos);

  ServerFixture allowing(config());
  BoshSession plain(allowing.port("bosh"));
  EXPECT_NE(plain.create().find("<mechanism>PLAIN</mechanism>"), std::string::npos);
}

TEST(BoshDefence, SaslGuessesOverNewSessionsAreThrottledAndOthersStillLogIn) {
  ServerFixture server(config());
  int checked = 0;
  int refused = 0;
  for (int i = 0; i < 100; ++i) {
    BoshSession attacker(server.port("bosh"));
    ASSERT_FALSE(attacker.create().empty());
    const std::string answer = attacker.authPlain("agent1", "guess-" + std::to_string(i));
    checked += answer.find("<not-authorized/>") != std::string::npos;
    refused += answer.find("<temporary-auth-failure/>") != std::string::npos;
  }
  // The first five are checked; after that one guess a second at most gets through.
  EXPECT_LE(checked, 7) << "guesses checked";
  EXPECT_GE(refused, 90);

  // The right password from the guessing address is not even checked now.
  BoshSession fromThere(server.port("bosh"));
  fromThere.create();
  EXPECT_NE(fromThere.authPlain("agent1", "agent-secret").find("<temporary-auth-failure/>"), std::string::npos);

  // The agent, from its own address, logs in at once.
  BoshSession agent(server.port("bosh"), "127.0.0.2");
  const auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(agent.login("agent1", "agent-secret")) << agent.lastBody();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1s);

  const std::string m = metrics(server);
  EXPECT_GE(metricValue(m, "smfront_logins_throttled_total{door=\"bosh\"}"), 90) << m;
}

TEST(BoshDefence, BasicGuessesOnOneConnectionGet429AndShareTheThrottleWithSasl) {
  ServerFixture server(config());
  HttpClient attacker;
  ASSERT_TRUE(attacker.connect(server.port("http"), 5s));
  int unauthorized = 0;
  int throttled = 0;
  for (int i = 0; i < 200; ++i) {
    auto r = attacker.request("GET", "/ccp-webapp/ccp/socialcontact/1", {{"Authorization", "Basic YWdlbnQxOmd1ZXNz"}});
    ASSERT_TRUE(r) << attacker.lastError();
    unauthorized += r->status == 401;
    if (r->status == 429) {
      ++throttled;
      EXPECT_TRUE(r->header("Retry-After").has_value());
      EXPECT_NE(r->body.find("<apiErrors>"), std::string::npos) << r->body;
    }
  }
  EXPECT_LE(unauthorized, 7) << "guesses checked";
  EXPECT_GE(throttled, 190);

  // The right password from there waits too, over HTTP and over BOSH alike.
  auto right = attacker.request("GET", "/ccp-webapp/ccp/socialcontact/1", {{"Authorization", kAgentBasic}});
  ASSERT_TRUE(right);
  EXPECT_EQ(right->status, 429);
  BoshSession sasl(server.port("bosh"));
  sasl.create();
  EXPECT_NE(sasl.authPlain("agent1", "agent-secret").find("<temporary-auth-failure/>"), std::string::npos);

  // From another address the agent is served at once.
  HttpClient agent;
  agent.setSourceAddress("127.0.0.2");
  ASSERT_TRUE(agent.connect(server.port("http"), 5s));
  auto served = agent.request("GET", "/ccp-webapp/ccp/socialcontact/1", {{"Authorization", kAgentBasic}});
  ASSERT_TRUE(served);
  EXPECT_EQ(served->status, 404) << served->describe() << " (authenticated: no such contact)";
}

TEST(BoshDefence, SessionsThatNeverLogInAreCappedPerAddressAndInAll) {
  ServerFixture server(config(json::object{
      {"limits", json::object{{"bosh_unauthenticated_sessions", 5}, {"bosh_unauthenticated_sessions_per_address", 3}}}}));
  std::vector<BoshSession> sessions;
  for (int i = 0; i < 3; ++i) {
    sessions.emplace_back(server.port("bosh"));
    EXPECT_NE(sessions.back().create().find("sid="), std::string::npos);
  }
  BoshSession fourth(server.port("bosh"));
  const std::string refused = fourth.create();
  EXPECT_NE(refused.find("type='terminate'"), std::string::npos) << refused;
  EXPECT_NE(refused.find("condition='policy-violation'"), std::string::npos) << refused;

  for (int i = 0; i < 2; ++i) {
    sessions.emplace_back(server.port("bosh"), "127.0.0.2");
    EXPECT_NE(sessions.back().create().find("sid="), std::string::npos);
  }
  BoshSession overall(server.port("bosh"), "127.0.0.3");
  EXPECT_NE(overall.create().find("condition='policy-violation'"), std::string::npos) << "five in all";

  // Logging in frees a place.
  ASSERT_TRUE(sessions.front().login("agent1", "agent-secret")) << sessions.front().lastBody();
  BoshSession now(server.port("bosh"), "127.0.0.3");
  EXPECT_NE(now.create().find("sid="), std::string::npos);

  const std::string m = metrics(server);
  EXPECT_EQ(metricValue(m, "smfront_bosh_sessions_refused_total{scope=\"address\"}"), 1) << m;
  EXPECT_EQ(metricValue(m, "smfront_bosh_sessions_refused_total{scope=\"total\"}"), 1) << m;
}

TEST(BoshDefence, SubscriptionsPerUserAreCapped) {
  ServerFixture server(config(json::object{{"limits", json::object{{"subscriptions_per_user", 2}}}}));
  BoshSession agent(server.port("bosh"));
  ASSERT_TRUE(agent.login("agent1", "agent-secret", "console")) << agent.lastBody();
  EXPECT_NE(agent.send(subscribe("agent1@localhost", "s1")).find("subscribed"), std::string::npos);
  EXPECT_NE(agent.send(subscribe("agent1@localhost/a", "s2")).find("subscribed"), std::string::npos);
  const std::string third = agent.send(subscribe("agent1@localhost/b", "s3"));
  EXPECT_NE(third.find("not-allowed"), std::string::npos) << third;
  EXPECT_NE(third.find("too-many-subscriptions"), std::string::npos) << third;
  EXPECT_FALSE(agent.terminated());
  EXPECT_EQ(metricValue(metrics(server), "smfront_pubsub_subscriptions_refused_total"), 1);
}

TEST(BoshDefence, ItemsBeyondASubscribersBudgetAreSkippedAndItsSessionStaysUp) {
  ServerFixture server(config());
  BoshSession agent(server.port("bosh"));
  ASSERT_TRUE(agent.login("agent1", "agent-secret", "console")) << agent.lastBody();
  ASSERT_NE(agent.send(subscribe("agent1@localhost")).find("subscribed"), std::string::npos);

  // The agent is in the room of a first chat.
  ChatClient first(server.port("http"));
  const auto created = first.start(kChatFeed, "First", "Normal");
  ASSERT_EQ(created.status, 201) << created.describe();
  const std::string room = roomOf(created);
  ASSERT_FALSE(room.empty()) << created.body;
  ASSERT_NE(agent.readUntil("First", 10s).find("First"), std::string::npos);
  ASSERT_NE(agent.send(join(room, "Agent")).find("code=\"110\""), std::string::npos) << agent.lastBody();

  // While the agent holds no request, chats pile up items for it: each within
  // the customer field limits, all together over a MiB once escaped ('>' is
  // written "&gt;"), more than its session may hold.
  std::string fields;
  for (const char* name : {"a", "b", "c"}) {
    fields += "<extensionField><name>" + std::string(name) + "</name><value>" + std::string(2000, '>') +
              "</value></extensionField>";
  }
  for (int i = 0; i < 60; ++i) {
    ChatClient attacker(server.port("http"));
    const auto big = attacker.send(
        "POST", "/ccp/chat",
        "<SocialContact><feedRefURL>http://127.0.0.1/ccp-webapp/ccp/feed/" + std::to_string(kChatFeed) +
            "</feedRefURL><author>Attacker</author><title>Big</title><extensionFields>" + fields +
            "</extensionFields></SocialContact>");
    ASSERT_EQ(big.status, 201) << big.describe();
  }

  // The agent is still there: the next normal item and its room's messages arrive.
  ChatClient second(server.port("http"));
  ASSERT_EQ(second.start(kChatFeed, "Second", "Normal").status, 201);
  const std::string events = agent.readUntil("Second", 10s);
  EXPECT_FALSE(agent.terminated()) << agent.lastBody().substr(0, 300);
  EXPECT_NE(events.find("Second"), std::string::npos);
  ASSERT_EQ(first.send("PUT", "/ccp/chat", "<Message><body>still here?</body></Message>").status, 200);
  EXPECT_NE(agent.readUntil("still here?", 10s).find("still here?"), std::string::npos);
  EXPECT_FALSE(agent.terminated());
  EXPECT_GE(metricValue(metrics(server), "smfront_bosh_stanzas_dropped_total"), 1);
}

TEST(BoshDefence, RoomHistoryIsBoundedAndTheJoiningAgentStaysUp) {
  ServerFixture server(config());
  ChatClient customer(server.port("http"));
  const auto created = customer.start(kChatFeed, "Pat", "Long");
  ASSERT_EQ(created.status, 201) << created.describe();
  const std::string room = roomOf(created);
  std::string lt;
  for (int i = 0; i < 9990; ++i) lt += "&lt;";
  for (int i = 0; i < 30; ++i) {
    // Each within the 10,000 characters a message may have: 9,990 '<' and a number.
    ASSERT_EQ(customer.send("PUT", "/ccp/chat", "<Message><body>" + std::to_string(i) + lt + "</body></Message>").status,
              200);
  }

  BoshSession agent(server.port("bosh"));
  ASSERT_TRUE(agent.login("agent1", "agent-secret", "console")) << agent.lastBody();
  std::string joined = agent.send(join(room, "Agent"));
  if (joined.find("<subject>") == std::string::npos) joined += agent.readUntil("<subject>", 10s);
  EXPECT_FALSE(agent.terminated()) << agent.lastBody().substr(0, 300);
  const std::size_t history = occurrences(joined, "urn:xmpp:delay");
  EXPECT_GE(history, 1u);
  EXPECT_LE(history, 20u);
  EXPECT_NE(joined.find(">29&lt;"), std::string::npos) << "the newest message is there";

  // An administrator who asks for two gets two.
  BoshSession admin(server.port("bosh"));
  ASSERT_TRUE(admin.login("admin", "secret", "console")) << admin.lastBody();
  std::string adminJoined = admin.send(join(room, "Boss", "<history maxstanzas='2'/>"));
  if (adminJoined.find("<subject>") == std::string::npos) adminJoined += admin.readUntil("<subject>", 10s);
  EXPECT_EQ(occurrences(adminJoined, "urn:xmpp:delay"), 2u);

  // Both still chat.
  ASSERT_EQ(customer.send("PUT", "/ccp/chat", "<Message><body>live</body></Message>").status, 200);
  EXPECT_NE(agent.readUntil(">live<", 10s).find(">live<"), std::string::npos);
  EXPECT_FALSE(agent.terminated());
}

TEST(BoshDefence, ACustomerFloodingTheRoomCostsTheAgentMessagesNotItsSession) {
  ServerFixture server(config());
  ChatClient customer(server.port("http"));
  const auto created = customer.start(kChatFeed, "Pat", "Flood");
  ASSERT_EQ(created.status, 201) << created.describe();
  BoshSession agent(server.port("bosh"));
  ASSERT_TRUE(agent.login("agent1", "agent-secret", "console")) << agent.lastBody();
  ASSERT_NE(agent.send(join(roomOf(created), "Agent")).find("code=\"110\""), std::string::npos) << agent.lastBody();

  // 1.2 MB of room messages while the agent holds no request.
  std::string lt;
  for (int i = 0; i < 9990; ++i) lt += "&lt;";
  for (int i = 0; i < 30; ++i) {
    const auto sent = customer.send("PUT", "/ccp/chat", "<Message><body>" + std::to_string(i) + lt + "</body></Message>");
    ASSERT_EQ(sent.status, 200) << sent.describe();
  }
  const std::string flood = agent.send({});
  EXPECT_FALSE(agent.terminated()) << agent.lastBody().substr(0, 300);
  EXPECT_GE(occurrences(flood, "<message"), 1u);
  EXPECT_LT(occurrences(flood, "<message"), 30u);
  EXPECT_GE(metricValue(metrics(server), "smfront_bosh_stanzas_dropped_total"), 1);

  ASSERT_EQ(customer.send("PUT", "/ccp/chat", "<Message><body>after the flood</body></Message>").status, 200);
  EXPECT_NE(agent.readUntil("after the flood", 10s).find("after the flood"), std::string::npos);
  EXPECT_FALSE(agent.terminated());
}

}  // namespace
}  // namespace smfront::testing
