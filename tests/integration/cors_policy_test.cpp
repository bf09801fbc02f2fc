// Which pages may read smfront's answers with a browser's credentials (spec
// socialminer-rest §2.2): smfront's own pages and the configured origins only;
// "null" never; the admin API, /ccp/status and /metrics never.
#include <gtest/gtest.h>

#include "server_fixture.hpp"

namespace smfront::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;


json::object corsConfig(json::array origins) {
  json::object config{{"users", adminUsers()},
                      {"feeds", json::array{json::object{{"name", "Web chat"}, {"type", "chat"}}}}};
  if (!origins.empty()) config["cors_origins"] = std::move(origins);
  return config;
}

HttpResponse call(int port, const std::string& method, const std::string& target, HeaderList headers,
                  const std::string& body = {}) {
  HttpClient client;
  EXPECT_TRUE(client.connect(port, 5s).ok);
  auto r = client.request(method, target, headers, body);
  EXPECT_TRUE(r) << client.lastError();
  return r.value_or(HttpResponse{});
}

HttpResponse preflight(int port, const std::string& target, const std::string& origin) {
  return call(port, "OPTIONS", target, {{"Origin", origin}, {"Access-Control-Request-Method", "POST"}});
}

TEST(CorsPolicy, ByDefaultAForeignSiteCannotReadACustomersChat) {
  ServerFixture server(corsConfig({}));
  const int http = server.port("http");
  auto refused = preflight(http, "/ccp/chat", "https://evil.example");
  EXPECT_EQ(refused.status, 403) << refused.describe();
  EXPECT_FALSE(refused.header("access-control-allow-origin"));
  auto poll = call(http, "GET", "/ccp/chat", {{"Origin", "https://evil.example"}});
  EXPECT_FALSE(poll.header("access-control-allow-origin")) << poll.describe();
  EXPECT_FALSE(poll.header("access-control-allow-credentials"));
}

TEST(CorsPolicy, SmfrontsOwnPagesAreAllowedOnEveryBrowserDoor) {
  ServerFixture server(corsConfig({}));
  // A page of the HTTPS door calling the HTTP door is another origin, but smfront's own.
  const std::string ownPage = "https://localhost:" + std::to_string(server.port("https"));
  auto rest = preflight(server.port("http"), "/ccp/chat", ownPage);
  EXPECT_EQ(rest.status, 200) << rest.describe();
  EXPECT_EQ(rest.header("access-control-allow-origin"), ownPage);

  // The agent console, served by the HTTP door, reaches the BOSH door.
  const std::string console = "http://127.0.0.1:" + std::to_string(server.port("http"));
  auto bosh = call(server.port("bosh"), "OPTIONS", "/http-bind/",
                   {{"Origin", console}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(bosh.header("access-control-allow-origin"), console) << bosh.describe();
  auto foreign = call(server.port("bosh"), "OPTIONS", "/http-bind/",
                      {{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_FALSE(foreign.header("access-control-allow-origin")) << foreign.describe();
}

TEST(CorsPolicy, AnyOriginIsAnOptInThatStillNeverEchoesNull) {
  ServerFixture server(corsConfig(json::array{"*"}));
  const int http = server.port("http");
  EXPECT_EQ(preflight(http, "/ccp/chat", "https://shop.example").header("access-control-allow-origin"),
            "https://shop.example");
  auto null = preflight(http, "/ccp/chat", "null");
  EXPECT_EQ(null.status, 403) << null.describe();
  EXPECT_FALSE(null.header("access-control-allow-origin"));
  auto nullPoll = call(http, "GET", "/ccp/chat", {{"Origin", "null"}});
  EXPECT_FALSE(nullPoll.header("access-control-allow-origin"));
  auto boshNull = call(server.port("bosh"), "GET", "/http-bind/", {{"Origin", "null"}});
  EXPECT_FALSE(boshNull.header("access-control-allow-origin")) << boshNull.describe();
}

TEST(CorsPolicy, AdminStatusAndMetricsNeverCarryCorsHeaders) {
  ServerFixture server(corsConfig(json::array{"*"}));
  const int http = server.port("http");
  const HeaderList asAdmin{{"Origin", "https://shop.example"}, {"Authorization", kAdmin}};
  for (const std::string target : {"/ccp-webapp/ccp/feed", "/ccp%2Dwebapp/ccp/feed", "/ccp/status", "/metrics",
                                   "/metrics/"}) {
    auto r = call(http, "GET", target, asAdmin);
    EXPECT_EQ(r.status, 200) << target << ": " << r.describe();
    EXPECT_FALSE(r.header("access-control-allow-origin")) << target;
    auto pre = preflight(http, target, "https://shop.example");
    EXPECT_EQ(pre.status, 403) << target;
    EXPECT_FALSE(pre.header("access-control-allow-origin")) << target;
  }
  EXPECT_EQ(call(http, "GET", "/ccp/chat", asAdmin).header("access-control-allow-origin"), "https://shop.example")
      << "the customer API keeps CORS";
}

// A refusal made before the request is read whole (413, 431) is still an answer a
// widget must be able to show: to an allowed page it carries the CORS headers, so the
// browser reports the status instead of a network failure.
TEST(CorsPolicy, RefusalsBeforeTheRequestIsReadReachAnAllowedPage) {
  ServerFixture server(corsConfig({"https://shop.example"}));
  const int http = server.port("http");
  auto raw = [&](const std::string& request) {
    HttpClient client;
    EXPECT_TRUE(client.connect(http, 5s).ok);
    EXPECT_TRUE(client.sendRaw(request));
    auto r = client.readResponse(5s);
    EXPECT_TRUE(r) << client.lastError();
    return r.value_or(HttpResponse{});
  };
  const std::string oversized = "Content-Length: 100000000\r\n\r\n";
  auto tooLarge = raw("POST /ccp/chat HTTP/1.1\r\nHost: x\r\nOrigin: https://shop.example\r\n" + oversized);
  EXPECT_EQ(tooLarge.status, 413) << tooLarge.describe();
  EXPECT_EQ(tooLarge.header("access-control-allow-origin"), "https://shop.example") << tooLarge.describe();
  EXPECT_EQ(tooLarge.header("access-control-allow-credentials"), "true");

  // A head over http.max_header_bytes is never parsed; its first lines still name the page.
  auto tooLong = raw("GET /ccp/chat HTTP/1.1\r\nHost: x\r\nOrigin: https://shop.example\r\nX-Pad: " +
                     std::string(20000, 'a') + "\r\n\r\n");
  EXPECT_EQ(tooLong.status, 431) << tooLong.describe();
  EXPECT_EQ(tooLong.header("access-control-allow-origin"), "https://shop.example") << tooLong.describe();

  auto foreign = raw("POST /ccp/chat HTTP/1.1\r\nHost: x\r\nOrigin: https://evil.example\r\n" + oversized);
  EXPECT_EQ(foreign.status, 413);
  EXPECT_FALSE(foreign.header("access-control-allow-origin")) << "only allowed pages";
  auto admin = raw("POST /ccp-webapp/ccp/feed HTTP/1.1\r\nHost: x\r\nOrigin: https://shop.example\r\n" + oversized);
  EXPECT_EQ(admin.status, 413);
  EXPECT_FALSE(admin.header("access-control-allow-origin")) << "the admin API never carries CORS headers";

  // The BOSH door too: a page's BOSH request over the body limit ends its session readably.
  HttpClient bosh;
  ASSERT_TRUE(bosh.connect(server.port("bosh"), 5s).ok);
  ASSERT_TRUE(bosh.sendRaw("POST /http-bind/ HTTP/1.1\r\nHost: x\r\nOrigin: https://shop.example\r\n" + oversized));
  auto boshAnswer = bosh.readResponse(5s);
  ASSERT_TRUE(boshAnswer) << bosh.lastError();
  EXPECT_EQ(boshAnswer->header("access-control-allow-origin"), "https://shop.example") << boshAnswer->describe();
}

}  // namespace
}  // namespace smfront::testing
