#include "server_fixture.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "support/dev_certs.hpp"

namespace smfront::testing {

namespace json = boost::json;

json::array adminUsers() {
  return json::array{json::object{{"name", "admin"}, {"password", "secret"}, {"roles", json::array{"admin"}}}};
}

json::array adminAndTwoAgents() {
  auto user = [](const char* name, const char* password, const char* role) {
    return json::object{{"name", name}, {"password", password}, {"roles", json::array{role}}};
  };
  return json::array{user("admin", "secret", "admin"), user("mary", "pw", "agent"), user("bob", "pw", "agent")};
}

json::object testConfig(const TempDir& dir, const json::object& overrides) {
  const auto& certs = devCerts();
  json::object config{
      {"listeners", {{"bind", "127.0.0.1"}, {"http", 0}, {"https", 0}, {"bosh", 0}, {"boshs", 0}, {"mr", 0}}},
      {"tls", {{"cert", certs.serverCert}, {"key", certs.serverKey}}},
      {"server", {{"threads", 2}, {"data_dir", dir.file("data").string()}, {"web_root", dir.file("web").string()}}},
      {"log", {{"level", "info"}, {"access", "stderr"}}},
  };
  for (const auto& [key, value] : overrides) {
    if (value.is_object() && config.contains(key) && config[key].is_object()) {
      for (const auto& [inner, v] : value.as_object()) config[key].as_object()[inner] = v;
    } else {
      config[key] = value;
    }
  }
  return config;
}

ServerFixture::ServerFixture(const json::object& overrides, std::vector<std::string> extraArgs)
    : dir_("smfront-it") {
  std::filesystem::create_directories(webRoot());
  writeFile(webRoot() / "index.html", "<!doctype html><title>smfront</title>");
  SmfrontOptions options;
  options.configJson = json::serialize(testConfig(dir_, overrides));
  options.extraArgs = std::move(extraArgs);
  process_ = std::make_unique<SmfrontProcess>(std::move(options));
  process_->start();
}

HttpClient ServerFixture::http() {
  HttpClient client;
  const auto connected = client.connect(port("http"), std::chrono::seconds(5));
  EXPECT_TRUE(connected.ok) << connected.error;
  return client;
}

HttpClient ServerFixture::https(const TlsOptions& options) {
  TlsOptions tls = options;
  if (tls.caFile.empty()) tls.caFile = devCerts().caCert;
  HttpClient client;
  const auto connected = client.connect(port("https"), tls, std::chrono::seconds(5));
  EXPECT_TRUE(connected.ok) << connected.error;
  return client;
}

}  // namespace smfront::testing
