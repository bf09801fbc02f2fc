// Per-client rates replayed on the real binary: a chat flood from one address,
// a search loop by one user, and a client that keeps sending what the server
// refuses. Each is held to its limit while other clients go on unharmed.
#include <gtest/gtest.h>

#include <chrono>

#include "chat_client.hpp"
#include "server_fixture.hpp"

namespace smfront::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

json::array feeds() {
  return json::array{json::object{{"name", "Web chat"}, {"type", "chat"}},
                     json::object{{"name", "Callbacks"}, {"type", "callback"}}};
}

HttpClient clientFrom(ServerFixture& server, const std::string& source) {
  HttpClient client;
  client.setSourceAddress(source);
  EXPECT_TRUE(client.connect(server.port("http"), 5s).ok) << source;
  return client;
}

bool counted(ServerFixture& server, const std::string& limit) {
  auto client = server.http();
  auto r = client.request("GET", "/metrics", {});
  return r && r->body.find("smfront_limit_refusals_total{limit=\"" + limit + "\"}") != std::string::npos;
}

const std::string kChat =
    "<SocialContact><feedRefURL>http://localhost/ccp-webapp/ccp/feed/100000</feedRefURL><author>Eve</author>"
    "<title>Flood</title></SocialContact>";

HttpResponse post(HttpClient& client, const std::string& target, const std::string& body) {
  return client.request("POST", target, {{"Content-Type", "application/xml"}}, body).value_or(HttpResponse{});
}

TEST(ClientRates, ContactsCreatedFromOneAddressBeyondTheRateGet429AndOtherAddressesStillCreate) {
  ServerFixture server(json::object{{"feeds", feeds()}, {"limits", {{"new_contacts_per_address_per_minute", 3}}}});
  HttpClient flood = clientFrom(server, "127.0.0.2");
  // Chats and callbacks draw on one budget per address.
  EXPECT_EQ(post(flood, "/ccp/chat", kChat).status, 201);
  EXPECT_EQ(post(flood, "/ccp/chat", kChat).status, 201);
  const std::string callback = "<Contact><name>Ann</name><title>Hi</title><mediaAddress>5551212</mediaAddress></Contact>";
  EXPECT_EQ(post(flood, "/ccp/rest/callback/feed/100001", callback).status, 201);
  const HttpResponse refused = post(flood, "/ccp/chat", kChat);
  EXPECT_EQ(refused.status, 429) << refused.describe();
  EXPECT_EQ(refused.header("retry-after"), "20") << refused.describe();  // a token every 60 / 3 s
  EXPECT_NE(refused.body.find("<errorType>tooManyRequests</errorType>"), std::string::npos) << refused.body;
  EXPECT_EQ(post(flood, "/ccp/rest/callback/feed/100001", callback).status, 429);
  EXPECT_TRUE(counted(server, "new_contacts_per_address_per_minute"));

  HttpClient customer = clientFrom(server, "127.0.0.3");
  EXPECT_EQ(post(customer, "/ccp/chat", kChat).status, 201) << "another address has its own budget";
}

TEST(ClientRates, SearchesByOneUserBeyondTheRateGet429AndOtherUsersStillSearch) {
  ServerFixture server(json::object{{"users", adminAndTwoAgents()}, {"limits", {{"searches_per_user_per_minute", 2}}}});
  auto http = server.http();
  const auto search = [&](const char* who) {
    return http.request("GET", "/ccp-webapp/ccp/search/contacts?q=*", {{"Authorization", who}}).value_or(HttpResponse{});
  };
  EXPECT_EQ(search(kMary).status, 200);
  EXPECT_EQ(search(kMary).status, 200);
  const HttpResponse refused = search(kMary);
  EXPECT_EQ(refused.status, 429) << refused.describe();
  EXPECT_EQ(refused.header("retry-after"), "30") << refused.describe();
  EXPECT_NE(refused.body.find("<errorType>tooManyRequests</errorType>"), std::string::npos) << refused.body;
  EXPECT_TRUE(counted(server, "searches_per_user_per_minute"));
  EXPECT_EQ(search(kBob).status, 200) << "another user has their own budget";
}

// What a request costs in wall time, answered or not.
std::chrono::milliseconds timed(HttpClient& client, const std::string& target, const std::string& body,
                                int* status = nullptr) {
  const auto start = Clock::now();
  const HttpResponse r = post(client, target, body);
  if (status != nullptr) *status = r.status;
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}

TEST(ClientRates, AnAddressThatKeepsBeingRefusedIsSlowedDownAndOthersAreNot) {
  // 60 a minute: one a second, so a debt of one refusal is a second's wait.
  ServerFixture server(json::object{{"feeds", feeds()}, {"limits", {{"refusals_per_address_per_minute", 60}}}});
  HttpClient attacker = clientFrom(server, "127.0.0.2");
  int status = 0;
  for (int i = 0; i < 61; ++i) {
    timed(attacker, "/ccp/chat", "<SocialContact><nonsense", &status);
    ASSERT_EQ(status, 400) << i;
  }
  // The budget is spent and one refusal more is owed: the next request waits for it.
  EXPECT_GE(timed(attacker, "/ccp/chat", "<SocialContact><nonsense", &status), 800ms);
  EXPECT_EQ(status, 400) << "paced, still answered";
  EXPECT_TRUE(counted(server, "refusals_per_address_per_minute"));

  HttpClient customer = clientFrom(server, "127.0.0.3");
  EXPECT_LT(timed(customer, "/ccp/chat", kChat, &status), 500ms) << "another address is not slowed";
  EXPECT_EQ(status, 201);
}

}  // namespace
}  // namespace smfront::testing
