// The limits section on the customer REST API: live chats, message size,
// messages per chat, queued callbacks and tasks. Beyond each the client gets
// apiErrors (503 with Retry-After when waiting helps, 429 or 400 otherwise),
// the refusal is counted in /metrics, and what was admitted keeps working.
#include <gtest/gtest.h>

#include "chat_client.hpp"
#include "server_fixture.hpp"

namespace smfront::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

json::object config(json::object limits) {
  return json::object{{"limits", std::move(limits)},
                      {"feeds", json::array{json::object{{"name", "Web chat"}, {"type", "chat"}},
                                            json::object{{"name", "Callbacks"}, {"type", "callback"}},
                                            json::object{{"name", "Tasks"}, {"type", "task"}}}}};
}

std::string metrics(ServerFixture& server) {
  auto client = server.http();
  auto r = client.request("GET", "/metrics", {});
  return r ? r->body : std::string();
}

bool counted(ServerFixture& server, const std::string& limit, int times) {
  return metrics(server).find("smfront_limit_refusals_total{limit=\"" + limit + "\"} " + std::to_string(times)) !=
         std::string::npos;
}

void expectBusy(const HttpResponse& r) {
  EXPECT_EQ(r.status, 503) << r.describe();
  EXPECT_EQ(r.header("retry-after"), "30") << r.describe();
  EXPECT_NE(r.body.find("<errorType>serviceUnavailable</errorType>"), std::string::npos) << r.body;
}

HttpResponse createRequest(ServerFixture& server, const std::string& kind, long feed) {
  auto client = server.http();
  const std::string body = kind == "callback"
                               ? "<Contact><name>Ann</name><title>Hi</title><mediaAddress>5551212</mediaAddress></Contact>"
                               : "<Task><name>Ann</name><title>Hi</title></Task>";
  return client.request("POST", "/ccp/rest/" + kind + "/feed/" + std::to_string(feed),
                        {{"Content-Type", "application/xml"}}, body)
      .value_or(HttpResponse{});
}

TEST(RestLimits, LiveChatsBeyondTheLimitAreRefusedWith503AndRetryAfter) {
  ServerFixture server(config(json::object{{"live_chats", 2}}));
  ChatClient first(server.port("http"));
  ChatClient second(server.port("http"));
  ChatClient third(server.port("http"));
  ASSERT_EQ(first.start(100000, "Ann").status, 201);
  ASSERT_EQ(second.start(100000, "Bob").status, 201);
  expectBusy(third.start(100000, "Eve"));
  EXPECT_TRUE(counted(server, "live_chats", 1)) << metrics(server);
  EXPECT_EQ(first.send("PUT", "/ccp/chat", "<Message><body>still here</body></Message>").status, 200)
      << "the admitted chats go on";

  EXPECT_EQ(first.send("DELETE", "/ccp/chat").status, 200);
  EXPECT_EQ(third.start(100000, "Eve").status, 201) << "an ended chat frees its place";
}

TEST(RestLimits, MessagesPerChatAndMessageSize) {
  ServerFixture server(config(json::object{{"messages_per_chat", 3}, {"chat_message_chars", 10}}));
  ChatClient widget(server.port("http"));
  ASSERT_EQ(widget.start(100000, "Ann").status, 201);
  auto tooLong = widget.send("PUT", "/ccp/chat", "<Message><body>12345678901</body></Message>");
  EXPECT_EQ(tooLong.status, 400) << tooLong.describe();
  EXPECT_NE(tooLong.body.find("<errorType>invalidInput.outOfRange</errorType>"), std::string::npos);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(widget.send("PUT", "/ccp/chat", "<Message><body>" + std::to_string(i) + "</body></Message>").status, 200);
  }
  auto fourth = widget.send("PUT", "/ccp/chat", "<Message><body>one more</body></Message>");
  EXPECT_EQ(fourth.status, 429) << fourth.describe();
  EXPECT_NE(fourth.body.find("<errorType>tooManyRequests</errorType>"), std::string::npos) << fourth.body;
  EXPECT_TRUE(counted(server, "messages_per_chat", 1)) << metrics(server);
  EXPECT_EQ(widget.send("GET", "/ccp/chat?all=true").status, 200) << "the chat itself goes on";
}

TEST(RestLimits, QueuedCallbacksAndTasksBeyondTheLimitAreRefused) {
  ServerFixture server(config(json::object{{"queued_callbacks", 2}, {"queued_tasks", 1}}));
  auto first = createRequest(server, "callback", 100001);
  ASSERT_EQ(first.status, 201) << first.describe();
  EXPECT_EQ(createRequest(server, "callback", 100001).status, 201);
  expectBusy(createRequest(server, "callback", 100001));
  EXPECT_EQ(createRequest(server, "task", 100002).status, 201) << "tasks have their own limit";
  expectBusy(createRequest(server, "task", 100002));
  EXPECT_TRUE(counted(server, "queued_callbacks", 1)) << metrics(server);
  EXPECT_TRUE(counted(server, "queued_tasks", 1)) << metrics(server);

  // A cancelled callback no longer waits: its place is free again.
  const auto location = first.header("location").value_or("");
  auto client = server.http();
  auto cancelled = client.request("DELETE", location.substr(location.find("/ccp/")), {});
  ASSERT_TRUE(cancelled);
  EXPECT_EQ(cancelled->status, 200) << cancelled->describe();
  EXPECT_EQ(createRequest(server, "callback", 100001).status, 201);
}

}  // namespace
}  // namespace smfront::testing
