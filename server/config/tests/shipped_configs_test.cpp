#include <gtest/gtest.h>

#include <filesystem>

#include <gmock/gmock.h>

#include <fstream>
#include <sstream>

#include "config/config_loader.hpp"
#include "config/tests/error_helpers.hpp"

namespace smfront::config {
namespace {

// The repository root, set by the build so the test reads the files it ships.
const std::filesystem::path kRepo = SMFRONT_SOURCE_DIR;

std::string productionFile() {
  std::ifstream in(kRepo / "config" / "smfront.json");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(ShippedConfigs, ProductionFileIsRefusedUntilItsPlaceholderPasswordIsChanged) {
  EXPECT_THAT(testing::errorsOf(productionFile()),
              ::testing::ElementsAre("users[0].password: is the placeholder \"change-me\" of the shipped file; "
                                     "set a password of your own for user \"admin\""));
}

TEST(ShippedConfigs, ProductionFileLoadsWithAPasswordOfItsOwn) {
  std::string text = productionFile();
  text.replace(text.find("\"change-me\""), 11, "\"s3cret-of-the-lab\"");
  const Config c = parseConfig(text);
  EXPECT_EQ(c.listeners, Listeners{});
  EXPECT_EQ(c.server.fqdn, "socialminer.example.com");
  EXPECT_EQ(c.server.dataDir, "/var/lib/smfront");
  EXPECT_EQ(c.server.webRoot, "/usr/share/smfront/web");
  EXPECT_EQ(c.tls.cert, "/etc/smfront/tls/server.crt");
  EXPECT_EQ(c.tls.key, "/etc/smfront/tls/server.key");
  EXPECT_EQ(c.log.access, "/var/log/smfront/access.log");
  ASSERT_EQ(c.users.size(), 1u);
  EXPECT_EQ(c.users[0], (User{"admin", "s3cret-of-the-lab", true, false}));
}

TEST(ShippedConfigs, DemoFileLoads) {
  const Config c = loadConfigFile(kRepo / "config" / "demo.json");
  EXPECT_EQ(c.listeners, (Listeners{"0.0.0.0", 8080, 8443, 7071, 7443, 38001}));
  EXPECT_EQ(c.server.dataDir, "data");
  EXPECT_EQ(c.server.webRoot, "web");
  EXPECT_EQ(c.tls, Tls{});
  EXPECT_EQ(c.log.level, LogLevel::Info);
  EXPECT_TRUE(c.corsOrigins.empty()) << "the demo pages are smfront's own";
  EXPECT_EQ(c.users, (std::vector<User>{{"admin", "admin", true, false},
                                        {"agent1", "agent1", false, true}}));
}

}  // namespace
}  // namespace smfront::config
