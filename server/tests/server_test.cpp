// The whole server built and run in-process through smfront::Server, as main()
// runs it: every door bound on a free port, a request answered, a graceful stop.
#include "app.hpp"

#include <gtest/gtest.h>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <filesystem>
#include <future>
#include <map>
#include <thread>

#include "config/config_loader.hpp"
#include "support/dev_certs.hpp"
#include "support/http_client.hpp"
#include "support/temp_dir.hpp"

namespace smfront {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

config::Config inProcessConfig(const testing::TempDir& dir) {
  std::filesystem::create_directories(dir.file("web"));
  const auto& certs = testing::devCerts();
  const json::object config{
      {"listeners", {{"bind", "127.0.0.1"}, {"http", 0}, {"https", 0}, {"bosh", 0}, {"boshs", 0}, {"mr", 0}}},
      {"tls", {{"cert", certs.serverCert}, {"key", certs.serverKey}}},
      {"server", {{"threads", 2}, {"store", "memory"}, {"data_dir", dir.file("data").string()},
                  {"web_root", dir.file("web").string()}}},
      {"log", {{"level", "warn"}, {"access", "off"}}},
      {"feeds", json::array{json::object{{"name", "Web chat"}, {"type", "chat"}}}}};
  return config::parseConfig(json::serialize(config));
}

TEST(InProcessServer, BindsEveryDoorServesAndStopsGracefully) {
  testing::TempDir dir("smfront-server");
  Server server(inProcessConfig(dir));
  const auto bound = server.ports();
  std::map<std::string, std::uint16_t> ports(bound.begin(), bound.end());
  for (const char* door : {"http", "https", "bosh", "boshs"}) {
    ASSERT_TRUE(ports.contains(door)) << door;
    EXPECT_NE(ports[door], 0) << door;
  }
  EXPECT_FALSE(ports.contains("mr")) << "no MR door without routing: mr";

  server.start();
  auto serving = std::async(std::launch::async, [&server] { server.run(); });

  testing::HttpClient client;
  ASSERT_TRUE(client.connect(ports["http"], 5s).ok);
  const auto health = client.request("GET", "/ccp/health", {});
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200) << health->describe();
  const auto chat = client.request(
      "POST", "/ccp/chat", {{"Content-Type", "application/xml"}},
      "<SocialContact><feedRefURL>http://localhost/ccp-webapp/ccp/feed/100000</feedRefURL><author>Ann</author>"
      "<title>Hi</title></SocialContact>");
  ASSERT_TRUE(chat);
  EXPECT_EQ(chat->status, 201) << chat->describe();

  server.stop();
  EXPECT_EQ(serving.wait_for(10s), std::future_status::ready) << "run() returns once the stop completes";
}

}  // namespace
}  // namespace smfront
