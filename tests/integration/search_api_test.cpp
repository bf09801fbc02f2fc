// Searching contacts and transcripts, as an agent looking up a conversation.
#include <gtest/gtest.h>

#include "chat_client.hpp"
#include "server_fixture.hpp"

namespace smfront::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr const char* kMary = "Basic bWFyeTpwdw==";  // mary:pw

TEST(SearchApi, FindsChatsByTranscriptAndOtherContactsByFields) {
  ServerFixture server(json::object{
      {"feeds", json::array{json::object{{"name", "Chat"}, {"type", "chat"}},
                            json::object{{"name", "Callbacks"}, {"type", "callback"}}}},
      {"virtual_agents", json::array{json::object{{"name", "echo-bot"}, {"join_after_ms", 50}, {"greeting", ""}}}},
      {"users", json::array{json::object{{"name", "mary"}, {"password", "pw"}, {"roles", json::array{"agent"}}}}}});
  ChatClient widget(server.port("http"));
  ASSERT_EQ(widget.start(100000, "Pat Doe", "Invoice trouble").status, 201);
  ASSERT_TRUE(widget.pollUntil([&](const auto&) { return widget.sawEvent("PresenceEvent", "joined"); }, 5s));
  ASSERT_EQ(widget.send("PUT", "/ccp/chat", "<Message><body>My invoice 4711 is wrong</body></Message>").status, 200);
  ASSERT_TRUE(widget.pollUntil([&](const auto&) { return widget.sawEvent("MessageEvent", "You said: My invoice 4711 is wrong"); }, 5s));

  HttpClient http;
  ASSERT_TRUE(http.connect(server.port("http"), 5s).ok);
  ASSERT_EQ(http.request("GET", "/ccp/callback/feed/100001?name=Ann&title=Call+me&mediaAddress=555").value().status, 201);

  auto search = [&](const std::string& query) {
    return http.request("GET", "/ccp-webapp/ccp/search/contacts?" + query, {{"Authorization", kMary}}).value();
  };
  auto byTranscript = search("q=chat.transcript:4711");
  EXPECT_EQ(byTranscript.status, 200);
  EXPECT_EQ(byTranscript.body.rfind("<searchResults><totalResults>1</totalResults><startIndex>0</startIndex><count>1</count>"
                                    "<ChatTranscript><id>",
                                    0),
            0u)
      << byTranscript.body;
  EXPECT_NE(byTranscript.body.find("<chatInitiator>Pat Doe</chatInitiator>"), std::string::npos);
  EXPECT_NE(byTranscript.body.find("<name>Pat Doe</name>"), std::string::npos);

  auto byAgent = search("q=chat.agentName:echo-bot%20AND%20sc.title:invoice*");
  EXPECT_NE(byAgent.body.find("<totalResults>1</totalResults>"), std::string::npos) << byAgent.body;
  auto callbacks = search("q=sc.sourceType:callback");
  EXPECT_NE(callbacks.body.find("<SocialContact>"), std::string::npos) << callbacks.body;
  EXPECT_NE(callbacks.body.find("<author>Ann</author>"), std::string::npos);

  auto paged = search("q=*:*&count=1");
  EXPECT_NE(paged.body.find("<totalResults>2</totalResults><startIndex>0</startIndex><link rel=\"next\""), std::string::npos)
      << "the third child is the next link: " << paged.body;
  EXPECT_NE(paged.body.find("startIndex=1\"/><count>1</count>"), std::string::npos) << paged.body;

  auto bad = search("q=sc.colour:red");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("<errorData>q</errorData>"), std::string::npos) << bad.body;
  EXPECT_EQ(search("q=a&count=500").status, 400);
  EXPECT_EQ(http.request("GET", "/ccp-webapp/ccp/search/contacts?q=a").value().status, 401);
}

}  // namespace
}  // namespace smfront::testing
