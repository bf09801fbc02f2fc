#include <gtest/gtest.h>

#include "config/choice.hpp"
#include "config/config.hpp"
#include "config/config_loader.hpp"

namespace smfront::config {
namespace {

using namespace std::chrono_literals;

TEST(Defaults, MatchTheDocumentedValues) {
  const Config c = defaults();
  EXPECT_EQ(c.listeners.bind, "0.0.0.0");
  EXPECT_EQ(c.listeners.http, 80);
  EXPECT_EQ(c.listeners.https, 443);
  EXPECT_EQ(c.listeners.bosh, 7071);
  EXPECT_EQ(c.listeners.boshs, 7443);
  EXPECT_EQ(c.listeners.mr, 38001);
  EXPECT_EQ(c.tls.cert, "");
  EXPECT_EQ(c.tls.key, "");
  EXPECT_EQ(c.xmppDomain, "localhost");
  EXPECT_EQ(c.server.fqdn, "localhost");
  EXPECT_EQ(c.server.threads, 0u);
  EXPECT_EQ(c.server.dataDir, "data");
  EXPECT_EQ(c.server.webRoot, "web");
  EXPECT_EQ(c.server.shutdownGrace, 5000ms);
  EXPECT_EQ(c.server.statusAccess, StatusAccess::LoopbackOrAdmin);
  EXPECT_EQ(c.server.retentionDays, 30u) << "finished contacts are not kept forever";
  EXPECT_EQ(c.server.storeMinFreeMb, 64u) << "changes stop before the disk is full";
  EXPECT_EQ(c.http.maxHeaderBytes, 8192u);
  EXPECT_EQ(c.http.maxBodyBytes, 131072u) << "a 10,000-character chat message, escaped throughout, fits";
  EXPECT_EQ(c.http.readTimeout, 10000ms);
  EXPECT_EQ(c.http.idleTimeout, 60000ms);
  EXPECT_EQ(c.http.maxConnections, 10000u);
  EXPECT_EQ(c.log.level, LogLevel::Info);
  EXPECT_EQ(c.log.access, "stderr");
  EXPECT_TRUE(c.users.empty());
}

TEST(Defaults, EmptyFileMeansDefaults) { EXPECT_EQ(parseConfig("{}"), defaults()); }

TEST(Defaults, StatusAccessNamesWhoMayReadStatusAndMetrics) {
  EXPECT_EQ(parseConfig(R"({"server": {"status_access": "anyone"}})").server.statusAccess, StatusAccess::Anyone);
  EXPECT_EQ(parseConfig(R"({"server": {"status_access": "admin"}})").server.statusAccess, StatusAccess::Admin);
  EXPECT_THROW(parseConfig(R"({"server": {"status_access": "everyone"}})"), ConfigError);
}

TEST(Defaults, EmptyTlsPathsUseTheDevelopmentCertificateUnderDataDir) {
  Config c = defaults();
  c.server.dataDir = "/var/lib/smfront";
  EXPECT_EQ(certFile(c), "/var/lib/smfront/certs/server.crt");
  EXPECT_EQ(keyFile(c), "/var/lib/smfront/certs/server.key");

  c.tls.cert = "/etc/tls/a.crt";
  c.tls.key = "/etc/tls/a.key";
  EXPECT_EQ(certFile(c), "/etc/tls/a.crt");
  EXPECT_EQ(keyFile(c), "/etc/tls/a.key");
}

TEST(Defaults, LogLevelNamesRoundTrip) {
  for (LogLevel level : {LogLevel::Trace, LogLevel::Debug, LogLevel::Info, LogLevel::Warn,
                         LogLevel::Error, LogLevel::Critical, LogLevel::Off}) {
    EXPECT_EQ(choiceOf<LogLevel>(choiceName(level)), level);
  }
  EXPECT_EQ(choiceName(LogLevel::Critical), "critical");
  EXPECT_EQ(choiceName(StatusAccess::LoopbackOrAdmin), "loopback-or-admin");
  EXPECT_FALSE(choiceOf<LogLevel>("INFO"));
  EXPECT_FALSE(choiceOf<LogLevel>("warning"));
}

}  // namespace
}  // namespace smfront::config
