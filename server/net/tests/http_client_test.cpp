// net::HttpClient against an HttpDoor of the test's own on loopback, plain and
// TLS: what the notifiers and feed fetching rely on (the request as given,
// redirects followed within bounds and without credentials to another origin,
// the answer's size and the deadline enforced, errors that say what failed).
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "net/http_client.hpp"
#include "net/http_door.hpp"
#include "net/http_telemetry.hpp"
#include "net/tls_context.hpp"
#include "support/dev_certs.hpp"
#include "telemetry/metrics.hpp"

namespace smfront::net {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

// /echo: the method, the Authorization header and the body; /to?url: a 302 to it;
// /big: 100,000 bytes; /slow: an answer after 2 s.
class TestSite final : public HttpHandler {
 public:
  asio::awaitable<Response> handle(Request& request) override {
    const std::string_view path = request.path();
    if (path == "/echo") {
      co_return Response::text(200, request.method + " [" + std::string(request.headers.get("Authorization")) + "] " +
                                        request.body);
    }
    if (path == "/to") {
      auto r = Response::text(302, "");
      r.headers.set("Location", std::string(request.query()));
      co_return r;
    }
    if (path == "/big") co_return Response::text(200, std::string(100000, 'x'));
    if (path == "/slow") {
      asio::steady_timer timer(co_await asio::this_coro::executor, 2s);
      co_await timer.async_wait(asio::use_awaitable);
      co_return Response::text(200, "late");
    }
    co_return Response::text(404, "");
  }
};

class HttpClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto& certs = testing::devCerts();
    auto addDoor = [&](std::string name, std::string address, std::shared_ptr<asio::ssl::context> tls) {
      doors_.push_back(std::make_unique<HttpDoor>(
          io_, HttpDoorOptions{.name = std::move(name), .bindAddress = std::move(address), .port = 0, .limits = {}, .tls = tls},
          site_, telemetry_));
      doors_.back()->start();
    };
    const auto tls = makeServerTlsContext(certs.serverCert, certs.serverKey);
    addDoor("http", "127.0.0.1", nullptr);
    addDoor("https", "127.0.0.1", tls);
    addDoor("https-unnamed", "127.0.0.2", tls);  // an address the certificate does not name
    runner_ = std::thread([this] { io_.run(); });
  }
  void TearDown() override {
    for (auto& door : doors_) door->closeAll();
    io_.stop();
    runner_.join();
  }

  std::string http(std::string_view host = "127.0.0.1") {
    return "http://" + std::string(host) + ":" + std::to_string(doors_[0]->port());
  }
  std::string https(std::string_view host = "localhost") {
    return "https://" + std::string(host) + ":" + std::to_string(doors_[1]->port());
  }
  std::string httpsUnnamed() { return "https://127.0.0.2:" + std::to_string(doors_[2]->port()); }

  OutboundResult send(OutboundRequest request) {
    return asio::co_spawn(client_io_, client_.send(std::move(request)), asio::use_future).get();
  }

  telemetry::Registry registry_;
  HttpTelemetry telemetry_{registry_, nullptr};
  TestSite site_;
  asio::io_context io_;
  std::vector<std::unique_ptr<HttpDoor>> doors_;
  std::thread runner_;

  HttpClient client_{testing::devCerts().caCert};
  asio::io_context client_io_;
};

// Runs the client's io_context while `send` waits on its future.
class RunningClient {
 public:
  explicit RunningClient(asio::io_context& io) : guard_(asio::make_work_guard(io)), thread_([&io] { io.run(); }) {}
  ~RunningClient() {
    guard_.reset();
    thread_.join();
  }

 private:
  asio::executor_work_guard<asio::io_context::executor_type> guard_;
  std::thread thread_;
};

TEST_F(HttpClientTest, APostArrivesWithItsHeadersAndBodyOverPlainAndTls) {
  RunningClient running(client_io_);
  for (const auto& base : {http(), https()}) {
    OutboundRequest request{.method = "POST", .url = base + "/echo", .body = "<contact/>"};
    request.headers.add("Authorization", "Basic dTpw");
    const auto result = send(request);
    ASSERT_TRUE(result.response) << base << ": " << result.error;
    EXPECT_EQ(result.response->status, 200);
    EXPECT_EQ(result.response->body, "POST [Basic dTpw] <contact/>");
  }
}

TEST_F(HttpClientTest, RedirectsAreFollowedUpToTheLimitAndCredentialsStayWithTheirOrigin) {
  RunningClient running(client_io_);
  OutboundRequest sameOrigin{.url = http() + "/to?/echo", .maxRedirects = 2};
  sameOrigin.headers.add("Authorization", "Basic dTpw");
  auto result = send(sameOrigin);
  ASSERT_TRUE(result.response) << result.error;
  EXPECT_EQ(result.response->body, "GET [Basic dTpw] ");
  EXPECT_EQ(result.response->url, http() + "/echo");

  OutboundRequest otherHost = sameOrigin;
  otherHost.url = http() + "/to?" + http("localhost") + "/echo";
  result = send(otherHost);
  ASSERT_TRUE(result.response) << result.error;
  EXPECT_EQ(result.response->body, "GET [] ") << "credentials must not follow a redirect to another origin";

  OutboundRequest noFollow = sameOrigin;
  noFollow.maxRedirects = 0;
  result = send(noFollow);
  ASSERT_TRUE(result.response) << result.error;
  EXPECT_EQ(result.response->status, 302);

  OutboundRequest post{.method = "POST", .url = http() + "/to?/echo", .body = "x", .maxRedirects = 2};
  result = send(post);
  ASSERT_TRUE(result.response) << result.error;
  EXPECT_EQ(result.response->status, 302) << "a POST is not replayed elsewhere";
}

TEST_F(HttpClientTest, AnAnswerOverTheBodyCapOrTheDeadlineIsAnError) {
  RunningClient running(client_io_);
  auto result = send({.url = http() + "/big", .maxBodyBytes = 10000});
  EXPECT_FALSE(result.response);
  EXPECT_EQ(result.error, "answer: the answer is over 10000 bytes");
  EXPECT_TRUE(send({.url = http() + "/big"}).response);

  const auto started = std::chrono::steady_clock::now();
  result = send({.url = https() + "/slow", .timeout = 300ms});
  EXPECT_FALSE(result.response);
  EXPECT_EQ(result.error, "answer: timed out");
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1900ms);
}

TEST_F(HttpClientTest, ErrorsSayWhatFailed) {
  RunningClient running(client_io_);
  EXPECT_EQ(send({.url = "ftp://127.0.0.1/x"}).error, "not an http or https URL: ftp://127.0.0.1/x");
  EXPECT_EQ(send({.url = "http://127.0.0.1:1/x"}).error, "connect: Connection refused");
  const auto refused = send({.url = httpsUnnamed() + "/echo"}).error;
  EXPECT_EQ(refused.find("TLS handshake:"), 0u) << refused;
  EXPECT_NE(refused.find("(the certificate does not match 127.0.0.2)"), std::string::npos) << refused;
  EXPECT_TRUE(send({.url = httpsUnnamed() + "/echo", .verifyTls = false}).response);
  EXPECT_TRUE(send({.url = https("127.0.0.1") + "/echo"}).response) << "the address the certificate names";
}

}  // namespace
}  // namespace smfront::net
