// The HTTP door as a client sees it: status, static files, routing errors,
// keep-alive and pipelining.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "server_fixture.hpp"
#include "support/temp_dir.hpp"
#include "support/wait.hpp"

namespace smfront::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

TEST(HttpDoor, StatusReportsTheBoundPortsAndConnections) {
  ServerFixture server;
  auto client = server.http();
  auto r = client.request("GET", "/ccp/status");
  ASSERT_TRUE(r) << client.lastError();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->header("content-type"), "application/json");
  const auto status = json::parse(r->body).as_object();
  EXPECT_EQ(status.at("ports").at("http").as_int64(), server.port("http"));
  EXPECT_EQ(status.at("ports").at("https").as_int64(), server.port("https"));
  EXPECT_NE(server.port("http"), 0);
  EXPECT_GE(status.at("connections").at("http").as_int64(), 1) << "this very connection is open";
  EXPECT_FALSE(status.at("version").as_string().empty());
  EXPECT_GE(status.at("uptime_s").as_int64(), 0);
}

TEST(HttpDoor, ServesStaticFilesWithTheirContentType) {
  ServerFixture server;
  writeFile(server.webRoot() / "widget.js", "window.widget = 1;");
  auto client = server.http();
  auto js = client.request("GET", "/widget.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->status, 200);
  EXPECT_EQ(js->body, "window.widget = 1;");
  EXPECT_EQ(js->header("content-type"), "text/javascript; charset=utf-8");
  ASSERT_TRUE(js->header("etag"));

  auto index = client.request("GET", "/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->header("content-type"), "text/html; charset=utf-8");

  auto again = client.request("GET", "/widget.js", {{"If-None-Match", *js->header("etag")}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
}

TEST(HttpDoor, SymbolicLinksInTheWebRootAreNotFollowed) {
  ServerFixture server;
  TempDir outside;
  writeFile(outside.file("secret.txt"), "not for the web");
  std::filesystem::create_symlink(outside.file("secret.txt"), server.webRoot() / "secret.txt");
  std::filesystem::create_directory_symlink(outside.path(), server.webRoot() / "elsewhere");
  auto client = server.http();
  for (const char* path : {"/secret.txt", "/elsewhere/secret.txt"}) {
    auto r = client.request("GET", path);
    ASSERT_TRUE(r) << client.lastError();
    EXPECT_EQ(r->status, 404) << path;
    EXPECT_EQ(r->body.find("not for the web"), std::string::npos) << path;
  }
}

TEST(HttpDoor, UnknownPathsGet404AndApiPathsCarryApiErrors) {
  ServerFixture server;
  auto client = server.http();
  auto page = client.request("GET", "/nothing.html");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 404);

  auto api = client.request("GET", "/ccp-webapp/ccp/nothing");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 404);
  EXPECT_NE(api->body.find("<apiErrors><apiError><errorType>notFound</errorType>"), std::string::npos) << api->body;
}

TEST(HttpDoor, WrongMethodGets405WithAllow) {
  ServerFixture server;
  auto client = server.http();
  auto r = client.request("DELETE", "/ccp/status");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 405);
  EXPECT_EQ(r->header("allow"), "GET, HEAD");
  EXPECT_NE(r->body.find("methodNotAllowed"), std::string::npos);
}

TEST(HttpDoor, KeepAliveServesManyRequestsOnOneConnection) {
  ServerFixture server;
  auto client = server.http();
  for (int i = 0; i < 20; ++i) {
    auto r = client.request("GET", "/ccp/health");
    ASSERT_TRUE(r) << "request " << i << ": " << client.lastError();
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "ok\n");
  }
}

TEST(HttpDoor, PipelinedRequestsAreAnsweredInOrder) {
  ServerFixture server;
  writeFile(server.webRoot() / "a.txt", "first");
  writeFile(server.webRoot() / "b.txt", "second");
  auto client = server.http();
  ASSERT_TRUE(client.sendRaw("GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n"
                             "GET /b.txt HTTP/1.1\r\nHost: x\r\n\r\n"
                             "GET /ccp/health HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto a = client.readResponse(5s);
  auto b = client.readResponse(5s);
  auto c = client.readResponse(5s);
  ASSERT_TRUE(a && b && c) << client.lastError();
  EXPECT_EQ(a->body, "first");
  EXPECT_EQ(b->body, "second");
  EXPECT_EQ(c->body, "ok\n");
}

TEST(HttpDoor, HeadAnswersWithHeadersOnly) {
  ServerFixture server;
  writeFile(server.webRoot() / "page.html", "0123456789");
  auto client = server.http();
  ASSERT_TRUE(client.sendRaw("HEAD /page.html HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto r = client.readResponse(5s, true);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->header("content-length"), "10");
  EXPECT_TRUE(r->body.empty());
  auto next = client.request("GET", "/ccp/health");
  ASSERT_TRUE(next) << "the connection stays usable after HEAD";
}

TEST(HttpDoor, MetricsCountRequestsByRouteAndStatus) {
  ServerFixture server;
  auto client = server.http();
  ASSERT_TRUE(client.request("GET", "/ccp/status"));
  ASSERT_TRUE(client.request("GET", "/missing"));
  auto r = client.request("GET", "/metrics");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->header("content-type")->find("text/plain; version=0.0.4"), std::string::npos);
  EXPECT_NE(r->body.find("smfront_http_requests_total{door=\"http\",route=\"/ccp/status\",method=\"GET\",code=\"200\"} 1"),
            std::string::npos)
      << r->body;
  EXPECT_NE(r->body.find("code=\"404\"} 1"), std::string::npos);
  EXPECT_NE(r->body.find("smfront_http_request_duration_seconds_bucket{door=\"http\",route=\"/ccp/status\",le=\"+Inf\"} 1"),
            std::string::npos);
  EXPECT_NE(r->body.find("smfront_open_connections{door=\"http\"} 1"), std::string::npos);
}

TEST(HttpDoor, AccessLogHasOneLinePerRequest) {
  ServerFixture server;
  auto client = server.http();
  ASSERT_TRUE(client.request("GET", "/ccp/health?probe=1", {{"User-Agent", "it-test"}}));
  const bool logged = waitUntil(
      [&] { return server.process().stderrLog().find("\"GET /ccp/health?probe=*\" 200 3") != std::string::npos; },
      5s);
  EXPECT_TRUE(logged) << server.process().stderrTail();
  EXPECT_NE(server.process().stderrLog().find("\"it-test\""), std::string::npos);
}

TEST(HttpDoor, AccessLogFileIsOwnerOnlyFlushedWithinSecondsAndHidesQueryValues) {
  TempDir logs;
  const auto file = logs.file("access.log");
  writeFile(file, "");
  std::filesystem::permissions(file, std::filesystem::perms(0644));
  ServerFixture server({{"log", {{"access", file.string()}}}});
  auto client = server.http();
  ASSERT_TRUE(client.request("GET", "/ccp/health?phone=%2B15551234&email=ann%40example.com"));
  // One short line stays in the file buffer until something flushes it.
  const bool logged =
      waitUntil([&] { return readFile(file).find("\"GET /ccp/health?phone=*&email=*\" 200") != std::string::npos; }, 5s);
  EXPECT_TRUE(logged) << readFile(file);
  EXPECT_EQ(readFile(file).find("5551234"), std::string::npos);
  EXPECT_EQ(readFile(file).find("example.com"), std::string::npos);
  EXPECT_EQ(std::filesystem::status(file).permissions() & std::filesystem::perms::all, std::filesystem::perms(0600));
}

TEST(HttpDoor, AccessLogKeepsQueryValuesWhenConfigured) {
  ServerFixture server({{"log", {{"access_query_values", true}}}});
  auto client = server.http();
  ASSERT_TRUE(client.request("GET", "/ccp/health?probe=1"));
  EXPECT_TRUE(waitUntil(
      [&] { return server.process().stderrLog().find("\"GET /ccp/health?probe=1\" 200") != std::string::npos; }, 5s))
      << server.process().stderrTail();
}

}  // namespace
}  // namespace smfront::testing
