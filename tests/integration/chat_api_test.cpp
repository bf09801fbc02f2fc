// The customer chat API as a website widget uses it, against the real binary.
#include <gtest/gtest.h>

#include "chat_client.hpp"
#include "server_fixture.hpp"

namespace smfront::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr long kChatFeed = 100000;        // long timeouts
constexpr long kQuietFeed = 100001;       // inactivity after 1 s
constexpr long kCallbackFeed = 100002;

json::object chatConfig(bool withVirtualAgent) {
  json::array feeds = {
      json::object{{"name", "Web chat"}, {"type", "chat"}, {"tags", json::array{"web"}}, {"chat_join_timeout_s", 1}},
      json::object{{"name", "Quiet chat"}, {"type", "chat"}, {"chat_inactivity_timeout_s", 1}},
      json::object{{"name", "Callbacks"}, {"type", "callback"}},
  };
  json::object config{{"feeds", feeds},
                      {"users", adminUsers()}};
  if (withVirtualAgent) {
    config["virtual_agents"] = json::array{
        json::object{{"name", "echo-bot"}, {"join_after_ms", 100}, {"greeting", "Hi, how can I help?"}}};
  }
  return config;
}

HttpResponse adminGet(int port, const std::string& target) {
  HttpClient client;
  EXPECT_TRUE(client.connect(port, 5s).ok);
  auto r = client.request("GET", target, {{"Authorization", "Basic YWRtaW46c2VjcmV0"}});  // admin:secret
  return r.value_or(HttpResponse{});
}

std::string between(const std::string& text, const std::string& open, const std::string& close) {
  const auto a = text.find(open);
  if (a == std::string::npos) return {};
  const auto b = text.find(close, a + open.size());
  return text.substr(a + open.size(), b - a - open.size());
}

TEST(ChatApi, FullCustomerFlowWithAVirtualAgent) {
  ServerFixture server(chatConfig(true));
  ChatClient widget(server.port("http"));

  auto created = widget.start(kChatFeed, "Web Guest", "Billing question");
  ASSERT_EQ(created.status, 201) << created.describe();
  const auto location = created.header("location").value_or("");
  EXPECT_NE(location.find("/ccp-webapp/ccp/socialcontact/"), std::string::npos);
  const auto setCookie = created.header("set-cookie").value_or("");
  EXPECT_EQ(setCookie.rfind("JSESSIONID=", 0), 0u) << setCookie;
  EXPECT_NE(setCookie.find("HttpOnly"), std::string::npos);
  EXPECT_EQ(widget.jar().get("JSESSIONID").size(), 32u);
  const auto contactId = between(created.body, "<id>", "</id>");
  EXPECT_EQ(contactId.size(), 32u);
  EXPECT_NE(created.body.find("<name>h_chatRoom</name><value>socialminer_chat."), std::string::npos) << created.body;

  ASSERT_TRUE(widget.pollUntil(
      [&](const auto&) { return widget.sawEvent("MessageEvent", "Hi, how can I help?"); }, 5s))
      << "the virtual agent joins and greets";
  ASSERT_GE(widget.events().size(), 3u);
  EXPECT_EQ(widget.events()[0].kind, "StatusEvent");
  EXPECT_EQ(widget.events()[0].value, "chat_ok");
  EXPECT_EQ(widget.events()[0].id, 1);
  EXPECT_TRUE(widget.sawEvent("PresenceEvent", "joined"));
  EXPECT_EQ(widget.events()[1].from, "echo-bot");

  EXPECT_EQ(widget.send("PUT", "/ccp/chat/event", "<TypingEvent><status>composing</status></TypingEvent>").status, 200);
  auto sent = widget.send("PUT", "/ccp/chat", "<Message><body>Where is my bill? 100% &amp; more</body></Message>");
  EXPECT_EQ(sent.status, 200);
  EXPECT_EQ(sent.body, "<chatEvents/>");
  ASSERT_TRUE(widget.pollUntil(
      [&](const auto&) { return widget.sawEvent("MessageEvent", "You said: Where is my bill? 100% & more"); }, 5s));
  EXPECT_TRUE(widget.sawEvent("TypingEvent", "composing")) << "the agent types before answering";
  EXPECT_FALSE(widget.sawEvent("MessageEvent", "Where is my bill? 100% & more")) << "all=false hides own messages";

  auto all = widget.send("GET", "/ccp/chat?eventid=0&all=true");
  EXPECT_NE(all.body.find("<from>Web Guest</from><body>Where+is+my+bill%3F+100%25+%26+more</body>"), std::string::npos)
      << all.body;

  auto transcript = widget.send("GET", "/ccp/chat/transcript.xml");
  EXPECT_EQ(transcript.status, 200);
  EXPECT_NE(transcript.body.find("<name>Web Guest</name><msg>Where is my bill? 100% &amp; more</msg>"), std::string::npos)
      << transcript.body;
  auto html = widget.send("GET", "/ccp/chat/transcript?locale=en_US");
  EXPECT_EQ(html.header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(html.header("content-disposition").value_or("").find("ChatTranscript_Web_Guest-"), std::string::npos);

  EXPECT_EQ(widget.send("PUT", "/ccp/chat/leaveChat").status, 200);
  auto contact = adminGet(server.port("http"), "/ccp-webapp/ccp/socialcontact/" + contactId);
  EXPECT_NE(contact.body.find("<status>handled</status>"), std::string::npos) << contact.body;
  EXPECT_NE(contact.body.find("<statusUserId>echo-bot</statusUserId>"), std::string::npos) << contact.body;

  auto adminTranscript = adminGet(server.port("http"), "/ccp-webapp/ccp/socialcontact/" + contactId + "/transcript");
  EXPECT_NE(adminTranscript.body.find("<participant><agentName>echo-bot</agentName><nickName>echo-bot</nickName></participant>"),
            std::string::npos)
      << adminTranscript.body;

  auto deleted = widget.send("DELETE", "/ccp/chat");
  EXPECT_EQ(deleted.status, 200);
  EXPECT_TRUE(widget.jar().empty()) << "the cookie is expired";
  widget.jar().update(created);  // a stale cookie
  EXPECT_EQ(widget.send("GET", "/ccp/chat").status, 404) << "the session is gone";
}

// A virtual agent may carry a display name: the customer sees "Vera", the contact is
// reserved by her user name "vera".
TEST(ChatApi, AVirtualAgentWithADisplayNameShowsItAndWorksUnderItsUserName) {
  json::object config = chatConfig(false);
  config["virtual_agents"] =
      json::array{json::object{{"name", "Vera"}, {"join_after_ms", 50}, {"greeting", "Hello, I am Vera."}}};
  ServerFixture server(config);
  ChatClient widget(server.port("http"));
  auto created = widget.start(kChatFeed, "Web Guest", "Question");
  ASSERT_EQ(created.status, 201) << created.describe();
  ASSERT_TRUE(widget.pollUntil([&](const auto&) { return widget.sawEvent("MessageEvent", "Hello, I am Vera."); }, 5s));
  bool joinedAsVera = false;
  for (const auto& e : widget.events()) joinedAsVera |= e.kind == "PresenceEvent" && e.from == "Vera";
  EXPECT_TRUE(joinedAsVera) << "the room and the customer show the display name";
  const auto contact = adminGet(server.port("http"), "/ccp-webapp/ccp/socialcontact/" + between(created.body, "<id>", "</id>"));
  EXPECT_NE(contact.body.find("<statusUserId>vera</statusUserId>"), std::string::npos) << contact.body;
}

TEST(ChatApi, RedirectAndFormStylesCreateAChatOnBothPrefixes) {
  ServerFixture server(chatConfig(true));
  ChatClient viaGet(server.port("http"));
  auto redirect = viaGet.send("GET", "/ccp/chat/100000/redirect?title=Hi&author=Ann%20Lee&extensionField_ccxqueuetag=Chat_Csq1");
  EXPECT_EQ(redirect.status, 302);
  EXPECT_NE(redirect.header("location").value_or("").find("/chat.html?resume=1"), std::string::npos);
  EXPECT_FALSE(viaGet.jar().get("JSESSIONID").empty());
  EXPECT_EQ(viaGet.poll().status, 200);

  ChatClient viaForm(server.port("http"));
  auto form = viaForm.send("POST", "/ccp/rest/chat/form/100000", {},
                           {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(form.status, 400) << "title and author are required";
  HttpClient raw;
  ASSERT_TRUE(raw.connect(server.port("http"), 5s).ok);
  auto posted = raw.request("POST", "/ccp/rest/chat/100000", {{"Content-Type", "application/x-www-form-urlencoded"}},
                            "title=Order+42&author=Bo&tags=a,b");
  ASSERT_TRUE(posted);
  EXPECT_EQ(posted->status, 302);
  EXPECT_TRUE(posted->header("set-cookie"));

  // The feed's advertised pushFeedURL starts a chat as the redirect style does.
  auto viaPush = raw.request("GET", "/ccp-webapp/ccp/chatfeed/100000?title=Hi&author=Ann");
  ASSERT_TRUE(viaPush);
  EXPECT_EQ(viaPush->status, 302) << viaPush->describe();
  const auto next = viaPush->header("location").value_or("");
  EXPECT_NE(next.find("/ccp/rest/chat/100000/redirect?title=Hi&author=Ann"), std::string::npos) << next;
  ChatClient viaPushChat(server.port("http"));
  EXPECT_EQ(viaPushChat.send("GET", next.substr(next.find("/ccp/"))).status, 302);
  EXPECT_EQ(viaPushChat.poll().status, 200) << "the customer holds a chat session";

  // Only feed numbers name chat resources below /ccp/chat: anything else is not there.
  for (const std::string other : {"/ccp/chat/transcript.pdf", "/ccp/chat/anything", "/ccp/rest/chat/x/redirect"}) {
    auto missing = raw.request("GET", other);
    ASSERT_TRUE(missing) << other;
    EXPECT_EQ(missing->status, 404) << other << ": " << missing->describe();
    EXPECT_NE(missing->body.find("<errorType>notFound</errorType>"), std::string::npos) << missing->body;
  }
}

TEST(ChatApi, JoinTimeoutEndsTheChatWhenNoAgentComes) {
  ServerFixture server(chatConfig(false));
  ChatClient widget(server.port("http"));
  auto created = widget.start(kChatFeed, "Lonely");
  ASSERT_EQ(created.status, 201);
  ASSERT_TRUE(widget.pollUntil(
      [&](const auto&) { return widget.sawEvent("StatusEvent", "chat_timedout_waiting_for_agent"); }, 5s));
  EXPECT_EQ(widget.events().back().detail, "No agent joined within 1 seconds");
  const auto id = between(created.body, "<id>", "</id>");
  auto contact = adminGet(server.port("http"), "/ccp-webapp/ccp/socialcontact/" + id);
  EXPECT_NE(contact.body.find("<status>discarded</status>"), std::string::npos);
  EXPECT_NE(contact.body.find("<statusReason>chat_timedout_waiting_for_agent</statusReason>"), std::string::npos);
  auto late = widget.send("PUT", "/ccp/chat", "<Message><body>hello?</body></Message>");
  EXPECT_EQ(late.status, 400);
  EXPECT_NE(late.body.find("invalidState.chatEnded"), std::string::npos);
}

TEST(ChatApi, InactivityTimeoutEndsAQuietChat) {
  ServerFixture server(chatConfig(true));
  ChatClient widget(server.port("http"));
  ASSERT_EQ(widget.start(kQuietFeed, "Quiet").status, 201);
  ASSERT_TRUE(widget.pollUntil([&](const auto&) { return widget.sawEvent("StatusEvent", "chat_finished_error"); }, 5s));
  EXPECT_TRUE(widget.sawEvent("PresenceEvent", "left"));
}

TEST(ChatApi, BadInputGetsItsStatusAndApiErrorsAndHarmsNoOtherChat) {
  ServerFixture server(chatConfig(true));
  ChatClient bystander(server.port("http"));
  ASSERT_EQ(bystander.start(kChatFeed, "Bystander").status, 201);

  ChatClient bad(server.port("http"));
  auto expect = [&](const HttpResponse& r, int status, const std::string& type, const std::string& data) {
    EXPECT_EQ(r.status, status) << r.describe();
    EXPECT_NE(r.body.find("<errorType>" + type + "</errorType>"), std::string::npos) << r.body;
    if (!data.empty()) {
      EXPECT_NE(r.body.find("<errorData>" + data + "</errorData>"), std::string::npos) << r.body;
    }
  };
  expect(bad.send("POST", "/ccp/chat", "<SocialContact><author>x</SocialContact>"), 400, "invalidInput.invalidValue", "");
  expect(bad.send("POST", "/ccp/chat",
                  "<!DOCTYPE x [<!ENTITY a \"b\">]><SocialContact><author>&a;</author></SocialContact>"),
         400, "invalidInput.invalidValue", "");
  auto missing = bad.send("POST", "/ccp/chat", "<SocialContact><description>d</description></SocialContact>");
  expect(missing, 400, "invalidInput.fieldRequired", "author");
  EXPECT_NE(missing.body.find("<errorData>title</errorData>"), std::string::npos);
  EXPECT_NE(missing.body.find("<errorData>feedRefURL</errorData>"), std::string::npos);
  expect(bad.start(4242, "a"), 400, "invalidInput.invalidValue", "feedRefURL");
  expect(bad.start(kCallbackFeed, "a"), 400, "invalidInput.invalidValue", "feedRefURL");
  expect(bad.start(kChatFeed, "bad \xff\xfe utf8"), 400, "invalidInput.invalidValue", "");
  expect(bad.start(kChatFeed, std::string(101, 'a')), 400, "invalidInput.outOfRange", "author");
  expect(bad.send("GET", "/ccp/chat"), 404, "notFound", "JSESSIONID");
  expect(bad.send("GET", "/ccp/chat", {}, {{"Cookie", "JSESSIONID=00000000000000000000000000000000"}}), 404, "notFound", "");
  expect(bad.send("PUT", "/ccp/chat", "<Message><body>x</body></Message>"), 404, "notFound", "");

  ASSERT_EQ(bad.start(kChatFeed, "Bad").status, 201);
  expect(bad.send("GET", "/ccp/chat?eventid=abc"), 400, "invalidInput.invalidValue", "eventid");
  expect(bad.send("PUT", "/ccp/chat/event", "<TypingEvent><status>dancing</status></TypingEvent>"), 400,
         "invalidInput.invalidValue", "");
  expect(bad.send("PUT", "/ccp/chat", "<Message><body>" + std::string(10001, 'm') + "</body></Message>"), 400,
         "invalidInput.outOfRange", "");
  expect(bad.send("PUT", "/ccp/chat", "<Message/>"), 400, "invalidInput.fieldRequired", "");
  auto huge = bad.send("PUT", "/ccp/chat", "<Message><body>" + std::string(2 << 20, 'm') + "</body></Message>");
  EXPECT_EQ(huge.status, 413);

  ASSERT_TRUE(bystander.pollUntil([&](const auto&) { return bystander.sawEvent("MessageEvent", "Hi, how can I help?"); }, 5s))
      << "the other chat goes on";
}

TEST(ChatApi, CorsWorksForAConfiguredOriginWithCredentials) {
  auto config = chatConfig(true);
  config["cors_origins"] = json::array{"https://shop.example"};
  ServerFixture server(config);
  HttpClient preflight;
  ASSERT_TRUE(preflight.connect(server.port("http"), 5s).ok);
  auto r = preflight.request("OPTIONS", "/ccp/chat",
                             {{"Origin", "https://shop.example"}, {"Access-Control-Request-Method", "PUT"},
                              {"Access-Control-Request-Headers", "content-type"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->header("access-control-allow-origin"), "https://shop.example");
  EXPECT_EQ(r->header("access-control-allow-credentials"), "true");
  EXPECT_EQ(r->header("access-control-allow-headers"), "content-type");
  EXPECT_NE(r->header("access-control-allow-methods").value_or("").find("PUT"), std::string::npos);

  ChatClient widget(server.port("http"), "https://shop.example");
  auto created = widget.start(kChatFeed, "Foreign");
  EXPECT_EQ(created.header("access-control-allow-origin"), "https://shop.example");
  EXPECT_EQ(created.header("access-control-allow-credentials"), "true");
  EXPECT_EQ(created.header("access-control-expose-headers"), "Location");
  auto error = widget.send("GET", "/ccp/nothing");
  EXPECT_EQ(error.status, 404);
  EXPECT_EQ(error.header("access-control-allow-origin"), "https://shop.example") << "errors carry CORS too";
}

TEST(ChatApi, OriginsOutsideTheAllowListGetNoCors) {
  auto config = chatConfig(false);
  config["cors_origins"] = json::array{"https://shop.example"};
  ServerFixture server(config);
  HttpClient client;
  ASSERT_TRUE(client.connect(server.port("http"), 5s).ok);
  auto refused = client.request("OPTIONS", "/ccp/chat", {{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "POST"}});
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  EXPECT_FALSE(refused->header("access-control-allow-origin"));
  auto plain = client.request("GET", "/ccp/health", {{"Origin", "https://evil.example"}});
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->header("access-control-allow-origin"));
}

}  // namespace
}  // namespace smfront::testing
