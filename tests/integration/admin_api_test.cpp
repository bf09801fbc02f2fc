// Provisioning and inspecting through the admin API, as an admin tool and an
// agent console do it.
#include <gtest/gtest.h>

#include "chat_client.hpp"
#include "server_fixture.hpp"

namespace smfront::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

json::object adminConfig() { return json::object{{"users", adminAndTwoAgents()}}; }

class AdminApi : public ::testing::Test {
 protected:
  HttpResponse call(const std::string& method, const std::string& target, const char* auth, const std::string& body = {}) {
    HttpClient client;
    EXPECT_TRUE(client.connect(server_.port("http"), 5s).ok);
    HeaderList headers;
    if (auth != nullptr) headers.emplace_back("Authorization", auth);
    if (!body.empty()) headers.emplace_back("Content-Type", "application/xml");
    return client.request(method, target, headers, body).value_or(HttpResponse{});
  }

  ServerFixture server_{adminConfig()};
};

TEST_F(AdminApi, CredentialsAndRolesAreChecked) {
  auto none = call("GET", "/ccp-webapp/ccp/feed", nullptr);
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.header("www-authenticate"), "Basic realm=\"smfront\"");
  EXPECT_NE(none.body.find("<errorType>notAuthorized</errorType>"), std::string::npos);
  EXPECT_EQ(call("GET", "/ccp-webapp/ccp/feed", "Basic YWRtaW46d3Jvbmc=").status, 401) << "wrong password";
  auto agent = call("POST", "/ccp-webapp/ccp/feed", kMary, "<Feed><name>x</name><type>8</type></Feed>");
  EXPECT_EQ(agent.status, 403);
  EXPECT_NE(agent.body.find("<errorType>forbidden</errorType>"), std::string::npos);
  EXPECT_EQ(call("OPTIONS", "/ccp-webapp/ccp/authentication/ping", kMary).status, 200);
}

TEST_F(AdminApi, FeedLifecycleWithChangeStamps) {
  auto made = call("POST", "/ccp-webapp/ccp/feed", kAdmin,
                   "<Feed><name>Support chat</name><type>8</type><tags><tag>support</tag></tags>"
                   "<chatJoinTimeout>30</chatJoinTimeout></Feed>");
  ASSERT_EQ(made.status, 201) << made.describe();
  const auto location = made.header("location").value_or("");
  const auto path = location.substr(location.find("/ccp-webapp"));
  EXPECT_EQ(path, "/ccp-webapp/ccp/feed/100000");

  auto got = call("GET", path, kAdmin);
  EXPECT_EQ(got.status, 200);
  EXPECT_NE(got.body.find("<name>Support chat</name>"), std::string::npos) << got.body;
  EXPECT_NE(got.body.find("<changeStamp>0</changeStamp>"), std::string::npos);
  EXPECT_NE(got.body.find("<chatJoinTimeout>30</chatJoinTimeout>"), std::string::npos);
  EXPECT_NE(got.body.find("/ccp-webapp/ccp/chatfeed/100000</pushFeedURL>"), std::string::npos);

  auto duplicate = call("POST", "/ccp-webapp/ccp/feed", kAdmin, "<Feed><name>Support chat</name><type>8</type></Feed>");
  EXPECT_EQ(duplicate.status, 400);
  auto badType = call("POST", "/ccp-webapp/ccp/feed", kAdmin, "<Feed><name>Other</name><type>9</type></Feed>");
  EXPECT_EQ(badType.status, 400);

  auto stale = call("PUT", path, kAdmin, "<Feed><changeStamp>7</changeStamp><description>new</description></Feed>");
  EXPECT_EQ(stale.status, 400);
  EXPECT_NE(stale.body.find("<errorType>invalidState.changeStamp</errorType>"), std::string::npos);
  auto updated = call("PUT", path, kAdmin, "<Feed><changeStamp>0</changeStamp><description>new</description></Feed>");
  EXPECT_EQ(updated.status, 200) << updated.describe();
  EXPECT_NE(call("GET", path, kAdmin).body.find("<changeStamp>1</changeStamp>"), std::string::npos);

  auto list = call("GET", "/ccp-webapp/ccp/feed?summary=true", kAdmin);
  EXPECT_EQ(list.body.rfind("<feeds><Feed>", 0), 0u) << list.body;
  EXPECT_EQ(list.body.find("<description>"), std::string::npos) << "the summary keeps name, type, status, refURL";

  EXPECT_EQ(call("DELETE", path, kAdmin).status, 200);
  EXPECT_EQ(call("GET", path, kAdmin).status, 404);
}

// Cisco's developer guide: POST /socialcontact puts a contact into a push feed (type 7),
// the URL the feed advertises as its pushFeedURL.
TEST_F(AdminApi, APushFeedTakesContactsPostedToItsPushFeedUrl) {
  auto feed = call("POST", "/ccp-webapp/ccp/feed", kAdmin,
                   "<Feed><name>Partner posts</name><type>7</type><tags><tag>partner</tag></tags></Feed>");
  ASSERT_EQ(feed.status, 201) << feed.describe();
  const auto feedUrl = feed.header("location").value_or("");
  auto read = call("GET", feedUrl.substr(feedUrl.find("/ccp-webapp")), kAdmin);
  const auto pushStart = read.body.find("<pushFeedURL>");
  ASSERT_NE(pushStart, std::string::npos) << read.body;
  const auto pushUrl = read.body.substr(pushStart + 13, read.body.find("</pushFeedURL>") - pushStart - 13);
  const auto pushPath = pushUrl.substr(pushUrl.find("/ccp-webapp"));
  EXPECT_EQ(pushPath, "/ccp-webapp/ccp/socialcontact");

  const std::string post = "<SocialContact><feedRefURL>" + feedUrl +
                           "</feedRefURL><author>Ann</author><title>Broken &amp; late</title>"
                           "<description>Order 42</description><tags><tag>urgent</tag></tags>"
                           "<extensionFields><extensionField><name>order</name><value>42</value></extensionField>"
                           "</extensionFields><publishedDate>1764000000000</publishedDate></SocialContact>";
  auto made = call("POST", pushPath, kAdmin, post);
  ASSERT_EQ(made.status, 201) << made.describe();
  const auto contactUrl = made.header("location").value_or("");
  ASSERT_NE(contactUrl.find("/ccp-webapp/ccp/socialcontact/"), std::string::npos) << made.describe();
  auto contact = call("GET", contactUrl.substr(contactUrl.find("/ccp-webapp")), kMary);
  ASSERT_EQ(contact.status, 200) << contact.describe();
  EXPECT_NE(contact.body.find("<sourceType>push</sourceType>"), std::string::npos) << contact.body;
  EXPECT_NE(contact.body.find("<author>Ann</author>"), std::string::npos);
  EXPECT_NE(contact.body.find("<title>Broken &amp; late</title>"), std::string::npos);
  EXPECT_NE(contact.body.find("<publishedDate>1764000000000</publishedDate>"), std::string::npos);
  EXPECT_NE(contact.body.find("<tag>urgent</tag>"), std::string::npos);
  EXPECT_NE(contact.body.find("<tag>partner</tag>"), std::string::npos) << "the feed's tags too";
  EXPECT_NE(contact.body.find("<name>order</name>"), std::string::npos);

  // The campaign over the feed suggests the tags its contacts carry (GET Suggested Tags),
  // at the suggestedTagsURL it advertises.
  ASSERT_EQ(call("POST", "/ccp-webapp/ccp/campaign", kAdmin,
                 "<Campaign><name>Partners</name><feeds><feed>" + feedUrl + "</feed></feeds></Campaign>")
                .status,
            201);
  auto campaign = call("GET", "/ccp-webapp/ccp/campaign/Partners", kAdmin);
  const auto tagsStart = campaign.body.find("<suggestedTagsURL>");
  ASSERT_NE(tagsStart, std::string::npos) << campaign.body;
  const auto tagsUrl = campaign.body.substr(tagsStart + 18, campaign.body.find("</suggestedTagsURL>") - tagsStart - 18);
  auto suggested = call("GET", tagsUrl.substr(tagsUrl.find("/ccp-webapp")), kMary);
  ASSERT_EQ(suggested.status, 200) << suggested.describe();
  EXPECT_EQ(suggested.body.find("<SuggestedTags><tags><tag>"), 0u) << suggested.body;
  EXPECT_NE(suggested.body.find("<tag>partner</tag>"), std::string::npos) << suggested.body;
  EXPECT_NE(suggested.body.find("<tag>urgent</tag>"), std::string::npos);
  EXPECT_EQ(call("GET", "/ccp-webapp/ccp/campaign/Nope/suggestedtags", kMary).status, 404);

  // Only push feeds take posted contacts, and only admins post them.
  auto chat = call("POST", "/ccp-webapp/ccp/feed", kAdmin, "<Feed><name>Chat</name><type>8</type></Feed>");
  ASSERT_EQ(chat.status, 201);
  std::string intoChat = post;
  intoChat.replace(intoChat.find(feedUrl), feedUrl.size(), chat.header("location").value_or(""));
  auto refused = call("POST", pushPath, kAdmin, intoChat);
  EXPECT_EQ(refused.status, 400) << refused.describe();
  EXPECT_NE(refused.body.find("not a push feed"), std::string::npos) << refused.body;
  EXPECT_EQ(call("POST", pushPath, kMary, post).status, 403);
  EXPECT_EQ(call("POST", pushPath, kAdmin, "<SocialContact><author>x</author></SocialContact>").status, 400);
}

// Cisco's Reply Template API: SocialMiner's own templates are always listed and cannot be
// changed; an admin's come and go with change stamps; agents read them.
TEST_F(AdminApi, ReplyTemplatesAreListedMadeChangedAndDeleted) {
  auto list = call("GET", "/ccp-webapp/ccp/template/reply", kMary);
  ASSERT_EQ(list.status, 200) << list.describe();
  EXPECT_EQ(list.body.rfind("<templates><Template><changeStamp>0</changeStamp><name>Cisco Chat</name>", 0), 0u) << list.body;
  EXPECT_NE(list.body.find("/ccp-webapp/ccp/template/reply/302</refURL><systemDefined>true</systemDefined>"
                           "<templateURL>/templates/reply/cisco_agent_chat.jsp</templateURL>"),
            std::string::npos);
  EXPECT_EQ(call("GET", "/ccp-webapp/ccp/template/reply/304", kMary).status, 200);

  auto made = call("POST", "/ccp-webapp/ccp/template/reply", kAdmin,
                   "<Template><name>My Reply Template 1</name><templateURL>https://example.com/templates/1</templateURL></Template>");
  ASSERT_EQ(made.status, 201) << made.describe();
  const auto location = made.header("location").value_or("");
  const auto path = location.substr(location.find("/ccp-webapp"));
  EXPECT_EQ(path, "/ccp-webapp/ccp/template/reply/100000");
  auto got = call("GET", path, kAdmin);
  EXPECT_NE(got.body.find("<name>My Reply Template 1</name>"), std::string::npos) << got.body;
  EXPECT_NE(got.body.find("<systemDefined>false</systemDefined>"), std::string::npos);

  EXPECT_EQ(call("PUT", path, kAdmin, "<Template><changeStamp>5</changeStamp><name>x</name></Template>").status, 400)
      << "a stale stamp";
  EXPECT_EQ(call("PUT", path, kAdmin, "<Template><changeStamp>0</changeStamp><name>Renamed</name></Template>").status, 200);
  got = call("GET", path, kAdmin);
  EXPECT_NE(got.body.find("<changeStamp>1</changeStamp><name>Renamed</name>"), std::string::npos) << got.body;
  EXPECT_NE(got.body.find("https://example.com/templates/1"), std::string::npos) << "an absent URL stays";

  EXPECT_EQ(call("POST", "/ccp-webapp/ccp/template/reply", kMary, "<Template><name>n</name><templateURL>u</templateURL></Template>").status,
            403);
  EXPECT_EQ(call("DELETE", "/ccp-webapp/ccp/template/reply/302", kAdmin).status, 403) << "SocialMiner's own stay";
  EXPECT_EQ(call("DELETE", path, kAdmin).status, 200);
  EXPECT_EQ(call("GET", path, kAdmin).status, 404);
  EXPECT_EQ(call("GET", "/ccp-webapp/ccp/template/reply/abc", kAdmin).status, 404);
}

TEST_F(AdminApi, CampaignOverAFeedCountsItsContacts) {
  ASSERT_EQ(call("POST", "/ccp-webapp/ccp/feed", kAdmin, "<Feed><name>Web</name><type>8</type></Feed>").status, 201);
  auto made = call("POST", "/ccp-webapp/ccp/campaign", kAdmin,
                   "<Campaign><name>Spring sale</name><feeds><feed>http://x/ccp-webapp/ccp/feed/100000</feed></feeds></Campaign>");
  ASSERT_EQ(made.status, 201) << made.describe();
  EXPECT_NE(made.header("location").value_or("").find("/ccp-webapp/ccp/campaign/Spring_sale"), std::string::npos);

  ChatClient widget(server_.port("http"));
  ASSERT_EQ(widget.start(100000, "Pat").status, 201);
  auto campaign = call("GET", "/ccp-webapp/ccp/campaign/Spring_sale?metrics=true", kAdmin);
  EXPECT_EQ(campaign.status, 200);
  EXPECT_NE(campaign.body.find("<socialContactCount>1</socialContactCount>"), std::string::npos) << campaign.body;
  EXPECT_NE(campaign.body.find("/ccp-webapp/ccp/feed/100000</feed>"), std::string::npos);
  EXPECT_EQ(call("GET", "/ccp-webapp/ccp/campaign", kAdmin).body.rfind("<campaigns>", 0), 0u);
  auto results = call("GET", "/ccp-webapp/ccp/campaign/Spring_sale/results", kAdmin);
  EXPECT_EQ(results.status, 200);
  EXPECT_EQ(results.header("content-type"), "application/atom+xml; charset=utf-8");
  EXPECT_NE(results.body.find("<feed xmlns=\"http://www.w3.org/2005/Atom\""), std::string::npos) << results.body;
  EXPECT_NE(results.body.find("<ccp:status>unread</ccp:status>"), std::string::npos) << results.body;
  EXPECT_NE(results.body.find("rel=\"socialcontact\""), std::string::npos);
  EXPECT_EQ(results.body.find("rel=\"next\""), std::string::npos) << "one page only";
  // Paging past the end, as far as an int64 goes, is an empty page (it once overflowed).
  auto past = call("GET", "/ccp-webapp/ccp/campaign/Spring_sale/results?startIndex=9223372036854775807", kAdmin);
  EXPECT_EQ(past.status, 200) << past.describe();
  EXPECT_EQ(past.body.find("<entry>"), std::string::npos) << past.body;
  EXPECT_EQ(past.body.find("rel=\"next\""), std::string::npos) << past.body;
  EXPECT_EQ(call("DELETE", "/ccp-webapp/ccp/campaign/Spring_sale", kAdmin).status, 200);
}

TEST_F(AdminApi, AgentsClaimChatsOneAtATime) {
  ASSERT_EQ(call("POST", "/ccp-webapp/ccp/feed", kAdmin, "<Feed><name>Web</name><type>8</type></Feed>").status, 201);
  ChatClient widget(server_.port("http"));
  auto created = widget.start(100000, "Pat");
  const auto location = created.header("location").value_or("");
  const auto contact = location.substr(location.find("/ccp-webapp"));

  const std::string claim = "<SocialContact><status>reserved</status></SocialContact>";
  EXPECT_EQ(call("PUT", contact, kMary, claim).status, 200);
  auto got = call("GET", contact, kMary);
  EXPECT_NE(got.body.find("<statusUserId>mary</statusUserId>"), std::string::npos) << got.body;
  EXPECT_NE(got.body.find("<status>reserved</status>"), std::string::npos);
  EXPECT_EQ(call("PUT", contact, kMary, claim).status, 200) << "a re-claim by the same agent";
  auto taken = call("PUT", contact, kBob, claim);
  EXPECT_EQ(taken.status, 400);
  EXPECT_NE(taken.body.find("<errorType>invalidState.reserved</errorType>"), std::string::npos) << taken.body;

  auto stale = call("PUT", contact, kMary, "<SocialContact><changeStamp>99</changeStamp><tags><tag>x</tag></tags></SocialContact>");
  EXPECT_EQ(stale.status, 400);
  EXPECT_NE(stale.body.find("invalidState.changeStamp"), std::string::npos);

  // An agent rejects the waiting chat: the customer hears it.
  EXPECT_EQ(call("PUT", contact, kMary, "<SocialContact><status>discarded</status></SocialContact>").status, 200);
  ASSERT_TRUE(widget.pollUntil(
      [&](const auto&) { return widget.sawEvent("StatusEvent", "chat_request_rejected_by_agent"); }, 5s));
  EXPECT_EQ(call("PUT", contact, kMary, "<SocialContact><status>unread</status></SocialContact>").status, 400)
      << "only an admin restores a discarded contact";
  EXPECT_EQ(call("PUT", contact, kAdmin, "<SocialContact><status>unread</status></SocialContact>").status, 200);
  EXPECT_EQ(call("GET", contact + "/transcript", kMary).status, 200);
  EXPECT_EQ(call("GET", "/ccp-webapp/ccp/socialcontact/FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", kMary).status, 404);
}

}  // namespace
}  // namespace smfront::testing

namespace smfront::testing {
namespace {

TEST(AdminSeeds, FeedsAndCampaignsFromTheConfigAreThereAtStart) {
  auto config = adminConfig();
  config["feeds"] = json::array{json::object{{"name", "Web chat"}, {"type", "chat"}},
                                json::object{{"name", "Callbacks"}, {"type", "callback"}}};
  config["campaigns"] = json::array{json::object{{"name", "Lab campaign"}, {"feeds", json::array{"Callbacks"}}}};
  ServerFixture server(config);
  HttpClient client;
  ASSERT_TRUE(client.connect(server.port("http"), 5s).ok);
  auto campaign = client.request("GET", "/ccp-webapp/ccp/campaign/Lab_campaign", {{"Authorization", kAdmin}});
  ASSERT_TRUE(campaign);
  EXPECT_EQ(campaign->status, 200) << campaign->describe();
  EXPECT_NE(campaign->body.find("/ccp-webapp/ccp/feed/100001</feed>"), std::string::npos) << campaign->body;
  auto feed = client.request("GET", "/ccp-webapp/ccp/feed/100000", {{"Authorization", kAdmin}});
  ASSERT_TRUE(feed);
  EXPECT_NE(feed->body.find("<name>Web chat</name>"), std::string::npos);
}

}  // namespace
}  // namespace smfront::testing
