// One HTTP door and its sessions, in-process on loopback with a handler of the
// test's own: the session's timeouts, limits, lingering close and the pacing of
// clients that keep being refused, without the rest of the server.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "net/http_door.hpp"
#include "net/http_telemetry.hpp"
#include "security/keyed_rate.hpp"
#include "support/http_client.hpp"
#include "telemetry/metrics.hpp"

namespace smfront::net {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// "/status/<code>" answers with that code; anything else with 200.
class StatusHandler final : public HttpHandler {
 public:
  boost::asio::awaitable<Response> handle(Request& request) override {
    const std::string_view path = request.path();
    int status = 200;
    if (path.starts_with("/status/")) status = std::stoi(std::string(path.substr(8)));
    co_return Response::text(status, "answer\n");
  }
};

class HttpSessionTest : public ::testing::Test {
 protected:
  void startDoor(HttpLimits limits) {
    door_ = std::make_unique<HttpDoor>(
        io_, HttpDoorOptions{.name = "http", .bindAddress = "127.0.0.1", .port = 0, .limits = std::move(limits), .tls = nullptr},
        handler_, telemetry_);
    door_->start();
    runner_ = std::thread([this] { io_.run(); });
  }
  void TearDown() override {
    if (!door_) return;
    door_->closeAll();
    io_.stop();
    runner_.join();
    door_.reset();
  }
  testing::HttpClient client(const std::string& source = {}) {
    testing::HttpClient c;
    if (!source.empty()) c.setSourceAddress(source);
    EXPECT_TRUE(c.connect(door_->port(), 5s).ok);
    return c;
  }

  telemetry::Registry registry_;
  HttpTelemetry telemetry_{registry_, nullptr};
  StatusHandler handler_;
  // Destroyed before what the sessions it still holds refer to (the telemetry, the handler).
  boost::asio::io_context io_;
  std::unique_ptr<HttpDoor> door_;
  std::thread runner_;
};

TEST_F(HttpSessionTest, ARequestNotCompleteWithinTheReadTimeoutGets408AndTheConnectionCloses) {
  startDoor({.readTimeout = 200ms, .idleTimeout = 5000ms});
  auto c = client();
  ASSERT_TRUE(c.sendRaw("GET / HTTP/1.1\r\nHost: x\r\n"));  // the head never ends
  const auto r = c.readResponse(3s);
  ASSERT_TRUE(r) << c.lastError();
  EXPECT_EQ(r->status, 408);
  EXPECT_TRUE(c.waitForPeerClose(3s));
}

TEST_F(HttpSessionTest, AHeadOverTheLimitGets431) {
  startDoor({.maxHeaderBytes = 1024});
  auto c = client();
  const auto r = c.request("GET", "/", {{"X-Padding", std::string(4096, 'a')}});
  ASSERT_TRUE(r) << c.lastError();
  EXPECT_EQ(r->status, 431);
}

TEST_F(HttpSessionTest, ABodyOverTheLimitIsRefusedFromItsContentLengthBeforeItIsSent) {
  startDoor({.maxBodyBytes = 1024});
  auto c = client();
  ASSERT_TRUE(c.sendRaw("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n"));
  const auto r = c.readResponse(3s);
  ASSERT_TRUE(r) << c.lastError();
  EXPECT_EQ(r->status, 413);
}

TEST_F(HttpSessionTest, TheRefusalOfABodySentWholeArrivesIntactBeforeTheClose) {
  // Closing with the body unread would reset the connection and could destroy the 413
  // in flight; the session reads and drops what the client still sends first.
  startDoor({.maxBodyBytes = 1024});
  auto c = client();
  const std::string body(300000, 'b');
  (void)c.sendRaw("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  const auto r = c.readResponse(5s);
  ASSERT_TRUE(r) << c.lastError();
  EXPECT_EQ(r->status, 413);
}

TEST_F(HttpSessionTest, AnIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout) {
  startDoor({.readTimeout = 1000ms, .idleTimeout = 200ms});
  auto c = client();
  const auto r = c.request("GET", "/");
  ASSERT_TRUE(r) << c.lastError();
  EXPECT_EQ(r->status, 200);
  EXPECT_TRUE(c.waitForPeerClose(3s));
}

TEST_F(HttpSessionTest, AClientThatKeepsBeingRefusedWaitsAndOthersDoNot) {
  // Ten a second and one free: the second refusal leaves a debt of one, a tenth of a second.
  HttpLimits limits;
  limits.refusalPacing = std::make_shared<security::KeyedRate>(
      security::KeyedRateOptions{.perMinute = 600, .burst = 1, .maxDebt = 50});
  startDoor(limits);
  auto refused = client("127.0.0.2");
  for (int i = 0; i < 6; ++i) ASSERT_EQ(refused.request("GET", "/status/400").value_or(testing::HttpResponse{}).status, 400);
  const auto start = Clock::now();
  ASSERT_EQ(refused.request("GET", "/").value_or(testing::HttpResponse{}).status, 200) << "paced, then served";
  EXPECT_GE(Clock::now() - start, 80ms);
  for (int i = 0; i < 3; ++i) {
    auto other = client("127.0.0.3");
    const auto at = Clock::now();
    ASSERT_EQ(other.request("GET", "/").value_or(testing::HttpResponse{}).status, 200);
    EXPECT_LT(Clock::now() - at, 80ms) << "another address is not paced";
  }
  auto notFound = client("127.0.0.4");
  for (int i = 0; i < 5; ++i) ASSERT_EQ(notFound.request("GET", "/status/404").value_or(testing::HttpResponse{}).status, 404);
  const auto at = Clock::now();
  ASSERT_EQ(notFound.request("GET", "/").value_or(testing::HttpResponse{}).status, 200);
  EXPECT_LT(Clock::now() - at, 80ms) << "404 is no refusal to pace";
}

}  // namespace
}  // namespace smfront::net
