// Admin writes a browser could be tricked into sending, and contact edits by
// an agent who does not hold the contact.
#include <gtest/gtest.h>

#include "chat_client.hpp"
#include "server_fixture.hpp"

namespace smfront::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

json::object config() {
  return json::object{{"users", adminAndTwoAgents()},
                      {"feeds", json::array{json::object{{"name", "Web chat"}, {"type", "chat"}}}}};
}

class AdminWrites : public ::testing::Test {
 protected:
  HttpResponse call(const std::string& method, const std::string& target, const char* auth,
                    const std::string& body = {}, const char* contentType = "application/xml") {
    HttpClient client;
    EXPECT_TRUE(client.connect(server_.port("http"), 5s).ok);
    HeaderList headers{{"Authorization", auth}};
    if (contentType != nullptr) headers.emplace_back("Content-Type", contentType);
    return client.request(method, target, headers, body).value_or(HttpResponse{});
  }

  std::string chatContact() {
    ChatClient widget(server_.port("http"));
    auto created = widget.start(100000, "Web Guest");
    EXPECT_EQ(created.status, 201) << created.describe();
    const auto location = created.header("location").value_or("");
    return location.substr(location.rfind('/') + 1);
  }

  ServerFixture server_{config()};
};

TEST_F(AdminWrites, BodiesThatAreNotSaidToBeXmlGet415) {
  const std::string feed = "<Feed><name>Forged</name><type>8</type></Feed>";
  for (const char* type : {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"}) {
    auto forged = call("POST", "/ccp-webapp/ccp/feed", kAdmin, feed, type);
    EXPECT_EQ(forged.status, 415) << type << ": " << forged.describe();
    EXPECT_NE(forged.body.find("<errorType>unsupportedMediaType</errorType>"), std::string::npos) << forged.body;
  }
  EXPECT_EQ(call("POST", "/ccp-webapp/ccp/feed", kAdmin, feed, nullptr).status, 415) << "untyped";
  auto listed = call("GET", "/ccp-webapp/ccp/feed", kAdmin);
  EXPECT_EQ(listed.body.find("Forged"), std::string::npos) << "nothing forged was created: " << listed.body;

  EXPECT_EQ(call("POST", "/ccp-webapp/ccp/feed", kAdmin, feed, "application/xml; charset=utf-8").status, 201);
  EXPECT_EQ(call("PUT", "/ccp-webapp/ccp/feed/100001", kAdmin,
                 "<Feed><name>Renamed</name><changeStamp>0</changeStamp></Feed>", "text/xml")
                .status,
            200);
  EXPECT_EQ(call("DELETE", "/ccp-webapp/ccp/feed/100001", kAdmin, {}, nullptr).status, 200)
      << "a DELETE without a body needs no type";
}

TEST_F(AdminWrites, AnAgentCannotRetagAContactReservedByAnother) {
  const std::string id = chatContact();
  const std::string target = "/ccp-webapp/ccp/socialcontact/" + id;
  ASSERT_EQ(call("PUT", target, kMary, "<SocialContact><status>reserved</status></SocialContact>").status, 200);

  auto retag = call("PUT", target, kBob, "<SocialContact><tags><tag>spam</tag></tags></SocialContact>");
  EXPECT_EQ(retag.status, 403) << retag.describe();
  EXPECT_NE(retag.body.find("<errorType>forbidden</errorType>"), std::string::npos);
  auto reroom = call("PUT", target, kBob,
                     "<SocialContact><extensionFields><extensionField><name>chatRoom</name>"
                     "<value>trap@conference.localhost</value></extensionField></extensionFields></SocialContact>");
  EXPECT_EQ(reroom.status, 403) << reroom.describe();
  auto contact = call("GET", target, kAdmin);
  EXPECT_EQ(contact.body.find("spam"), std::string::npos) << contact.body;
  EXPECT_EQ(contact.body.find("trap@"), std::string::npos) << contact.body;

  EXPECT_EQ(call("PUT", target, kMary, "<SocialContact><tags><tag>vip</tag></tags></SocialContact>").status, 200)
      << "the holder may";
  EXPECT_EQ(call("PUT", target, kAdmin, "<SocialContact><tags><tag>vip</tag><tag>x</tag></tags></SocialContact>").status,
            200)
      << "an admin may";
  auto holderRoom = call("PUT", target, kMary,
                         "<SocialContact><extensionFields><extensionField><name>h_chatRoom</name>"
                         "<value>trap@conference.localhost</value></extensionField></extensionFields></SocialContact>");
  EXPECT_EQ(holderRoom.status, 403) << "the room is the server's: " << holderRoom.describe();
}

}  // namespace
}  // namespace smfront::testing
