// Every field an anonymous customer sends is bounded (spec socialminer-rest
// §3.2, §6): an oversized chat, callback or task is refused with 400
// invalidInput naming the field, before anything is stored or published.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "chat_client.hpp"
#include "server_fixture.hpp"

namespace smfront::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

json::object config(json::object http = {}) {
  return json::object{{"http", std::move(http)},
                      {"feeds", json::array{json::object{{"name", "Web chat"}, {"type", "chat"}},
                                            json::object{{"name", "Callbacks"}, {"type", "callback"}},
                                            json::object{{"name", "Tasks"}, {"type", "task"}}}}};
}

std::int64_t contacts(ServerFixture& server) {
  auto client = server.http();
  auto r = client.request("GET", "/ccp/status", {});
  if (!r || r->status != 200) return -1;
  return json::parse(r->body).at("counts").at("contacts").as_int64();
}

HttpResponse post(ServerFixture& server, const std::string& target, const std::string& body) {
  auto client = server.http();
  return client.request("POST", target, {{"Content-Type", "application/xml"}}, body, 10s).value_or(HttpResponse{});
}

std::string chatWith(const std::string& extra) {
  return "<SocialContact><feedRefURL>http://x/ccp-webapp/ccp/feed/100000</feedRefURL><author>Ann</author>"
         "<title>Hi</title>" + extra + "</SocialContact>";
}

void expectRefused(const HttpResponse& r, const std::string& field) {
  EXPECT_EQ(r.status, 400) << r.describe(300);
  EXPECT_NE(r.body.find("<errorType>invalidInput.outOfRange</errorType>"), std::string::npos) << r.describe(300);
  EXPECT_NE(r.body.find("<errorData>" + field + "</errorData>"), std::string::npos) << r.describe(300);
}

TEST(CustomerFields, AMegabyteDescriptionIsRefusedBeforeItIsReadByDefault) {
  ServerFixture server(config());
  auto xml = post(server, "/ccp/chat", chatWith("<description>" + std::string(1000 * 1000, 'x') + "</description>"));
  EXPECT_EQ(xml.status, 413) << xml.describe(300);
  EXPECT_NE(xml.body.find("<apiErrors>"), std::string::npos) << xml.describe(300);
  EXPECT_EQ(contacts(server), 0);
}

TEST(CustomerFields, AMegabyteDescriptionIsRefusedAndNothingIsPublished) {
  // A body limit raised to 1 MiB: the field limits must hold on their own.
  ServerFixture server(config({{"max_body_bytes", 1048576}}));
  const std::string huge(1000 * 1000 - 400, 'x');  // the whole request stays under the 1 MiB body limit
  // The form style has no XML parser to stop it on the way.
  ChatClient form(server.port("http"));
  expectRefused(form.send("POST", "/ccp/chat/form/100000", "title=Hi&author=Ann&description=" + huge,
                          {{"Content-Type", "application/x-www-form-urlencoded"}}),
                "description");
  auto xml = post(server, "/ccp/chat", chatWith("<description>" + huge + "</description>"));
  EXPECT_EQ(xml.status, 400) << xml.describe(300);
  // Below the XML parser's own limit, the field's limit speaks.
  expectRefused(post(server, "/ccp/chat", chatWith("<description>" + std::string(200000, 'x') + "</description>")),
                "description");
  EXPECT_EQ(contacts(server), 0) << "no contact was made, so none was published to the agents";
  ASSERT_EQ(post(server, "/ccp/chat", chatWith("<description>" + std::string(4000, 'x') + "</description>")).status,
            201);
  EXPECT_EQ(contacts(server), 1);
}

TEST(CustomerFields, TagsAndExtensionFieldsAreBoundedOneByOneAndInAll) {
  ServerFixture server(config());
  expectRefused(post(server, "/ccp/chat", chatWith("<tags><tag>" + std::string(101, 't') + "</tag></tags>")), "tags");
  auto field = [](const std::string& name, std::size_t valueChars) {
    return "<extensionField><name>" + name + "</name><value>" + std::string(valueChars, 'v') + "</value></extensionField>";
  };
  expectRefused(post(server, "/ccp/chat", chatWith("<extensionFields>" + field("a", 2001) + "</extensionFields>")),
                "extensionField.value");
  expectRefused(post(server, "/ccp/chat", chatWith("<extensionFields>" + field(std::string(101, 'n'), 1) +
                                                   "</extensionFields>")),
                "extensionField.name");
  std::string many;
  for (int i = 0; i < 5; ++i) many += field("f" + std::to_string(i), 2000);  // each fits, not all together
  expectRefused(post(server, "/ccp/chat", chatWith("<extensionFields>" + many + "</extensionFields>")),
                "extensionFields");
  ChatClient form(server.port("http"));
  auto viaForm = form.send("GET", "/ccp/chat/100000/redirect?title=Hi&author=Ann&extensionField_x=" +
                                      std::string(2001, 'v'));
  expectRefused(viaForm, "extensionField.value");
  EXPECT_EQ(contacts(server), 0);
}

TEST(CustomerFields, CallbackAndTaskFieldsAreBounded) {
  ServerFixture server(config());
  const std::string longText(4001, 'd');
  expectRefused(post(server, "/ccp/callback/feed/100001",
                     "<Contact><name>Ann</name><title>Call me</title><mediaAddress>5551212</mediaAddress>"
                     "<description>" + longText + "</description></Contact>"),
                "description");
  expectRefused(post(server, "/ccp/task/feed/100002",
                     "<Task><name>Ann</name><title>Do it</title><variables><variable><name>notes</name><value>" +
                         std::string(2001, 'v') + "</value></variable></variables></Task>"),
                "notes");
  expectRefused(post(server, "/ccp/task/feed/100002",
                     "<Task><name>Ann</name><title>Do it</title><customerUID>" + std::string(256, 'u') +
                         "</customerUID></Task>"),
                "customerUID");
  auto client = server.http();
  auto viaQuery = client.request("GET", "/ccp/rest/callback/feed/100001?name=Ann&title=Hi&mediaAddress=5551212&tags=" +
                                            std::string(101, 't'),
                                 {});
  ASSERT_TRUE(viaQuery);
  expectRefused(*viaQuery, "tags");
  EXPECT_EQ(contacts(server), 0);
}

}  // namespace
}  // namespace smfront::testing
