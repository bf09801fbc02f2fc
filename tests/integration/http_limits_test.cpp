// Bad and slow input gets the HTTP status that names the problem, and never
// harms other connections.
#include <gtest/gtest.h>

#include <string>

#include "server_fixture.hpp"

namespace smfront::testing {
namespace {

using namespace std::chrono_literals;

TEST(HttpLimits, BodyOverTheLimitGets413AndTheConnectionCloses) {
  ServerFixture server;
  auto client = server.http();
  const std::string body(2 * 1024 * 1024, 'x');
  ASSERT_TRUE(client.sendRaw("POST /ccp/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/xml\r\n"
                             "Content-Length: " +
                             std::to_string(body.size()) + "\r\n\r\n"));
  // The answer comes from the header alone; the body is never read.
  auto r = client.readResponse(5s);
  ASSERT_TRUE(r) << client.lastError();
  EXPECT_EQ(r->status, 413);
  EXPECT_NE(r->body.find("<errorType>invalidInput.outOfRange</errorType>"), std::string::npos) << r->body;
  EXPECT_TRUE(client.waitForPeerClose(5s));
}

TEST(HttpLimits, ChunkedBodyOverTheLimitGets413) {
  ServerFixture server({{"http", {{"max_body_bytes", 4096}}}});
  auto client = server.http();
  std::string request = "POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 3; ++i) request += "800\r\n" + std::string(0x800, 'y') + "\r\n";
  request += "0\r\n\r\n";
  ASSERT_TRUE(client.sendRaw(request));
  auto r = client.readResponse(5s);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
}

TEST(HttpLimits, MalformedRequestLineGets400) {
  ServerFixture server;
  auto client = server.http();
  ASSERT_TRUE(client.sendRaw("GET /ccp/status HTTP/1.1 extra\r\nHost: x\r\n\r\n"));
  auto r = client.readResponse(5s);
  ASSERT_TRUE(r) << client.lastError();
  EXPECT_EQ(r->status, 400);
  EXPECT_TRUE(client.waitForPeerClose(5s));
}

TEST(HttpLimits, GarbageGets400) {
  ServerFixture server;
  auto client = server.http();
  ASSERT_TRUE(client.sendRaw(std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11) + "\r\n\r\n"));
  auto r = client.readResponse(5s);
  ASSERT_TRUE(r) << client.lastError();
  EXPECT_EQ(r->status, 400);
}

// Heads Beast reads but HTTP/1.1 forbids: one Host field is required of an
// HTTP/1.1 client (two would let parts of a chain disagree on the host), and
// chunked is the only transfer coding understood. Each refusal closes.
TEST(HttpLimits, HeadsHttp11ForbidsAreRefusedAndTheConnectionCloses) {
  struct Case {
    std::string head;
    int status;
  };
  const std::string post = "POST /ccp/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/xml\r\nTransfer-Encoding: ";
  const Case cases[] = {
      {"GET /ccp/status HTTP/1.1\r\n\r\n", 400},
      {"GET /ccp/status HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n\r\n", 400},
      {post + "identity\r\n\r\n0\r\n\r\n", 501},
      {post + "gzip, chunked\r\n\r\n0\r\n\r\n", 501},
      {post + "chunked, identity\r\n\r\n0\r\n\r\n", 501},
  };
  ServerFixture server;
  for (const auto& c : cases) {
    auto client = server.http();
    ASSERT_TRUE(client.sendRaw(c.head));
    auto r = client.readResponse(5s);
    ASSERT_TRUE(r) << c.head << ": " << client.lastError();
    EXPECT_EQ(r->status, c.status) << c.head;
    EXPECT_NE(r->body.find("<apiErrors>"), std::string::npos) << r->body;
    EXPECT_TRUE(client.waitForPeerClose(5s)) << c.head;
  }
}

TEST(HttpLimits, Http10RequestWithoutHostIsServed) {
  ServerFixture server;
  auto client = server.http();
  ASSERT_TRUE(client.sendRaw("GET /ccp/health HTTP/1.0\r\n\r\n"));
  auto r = client.readResponse(5s);
  ASSERT_TRUE(r) << client.lastError();
  EXPECT_EQ(r->status, 200);
}

TEST(HttpLimits, HeaderOverTheLimitGets431) {
  ServerFixture server;
  auto client = server.http();
  ASSERT_TRUE(client.sendRaw("GET /ccp/status HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(9000, 'a') + "\r\n\r\n"));
  auto r = client.readResponse(5s);
  ASSERT_TRUE(r) << client.lastError();
  EXPECT_EQ(r->status, 431);
}

TEST(HttpLimits, SlowClientIsCutAtTheReadTimeoutWith408) {
  ServerFixture server({{"http", {{"read_timeout_ms", 500}}}});
  auto slow = server.http();
  const auto started = std::chrono::steady_clock::now();
  // One byte every 100 ms: the request would take ~4 s, the limit is 0.5 s.
  slow.sendSlowly("GET /ccp/status HTTP/1.1\r\nHost: x\r\n\r\n", 100ms, 1500ms);
  auto r = slow.readResponse(5s);
  ASSERT_TRUE(r) << slow.lastError();
  EXPECT_EQ(r->status, 408);
  EXPECT_TRUE(slow.waitForPeerClose(5s));
  const auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_LT(elapsed, 3s) << "cut near the 0.5 s limit, not after the whole request";

  auto other = server.http();
  auto ok = other.request("GET", "/ccp/health");
  ASSERT_TRUE(ok) << "other clients are unharmed";
  EXPECT_EQ(ok->status, 200);
}

TEST(HttpLimits, IdleKeepAliveConnectionIsClosed) {
  ServerFixture server({{"http", {{"idle_timeout_ms", 300}}}});
  auto client = server.http();
  ASSERT_TRUE(client.request("GET", "/ccp/health"));
  EXPECT_TRUE(client.waitForPeerClose(5s));
}

TEST(HttpLimits, ConnectionsBeyondTheLimitAreRefusedAndOthersKeepWorking) {
  ServerFixture server({{"http", {{"max_connections", 2}}}});
  auto a = server.http();
  auto b = server.http();
  ASSERT_TRUE(a.request("GET", "/ccp/health"));
  ASSERT_TRUE(b.request("GET", "/ccp/health"));
  HttpClient c;
  ASSERT_TRUE(c.connect(server.port("http"), 5s).ok);
  EXPECT_TRUE(c.waitForPeerClose(5s)) << "the third connection is closed at once";
  auto again = a.request("GET", "/ccp/health");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
}

}  // namespace
}  // namespace smfront::testing
