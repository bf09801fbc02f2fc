// The MR door under attack: the real smfront with routing = mr, attacked on
// loopback by bare TCP peers, then used by the real mrpg-sim as a good PG.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <boost/json.hpp>
#include <csignal>
#include <memory>
#include <vector>

#include "mr_client.hpp"
#include "raw_peer.hpp"
#include "server_fixture.hpp"
#include "support/dev_certs.hpp"
#include "support/wait.hpp"

namespace smfront::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;


const std::string kHeartbeat = be32(4) + be32(5) + be32(1);  // HEARTBEAT_REQ, InvokeID 1

std::string openRequest(std::uint32_t peripheralId) {
  return be32(16) + be32(3) + be32(1) + be32(1) + be32(0xFFFFFFFF) + be32(peripheralId);  // OPEN_REQ, no idle timeout
}

std::string metricsOf(ServerFixture& server) { return Api(server.port("http")).call("GET", "/metrics").body; }

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Floods HEARTBEAT_REQ without ever reading the answers until the server closes
// the connection, `limit` bytes are sent or `deadline` passes. Returns whether
// the server closed it, and records the server's largest RSS on the way.
struct FloodResult {
  bool closed = false;
  std::size_t sent = 0;
  std::size_t peakKiB = 0;
};
FloodResult flood(RawPeer& peer, pid_t server, std::size_t limit, std::chrono::milliseconds deadline) {
  std::string burst;
  while (burst.size() < 256 * 1024) burst += kHeartbeat;
  FloodResult result;
  const auto end = std::chrono::steady_clock::now() + deadline;
  while (!result.closed && result.sent < limit && std::chrono::steady_clock::now() < end) {
    const auto sent = peer.sendSome(burst, 200ms);
    result.sent += sent.bytes;
    result.closed = sent.closed;
    result.peakKiB = std::max(result.peakKiB, residentKiB(server));
  }
  if (!result.closed) result.closed = peer.closedByServer(2s);
  return result;
}

TEST(MrHardening, RefusesToStartWithAnyPeerAllowedOnANonLoopbackAddress) {
  TempDir dir("smfront-mr-exposed");
  auto config = testConfig(dir, mrConfig());
  config["listeners"].as_object()["bind"] = "0.0.0.0";
  SmfrontProcess process({.configJson = json::serialize(config)});
  process.spawn();
  const int status = process.waitForExit(30s);
  EXPECT_NE(status, 0);
  EXPECT_NE(status, -1) << "it must exit, not serve";
  const auto log = process.stderrLog();
  EXPECT_TRUE(has(log, "mr.allowed_peers")) << log;
  EXPECT_FALSE(process.hasPort("mr"));

  // Naming the PG makes the same address acceptable.
  auto allowed = testConfig(dir, mrConfig(json::object{{"allowed_peers", json::array{"127.0.0.1"}}}));
  allowed["listeners"].as_object()["bind"] = "0.0.0.0";
  SmfrontProcess named({.configJson = json::serialize(allowed)});
  named.start();
  EXPECT_GT(named.port("mr"), 0);
}

TEST(MrHardening, AFloodThatNeverReadsIsClosedWithBoundedMemoryAndAGoodPgStillWorks) {
  ServerFixture server(mrConfig({}, {{"limits", json::object{{"mr_write_stall_ms", 500}}}}));
  const pid_t pid = server.process().pid();
  const std::size_t before = residentKiB(pid);
  constexpr std::size_t kLimit = 400u * 1024 * 1024;  // what grew the server by 452 MB before

  // Before OPEN.
  RawPeer early(server.port("mr"), "127.0.0.1", 4096);
  ASSERT_TRUE(early.connected());
  const auto first = flood(early, pid, kLimit, 20s);
  EXPECT_TRUE(first.closed) << "sent " << first.sent << " bytes and still connected";

  // After OPEN, as the active PG.
  RawPeer opened(server.port("mr"), "127.0.0.1", 4096);
  ASSERT_TRUE(opened.connected());
  ASSERT_EQ(opened.sendSome(openRequest(6000), 2s).bytes, openRequest(6000).size());
  const auto second = flood(opened, pid, kLimit, 20s);
  EXPECT_TRUE(second.closed) << "sent " << second.sent << " bytes and still connected";

  const auto grew = std::max(first.peakKiB, second.peakKiB) - std::min(before, std::max(first.peakKiB, second.peakKiB));
  EXPECT_LT(grew, 64u * 1024) << "RSS grew by " << grew << " KiB (from " << before << " KiB)";
  const auto metrics = metricsOf(server);
  EXPECT_TRUE(has(metrics, "smfront_mr_links_closed_unread_total 2")) << metrics;
  EXPECT_TRUE(has(server.process().stderrLog(), "stopped reading"));

  // A good PG opens and routes.
  Api api(server.port("http"));
  Simulator sim(server.port("mr"), {"--agents", "mary", "--delay", "10ms"});
  ASSERT_TRUE(sim.waitForOpened()) << sim.process().stderrTail();
  const auto path = api.callback();
  ASSERT_TRUE(sim.waitForCount("out", "DO_THIS_WITH_TASK", 1)) << server.process().stderrTail();
  EXPECT_TRUE(waitUntil([&] { return api.status(path) == "reserved"; }, 5s));
  ::kill(sim.process().pid(), SIGKILL);
}

TEST(MrHardening, ThePortTakesAtMostMrConnectionsAtOnce) {
  ServerFixture server(mrConfig({}, {{"limits", json::object{{"mr_connections", 2}}}}));
  RawPeer a(server.port("mr"));
  RawPeer b(server.port("mr"));
  ASSERT_TRUE(a.connected() && b.connected());
  // Both admitted: each answers OPEN_REQ (the second with a failure, one session being open).
  ASSERT_EQ(a.sendSome(openRequest(5000), 2s).bytes, openRequest(5000).size());
  ASSERT_TRUE(a.readAtLeast(8, 5s));
  ASSERT_EQ(b.sendSome(kHeartbeat, 2s).bytes, kHeartbeat.size());
  ASSERT_TRUE(b.readAtLeast(8, 5s));

  RawPeer third(server.port("mr"));
  ASSERT_TRUE(third.connected());
  EXPECT_TRUE(third.closedByServer(5s)) << "a third connection is closed at once";
  EXPECT_TRUE(third.received().empty());
  EXPECT_TRUE(has(metricsOf(server), "smfront_connections_rejected_total{door=\"mr\",reason=\"door_full\"} 1"));

  // A place freed is a place taken.
  b = RawPeer(0);
  RawPeer fourth(server.port("mr"));
  bool answered = false;
  ASSERT_TRUE(waitUntil(
      [&] {
        fourth = RawPeer(server.port("mr"));
        fourth.sendSome(kHeartbeat, 1s);
        answered = fourth.readAtLeast(8, 1s);
        return answered;
      },
      10s, 50ms));
}

TEST(MrHardening, RefusedPeersCostOneLogLineASecond) {
  ServerFixture server(mrConfig(json::object{{"allowed_peers", json::array{"127.0.0.9"}}}));
  constexpr int kAttempts = 50;
  for (int i = 0; i < kAttempts; ++i) {
    RawPeer peer(server.port("mr"));
    ASSERT_TRUE(peer.connected());
    ASSERT_TRUE(peer.closedByServer(5s));
  }
  const auto metrics = metricsOf(server);
  EXPECT_TRUE(has(metrics, "smfront_connections_rejected_total{door=\"mr\",reason=\"not_allowed\"} 50")) << metrics;
  const auto log = server.process().stderrLog();
  std::size_t lines = 0;
  for (auto at = log.find("refused: not in mr.allowed_peers"); at != std::string::npos;
       at = log.find("refused: not in mr.allowed_peers", at + 1)) {
    ++lines;
  }
  EXPECT_GE(lines, 1u);
  EXPECT_LE(lines, 3u) << "50 refusals in well under 3 s";
}

TEST(MrHardening, GarbageCostsOneLogLineASecond) {
  ServerFixture server(mrConfig());
  constexpr int kAttempts = 40;
  const std::string unknownType = be32(4) + be32(999) + be32(1);
  for (int i = 0; i < kAttempts; ++i) {
    RawPeer peer(server.port("mr"));
    ASSERT_TRUE(peer.connected());
    ASSERT_EQ(peer.sendSome(unknownType, 2s).bytes, unknownType.size());
    ASSERT_TRUE(peer.readAtLeast(8, 5s)) << "answered with a failure";
  }
  const auto log = server.process().stderrLog();
  std::size_t lines = 0;
  for (auto at = log.find("mr: 127.0.0.1:"); at != std::string::npos; at = log.find("mr: 127.0.0.1:", at + 1)) {
    const auto end = log.find('\n', at);
    const auto line = log.substr(at, end - at);
    if (has(line, "sent a bad") || has(line, "broke the protocol")) ++lines;
  }
  EXPECT_GE(lines, 1u);
  EXPECT_LE(lines, 3u) << log.substr(log.size() > 4000 ? log.size() - 4000 : 0);
}

// Out of descriptors: the accept loop waits, longer each time, instead of
// spinning on EMFILE, and serves again once descriptors are free.
TEST(MrHardening, OutOfDescriptorsTheDoorsBackOffAndRecover) {
  TempDir dir("smfront-mr-nofile");
  std::filesystem::create_directories(dir.file("web"));
  auto config = testConfig(dir, mrConfig({}, {{"limits", json::object{{"mr_connections", 1000}}}}));
  config["server"].as_object()["store"] = "memory";
  SmfrontProcess process({.configJson = json::serialize(config)});
  {
    // The child inherits the soft limit (like prlimit --nofile); ours comes back at once.
    rlimit saved{};
    ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &saved), 0);
    rlimit low = saved;
    low.rlim_cur = 64;
    ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &low), 0);
    std::exception_ptr failed;
    try {
      process.start();
    } catch (...) {
      failed = std::current_exception();
    }
    ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &saved), 0);
    if (failed) std::rethrow_exception(failed);
  }
  const pid_t pid = process.pid();

  std::vector<std::unique_ptr<RawPeer>> peers;
  for (int i = 0; i < 100; ++i) peers.push_back(std::make_unique<RawPeer>(process.port("mr")));
  ASSERT_TRUE(waitUntil([&] { return has(process.stderrLog(), "accept failed"); }, 10s)) << process.stderrTail();
  const auto cpuBefore = cpuTime(pid);
  const auto wallBefore = std::chrono::steady_clock::now();
  ASSERT_TRUE(waitUntil([&] { return has(process.stderrLog(), "next try in 1000 ms"); }, 15s)) << process.stderrTail();
  const auto cpu = cpuTime(pid) - cpuBefore;
  const auto wall = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - wallBefore);
  EXPECT_GE(wall, 1000ms) << "the delays grew from 10 ms to 1 s";
  EXPECT_LT(cpu * 4, wall) << "used " << cpu.count() << " ms of CPU in " << wall.count() << " ms";
  EXPECT_TRUE(process.running());

  peers.clear();
  Api api(process.port("http"));
  std::string metrics;
  ASSERT_TRUE(waitUntil([&] {
    metrics = api.call("GET", "/metrics").body;
    return has(metrics, "smfront_accept_errors_total{door=\"mr\"}");
  }, 10s, 100ms));
  const std::string name = "smfront_accept_errors_total{door=\"mr\"} ";
  const auto at = metrics.find(name) + name.size();
  EXPECT_LT(std::stoul(metrics.substr(at)), 30u) << "a few tries a second, not a spin";
  Simulator sim(process.port("mr"), {"--agents", "mary", "--delay", "10ms"});
  EXPECT_TRUE(sim.waitForOpened()) << sim.process().stderrTail() << process.stderrTail();
  ::kill(sim.process().pid(), SIGKILL);
}

struct ClientPki {
  std::string caCert, cert, key;
};

// A CA of the test's own and a client certificate it signed.
ClientPki makeClientPki(const TempDir& dir, const std::string& name) {
  const auto at = [&](const std::string& file) { return dir.file(name + "-" + file).string(); };
  const std::vector<std::vector<std::string>> steps = {
      {"/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
       at("ca.key"), "-out", at("ca.crt"), "-days", "2", "-subj", "/CN=" + name + " test CA"},
      {"/usr/bin/openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
       at("pg.key"), "-out", at("pg.csr"), "-subj", "/CN=" + name + " PG"},
      {"/usr/bin/openssl", "x509", "-req", "-in", at("pg.csr"), "-CA", at("ca.crt"), "-CAkey", at("ca.key"),
       "-CAcreateserial", "-out", at("pg.crt"), "-days", "2"},
  };
  for (const auto& step : steps) {
    std::string output;
    if (runProgram(step, 30s, &output) != 0) throw std::runtime_error("openssl failed: " + output);
  }
  return {at("ca.crt"), at("pg.crt"), at("pg.key")};
}

TEST(MrHardening, WithAClientCaOnlyAPgWithItsCertificateGetsPastTheHandshake) {
  TempDir pki("smfront-mr-pki");
  const auto trusted = makeClientPki(pki, "trusted");
  const auto rogue = makeClientPki(pki, "rogue");
  ServerFixture server(mrConfig(json::object{{"tls_client_ca", trusted.caCert}}));
  Api api(server.port("http"));

  const auto tryOpen = [&](const std::string& cert, const std::string& key) {
    HttpClient client;
    TlsOptions tls{.caFile = devCerts().caCert, .certFile = cert, .keyFile = key};
    const auto connected = client.connect(server.port("mr"), tls, 5s);
    if (!connected.ok) return std::string("handshake failed: ") + connected.error;
    if (!client.sendRaw(openRequest(5000))) return std::string("closed");
    if (!client.readAtLeast(8, 5s)) return std::string("closed");
    return client.buffered().substr(4, 4) == be32(4) ? std::string("OPEN_CONF") : std::string("other answer");
  };
  EXPECT_NE(tryOpen("", ""), "OPEN_CONF") << "no certificate";
  EXPECT_NE(tryOpen(rogue.cert, rogue.key), "OPEN_CONF") << "a certificate of another CA";
  EXPECT_EQ(api.mrStatus().at("sessions"), 0) << "no session was opened by either";
  EXPECT_EQ(tryOpen(trusted.cert, trusted.key), "OPEN_CONF");
  EXPECT_TRUE(has(server.process().stderrLog(), "TLS handshake with"));
}

TEST(MrHardening, BeyondMrPendingTasksANewContactIsRefusedAndTheWaitingOnesAreKept) {
  ServerFixture server(mrConfig({}, {{"limits", json::object{{"mr_pending_tasks", 2}}}}));
  Api api(server.port("http"));
  const auto first = api.callback("A");
  const auto second = api.callback("B");
  auto third = api.call("POST", "/ccp/rest/callback/feed/100000",
                        "<Contact><name>C</name><title>Call me</title><mediaAddress>5551234</mediaAddress></Contact>");
  EXPECT_EQ(third.status, 503) << third.describe();
  EXPECT_TRUE(third.hasHeader("retry-after"));
  EXPECT_NE(third.body.find("serviceUnavailable"), std::string::npos) << third.body;
  EXPECT_EQ(api.mrStatus().at("pending"), 2);
  EXPECT_EQ(api.status(first), "queued");

  Simulator sim(server.port("mr"), {"--agents", "mary,joe", "--delay", "10ms"});
  ASSERT_TRUE(sim.waitForOpened()) << sim.process().stderrTail();
  ASSERT_TRUE(sim.waitForCount("in", "NEW_TASK", 2));
  EXPECT_TRUE(waitUntil([&] { return api.status(second) == "reserved"; }, 5s));
  EXPECT_EQ(sim.count("in", "NEW_TASK"), 2u);
  ::kill(sim.process().pid(), SIGKILL);
}

}  // namespace
}  // namespace smfront::testing
