#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "config/config_loader.hpp"
#include "config/config_printer.hpp"

namespace smfront::config {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

Config everythingChanged() {
  Config c;
  c.listeners = {"::1", 1, 2, 3, 4, 0};
  c.tls = {"/etc/tls/a b.crt", "/etc/tls/a b.key"};
  c.xmppDomain = "chat.example.com";
  c.server = {"sm.example.com", 8, "/var/lib/x", "/srv/web", 250ms};
  c.http = {2048, 4096, 300ms, 400ms, 5};
  c.bosh.allowPlainCleartext = true;
  c.log = {LogLevel::Warn, "/var/log/\"quoted\".log", true};
  c.users = {{"admin", "s3cr\"et", true, false}, {"agent1", "pw", false, true},
             {"both", "x", true, true}};
  c.notify.xmpp = {true, "::1", 15222, "chat.example.com", true, "bot", "xmpp-secret", "r1", XmppTls::Optional, false,
                   "/etc/ca.pem", true, 50ms, 900ms, 700ms, 300ms, 1000ms, 200ms};
  c.notify.http = {{0ms, 10ms}, 500ms};
  return c;
}

TEST(ConfigPrinter, UnmaskedOutputReparsesToTheSameConfig) {
  EXPECT_EQ(parseConfig(toJson(defaults(), false)), defaults());
  EXPECT_EQ(parseConfig(toJson(everythingChanged(), false)), everythingChanged());
}

TEST(ConfigPrinter, MaskedOutputHidesPasswordsButNothingElse) {
  const std::string text = toJson(everythingChanged());
  EXPECT_THAT(text, Not(HasSubstr("s3cr")));
  EXPECT_THAT(text, HasSubstr(R"("password": "******")"));

  Config expected = everythingChanged();
  for (User& user : expected.users) user.password = "******";
  expected.notify.xmpp.password = "******";
  EXPECT_EQ(parseConfig(text), expected);
}

TEST(ConfigPrinter, EveryKeyIsPresentEvenAtDefaults) {
  const boost::json::value printed = boost::json::parse(toJson(defaults()));
  const char* keys[][2] = {
      {"listeners", "bind"}, {"listeners", "http"}, {"listeners", "https"},
      {"listeners", "bosh"}, {"listeners", "boshs"}, {"listeners", "mr"},
      {"tls", "cert"}, {"tls", "key"}, {"server", "fqdn"}, {"server", "threads"},
      {"server", "data_dir"}, {"server", "web_root"}, {"server", "shutdown_grace_ms"},
      {"http", "max_header_bytes"}, {"http", "max_body_bytes"}, {"http", "read_timeout_ms"},
      {"http", "idle_timeout_ms"}, {"http", "max_connections"}, {"bosh", "max_wait"},
      {"bosh", "inactivity"}, {"bosh", "allow_plain_cleartext"}, {"log", "level"},
      {"log", "access"}, {"log", "access_query_values"},
  };
  for (const auto& [section, key] : keys) {
    EXPECT_TRUE(printed.at(section).as_object().contains(key)) << section << "." << key;
  }
  EXPECT_TRUE(printed.as_object().contains("xmpp_domain"));
  EXPECT_TRUE(printed.at("users").is_array());
}

TEST(ConfigPrinter, IsIndentedForPeople) {
  const std::string text = toJson(defaults());
  EXPECT_THAT(text, HasSubstr("{\n  \"listeners\": {\n    \"bind\": \"0.0.0.0\",\n    \"http\": 80,"));
  EXPECT_THAT(text, HasSubstr("\"timeout_ms\": 10000\n    }\n  }\n}\n"));

  Config withUser;
  withUser.users = {{"a", "p", true, true}};
  EXPECT_THAT(toJson(withUser),
              HasSubstr("\"roles\": [\n        \"admin\",\n        \"agent\"\n      ]"));
}

}  // namespace
}  // namespace smfront::config
