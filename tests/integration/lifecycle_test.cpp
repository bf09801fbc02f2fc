// Start-up, configuration errors and the graceful stop, as an operator sees them.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <poll.h>
#include <signal.h>

#include <csignal>

#include "server_fixture.hpp"

namespace smfront::testing {
namespace {

using namespace std::chrono_literals;

TEST(Lifecycle, SigtermWithAnOpenKeepAliveConnectionExitsZeroQuickly) {
  ServerFixture server;
  auto client = server.http();
  ASSERT_TRUE(client.request("GET", "/ccp/health"));  // the connection is now idle, kept alive
  const auto started = std::chrono::steady_clock::now();
  const int status = server.process().signalAndWait(SIGTERM, 2s);
  EXPECT_EQ(status, 0) << server.process().stderrTail();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
  EXPECT_TRUE(client.waitForPeerClose(1s));
}

TEST(Lifecycle, SigtermLetsAResponseInFlightFinish) {
  ServerFixture server;
  const std::string big(32 * 1024 * 1024, 'z');
  writeFile(server.webRoot() / "big.bin", big);
  auto client = server.http();
  ASSERT_TRUE(client.sendRaw("GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n"));
  // The response has started once its first bytes are readable; the rest waits
  // in the server because this client has not read yet.
  pollfd readable{.fd = client.fd(), .events = POLLIN, .revents = 0};
  ASSERT_EQ(::poll(&readable, 1, 5000), 1);

  ASSERT_EQ(::kill(server.process().pid(), SIGTERM), 0);
  auto r = client.readResponse(10s);
  ASSERT_TRUE(r) << client.lastError();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body.size(), big.size()) << "the response in flight is finished, not cut";
  EXPECT_EQ(r->header("connection"), std::nullopt) << "it was sent before the stop began";
  EXPECT_EQ(server.process().waitForExit(5s), 0) << server.process().stderrTail();
}

TEST(Lifecycle, SigintStopsToo) {
  ServerFixture server;
  EXPECT_EQ(server.process().signalAndWait(SIGINT, 2s), 0) << server.process().stderrTail();
}

TEST(Lifecycle, ListeningLineNamesEveryOpenDoor) {
  ServerFixture server;
  EXPECT_GT(server.port("http"), 0);
  EXPECT_GT(server.port("https"), 0);
  EXPECT_NE(server.port("http"), server.port("https"));
}

TEST(Lifecycle, PortInUseIsAOneLineErrorNamingTheDoor) {
  ServerFixture first;
  TempDir dir("smfront-it");
  auto config = testConfig(dir, {{"listeners", {{"https", first.port("https")}}}});
  writeFile(dir.file("c.json"), boost::json::serialize(config));
  std::string output;
  const int status = runAndWait({"--config", dir.file("c.json").string()}, 10s, &output);
  EXPECT_EQ(status, 1);
  EXPECT_NE(output.find("cannot listen on https port " + std::to_string(first.port("https"))), std::string::npos)
      << output;
  EXPECT_NE(output.find("Address already in use"), std::string::npos) << output;
}

TEST(Lifecycle, InvalidConfigNamesTheKeyAndExits2) {
  TempDir dir("smfront-it");
  writeFile(dir.file("c.json"), R"({"listeners": {"http": "eighty"}, "server": {"threds": 2}})");
  std::string output;
  const int status = runAndWait({"--config", dir.file("c.json").string()}, 10s, &output);
  EXPECT_EQ(status, 2);
  EXPECT_NE(output.find("listeners.http"), std::string::npos) << output;
  EXPECT_NE(output.find("server.threds"), std::string::npos) << output;
}

TEST(Lifecycle, PrintConfigShowsTheEffectiveConfigWithOverrides) {
  std::string output;
  const int status = runAndWait({"--print-config", "--http-port", "0", "--log-level", "debug"}, 10s, &output);
  ASSERT_EQ(status, 0) << output;
  const auto config = boost::json::parse(output).as_object();
  EXPECT_EQ(config.at("listeners").at("http").as_int64(), 0);
  EXPECT_EQ(config.at("listeners").at("https").as_int64(), 443) << "embedded default";
  EXPECT_EQ(config.at("log").at("level").as_string(), "debug");
}

TEST(Lifecycle, MissingDevelopmentCertificateSaysHowToMakeOne) {
  TempDir dir("smfront-it");
  auto config = testConfig(dir);
  config.erase("tls");
  writeFile(dir.file("c.json"), boost::json::serialize(config));
  std::string output;
  const int status = runAndWait({"--config", dir.file("c.json").string()}, 10s, &output);
  EXPECT_EQ(status, 1);
  EXPECT_NE(output.find("certs/make-dev-certs.sh"), std::string::npos) << output;
}

}  // namespace
}  // namespace smfront::testing
