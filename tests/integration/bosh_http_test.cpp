// Raw-HTTP probes of the BOSH door (spec bosh-xmpp §2, §4.3): the HTTP table,
// CORS on every answer, and BOSH-level errors as HTTP 200 terminate bodies.
#include <gtest/gtest.h>

#include <regex>

#include "server_fixture.hpp"
#include "support/wait.hpp"

namespace smfront::testing {
namespace {

using namespace std::chrono_literals;

const HeaderList kOrigin = {{"Origin", "http://agent.example"}};

class BoshHttp : public ::testing::Test {
 protected:
  HttpClient bosh() {
    HttpClient client;
    EXPECT_TRUE(client.connect(server_.port("bosh"), 5s)) << client.lastError();
    return client;
  }

  HttpResponse post(HttpClient& client, std::string_view body, std::chrono::milliseconds deadline = 5s) {
    HeaderList headers = kOrigin;
    headers.emplace_back("Content-Type", "text/xml; charset=utf-8");
    auto r = client.request("POST", "/http-bind/", headers, body, deadline);
    EXPECT_TRUE(r) << client.lastError();
    return r.value_or(HttpResponse{});
  }

  static void expectCors(const HttpResponse& r) {
    EXPECT_EQ(r.header("Access-Control-Allow-Origin"), "http://agent.example") << r.describe();
    EXPECT_EQ(r.header("Access-Control-Allow-Credentials"), "true");
    EXPECT_EQ(r.header("Access-Control-Allow-Methods"), "GET, POST, OPTIONS");
    EXPECT_EQ(r.header("Access-Control-Max-Age"), "7200");
    EXPECT_EQ(r.header("Cache-Control"), "no-store");
  }

  static void expectTerminate(const HttpResponse& r, std::string_view condition) {
    EXPECT_EQ(r.status, 200) << r.describe();
    EXPECT_NE(r.body.find("type='terminate'"), std::string::npos) << r.body;
    EXPECT_NE(r.body.find("condition='" + std::string(condition) + "'"), std::string::npos) << r.body;
    expectCors(r);
  }

  static std::string sidOf(const std::string& body) {
    std::smatch m;
    EXPECT_TRUE(std::regex_search(body, m, std::regex("sid='([0-9a-f]{32})'"))) << body;
    return m.size() > 1 ? m[1].str() : std::string();
  }

  std::string create(HttpClient& client, std::uint64_t rid = 1000) {
    const auto r = post(client, "<body xmlns='http://jabber.org/protocol/httpbind' rid='" + std::to_string(rid) +
                                    "' to='localhost' wait='60' hold='1' ver='1.6' xmlns:xmpp='urn:xmpp:xbosh' "
                                    "xmpp:version='1.0'/>");
    return sidOf(r.body);
  }

  ServerFixture server_{boost::json::object{{"cors_origins", boost::json::array{"http://agent.example"}}}};
};

TEST_F(BoshHttp, BothDoorsAreListed) {
  EXPECT_NE(server_.port("bosh"), 0);
  EXPECT_NE(server_.port("boshs"), 0);
}

TEST_F(BoshHttp, OptionsIsAPreflight) {
  auto client = bosh();
  HeaderList headers = kOrigin;
  headers.emplace_back("Access-Control-Request-Method", "POST");
  headers.emplace_back("Access-Control-Request-Headers", "X-Custom");
  auto r = client.request("OPTIONS", "/http-bind/", headers);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_TRUE(r->body.empty());
  expectCors(*r);
  EXPECT_EQ(r->header("Access-Control-Allow-Headers"), "Content-Type, X-Custom");
  EXPECT_EQ(r->header("Vary"), "Origin");
}

TEST_F(BoshHttp, GetShowsAnInfoPageOnBothPaths) {
  auto client = bosh();
  for (const char* path : {"/http-bind/", "/http-bind"}) {
    auto r = client.request("GET", path, kOrigin);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->header("Content-Type"), "text/html; charset=utf-8");
    expectCors(*r);
  }
}

TEST_F(BoshHttp, HttpLevelErrorsCarryCorsToo) {
  auto client = bosh();
  auto empty = client.request("POST", "/http-bind/", kOrigin, "");
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->status, 400);
  expectCors(*empty);
  auto put = client.request("PUT", "/http-bind/", kOrigin, "<body/>");
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, 405);
  EXPECT_EQ(put->header("Allow"), "GET, POST, OPTIONS");
  expectCors(*put);
  auto elsewhere = client.request("GET", "/ccp/status", kOrigin);
  ASSERT_TRUE(elsewhere);
  EXPECT_EQ(elsewhere->status, 404);
  expectCors(*elsewhere);
}

TEST_F(BoshHttp, CreationAnswersWithEverySessionAttributeAndTheFeatures) {
  auto client = bosh();
  const auto r = post(client, "<body xmlns='http://jabber.org/protocol/httpbind' rid='1' to='localhost' wait='300' "
                              "hold='2' ver='1.6' xmlns:xmpp='urn:xmpp:xbosh' xmpp:version='1.0'/>");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type"), "text/xml; charset=utf-8");
  expectCors(r);
  for (const char* attr : {"wait='60'", "hold='1'", "requests='2'", "inactivity='60'", "polling='5'",
                           "maxpause='120'", "xmlns:stream='http://etherx.jabber.org/streams'"}) {
    EXPECT_NE(r.body.find(attr), std::string::npos) << attr << " in " << r.body;
  }
  EXPECT_NE(r.body.find("<mechanism>SCRAM-SHA-256</mechanism>"), std::string::npos);
}

TEST_F(BoshHttp, BoshErrorsAreHttp200Terminates) {
  auto client = bosh();
  expectTerminate(post(client, "<body xmlns='http://jabber.org/protocol/httpbind' rid='1' sid='00112233445566778899aabbccddeeff'/>"),
                  "item-not-found");
  expectTerminate(post(client, "<body xmlns='http://jabber.org/protocol/httpbind' rid='1'"), "bad-request");
  expectTerminate(post(client, "<body xmlns='http://jabber.org/protocol/httpbind' rid='1' to='example.org' wait='60' hold='1'/>"),
                  "host-unknown");
  expectTerminate(post(client, "<body xmlns='http://jabber.org/protocol/httpbind' rid='1' wait='60' hold='1'/>"),
                  "improper-addressing");
  expectTerminate(post(client, "<body xmlns='http://jabber.org/protocol/httpbind' rid='1' to='localhost' wait='60' hold='0'/>"),
                  "bad-request");
  const std::string sid = create(client, 500);
  expectTerminate(post(client, "<body xmlns='http://jabber.org/protocol/httpbind' rid='900' sid='" + sid + "'/>"),
                  "item-not-found");
}

TEST_F(BoshHttp, AStanzaBeforeAuthenticationEndsTheStream) {
  auto client = bosh();
  const std::string sid = create(client, 10);
  const auto r = post(client, "<body xmlns='http://jabber.org/protocol/httpbind' rid='11' sid='" + sid +
                                  "'><message xmlns='jabber:client' to='x@localhost'><body>hi</body></message></body>");
  expectTerminate(r, "remote-stream-error");
  EXPECT_NE(r.body.find("not-authorized"), std::string::npos) << r.body;
}

TEST_F(BoshHttp, ABodyOverTheLimitIsAPolicyViolation) {
  auto client = bosh();
  const std::string sid = create(client, 20);
  const std::string big = "<body xmlns='http://jabber.org/protocol/httpbind' rid='21' sid='" + sid + "'><message xmlns='jabber:client'><body>" +
                          std::string(1536 * 1024, 'x') + "</body></message></body>";
  expectTerminate(post(client, big), "policy-violation");
}

TEST_F(BoshHttp, AHeldRequestDelaysNoOtherSession) {
  auto first = bosh();
  const std::string held = create(first, 30);
  const std::string poll = "<body xmlns='http://jabber.org/protocol/httpbind' rid='31' sid='" + held + "'/>";
  ASSERT_TRUE(first.sendRaw("POST /http-bind/ HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: " +
                            std::to_string(poll.size()) + "\r\n\r\n" + poll));
  auto second = bosh();
  const auto started = std::chrono::steady_clock::now();
  const std::string other = create(second, 40);
  EXPECT_FALSE(other.empty());
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
  EXPECT_FALSE(first.readResponse(200ms)) << "the first session's poll is still held";
}

}  // namespace
}  // namespace smfront::testing

namespace smfront::testing {
namespace {

TEST(BoshLimits, TheConfiguredWaitCeilingAndInactivityApply) {
  ServerFixture server(boost::json::object{{"bosh", {{"max_wait", 5}, {"inactivity", 1}}}});
  HttpClient client;
  ASSERT_TRUE(client.connect(server.port("bosh"), 5s));
  const HeaderList headers{{"Content-Type", "text/xml; charset=utf-8"}};
  auto created = client.request("POST", "/http-bind/", headers,
                                "<body xmlns='http://jabber.org/protocol/httpbind' rid='1000' to='localhost' "
                                "wait='60' hold='1' ver='1.6' xmlns:xmpp='urn:xmpp:xbosh' xmpp:version='1.0'/>");
  ASSERT_TRUE(created);
  EXPECT_NE(created->body.find("wait='5'"), std::string::npos) << created->body;
  EXPECT_NE(created->body.find("inactivity='1'"), std::string::npos) << created->body;
  // Nothing held: the session is gone after a second, as the status shows
  // (asking the session itself would keep it alive).
  const auto sessions = [&] {
    HttpClient api;
    if (!api.connect(server.port("http"), 5s)) return -1L;
    auto status = api.request("GET", "/ccp/status");
    std::smatch m;
    if (!status || !std::regex_search(status->body, m, std::regex("\"bosh_sessions\":([0-9]+)"))) return -1L;
    return std::stol(m[1].str());
  };
  EXPECT_EQ(sessions(), 1);
  EXPECT_TRUE(waitUntil([&] { return sessions() == 0; }, 5s, 100ms));
}

}  // namespace
}  // namespace smfront::testing
