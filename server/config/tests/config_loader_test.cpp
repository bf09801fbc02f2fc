#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>

#include <unistd.h>

#include "config/config_loader.hpp"
#include "config/tests/error_helpers.hpp"

namespace smfront::config {
namespace {

using namespace std::chrono_literals;
using testing::errorsOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

// {"a":{"b":value}} for "a.b".
std::string documentWith(const std::string& path, const std::string& value) {
  const std::size_t dot = path.find('.');
  if (dot == std::string::npos) return "{\"" + path + "\":" + value + "}";
  return "{\"" + path.substr(0, dot) + "\":{\"" + path.substr(dot + 1) + "\":" + value + "}}";
}

TEST(ConfigLoader, OverlayKeepsEveryUnspecifiedDefault) {
  const Config c = parseConfig(R"({"listeners": {"http": 8080}, "log": {"level": "debug"}})");
  Config expected = defaults();
  expected.listeners.http = 8080;
  expected.log.level = LogLevel::Debug;
  EXPECT_EQ(c, expected);
}

TEST(ConfigLoader, ReadsEveryKey) {
  const Config c = parseConfig(R"({
    "listeners": {"bind": "::", "http": 1, "https": 2, "bosh": 3, "boshs": 4, "mr": 5},
    "tls": {"cert": "/c.pem", "key": "/k.pem"},
    "xmpp_domain": "chat.example.com",
    "server": {"fqdn": "sm.example.com", "threads": 4, "data_dir": "/d", "web_root": "/w",
               "shutdown_grace_ms": 100},
    "http": {"max_header_bytes": 2048, "max_body_bytes": 4096, "read_timeout_ms": 200,
             "idle_timeout_ms": 300, "max_connections": 7},
    "bosh": {"max_wait": 30, "inactivity": 90, "allow_plain_cleartext": true},
    "log": {"level": "off", "access": "/var/log/a.log"},
    "users": [{"name": "a", "password": "p", "roles": ["agent"]}]
  })");
  EXPECT_EQ(c.listeners.bind, "::");
  EXPECT_EQ(c.listeners.http, 1);
  EXPECT_EQ(c.listeners.https, 2);
  EXPECT_EQ(c.listeners.bosh, 3);
  EXPECT_EQ(c.listeners.boshs, 4);
  EXPECT_EQ(c.listeners.mr, 5);
  EXPECT_EQ(c.tls.cert, "/c.pem");
  EXPECT_EQ(c.tls.key, "/k.pem");
  EXPECT_EQ(c.xmppDomain, "chat.example.com");
  EXPECT_EQ(c.server.fqdn, "sm.example.com");
  EXPECT_EQ(c.server.threads, 4u);
  EXPECT_EQ(c.server.dataDir, "/d");
  EXPECT_EQ(c.server.webRoot, "/w");
  EXPECT_EQ(c.server.shutdownGrace, 100ms);
  EXPECT_EQ(c.http.maxHeaderBytes, 2048u);
  EXPECT_EQ(c.http.maxBodyBytes, 4096u);
  EXPECT_EQ(c.http.readTimeout, 200ms);
  EXPECT_EQ(c.http.idleTimeout, 300ms);
  EXPECT_EQ(c.http.maxConnections, 7u);
  EXPECT_EQ(c.bosh.maxWait, std::chrono::seconds(30));
  EXPECT_EQ(c.bosh.inactivity, std::chrono::seconds(90));
  EXPECT_TRUE(c.bosh.allowPlainCleartext);
  EXPECT_FALSE(Config{}.bosh.allowPlainCleartext) << "PLAIN stays off cleartext unless asked for";
  EXPECT_EQ(c.log.level, LogLevel::Off);
  EXPECT_EQ(c.log.access, "/var/log/a.log");
  ASSERT_EQ(c.users.size(), 1u);
  EXPECT_EQ(c.users[0], (User{"a", "p", false, true}));
}

struct RangeCase {
  std::string key;
  std::int64_t min;
  std::int64_t max;
  std::function<std::int64_t(const Config&)> read;
};

std::ostream& operator<<(std::ostream& out, const RangeCase& c) { return out << c.key; }

class RangeCheck : public ::testing::TestWithParam<RangeCase> {
 protected:
  std::string reason() const {
    return GetParam().key + ": must be an integer between " + std::to_string(GetParam().min) +
           " and " + std::to_string(GetParam().max);
  }
};

TEST_P(RangeCheck, AcceptsBothBounds) {
  const RangeCase& c = GetParam();
  EXPECT_EQ(c.read(parseConfig(documentWith(c.key, std::to_string(c.min)))), c.min);
  EXPECT_EQ(c.read(parseConfig(documentWith(c.key, std::to_string(c.max)))), c.max);
}

TEST_P(RangeCheck, RejectsJustOutsideEitherBoundNamingTheKey) {
  const RangeCase& c = GetParam();
  const std::string below = std::to_string(c.min - 1);
  const std::string above = std::to_string(c.max + 1);
  EXPECT_THAT(errorsOf(documentWith(c.key, below)), ElementsAre(reason() + " (got " + below + ")"));
  EXPECT_THAT(errorsOf(documentWith(c.key, above)), ElementsAre(reason() + " (got " + above + ")"));
}

TEST_P(RangeCheck, RejectsNonIntegers) {
  const RangeCase& c = GetParam();
  EXPECT_THAT(errorsOf(documentWith(c.key, R"("80x")")), ElementsAre(reason() + R"( (got "80x"))"));
  EXPECT_THAT(errorsOf(documentWith(c.key, "1024.5")), ElementsAre(reason() + " (got 1024.5)"));
  EXPECT_THAT(errorsOf(documentWith(c.key, "true")), ElementsAre(reason() + " (got true)"));
  EXPECT_THAT(errorsOf(documentWith(c.key, "null")), ElementsAre(reason() + " (got null)"));
}

INSTANTIATE_TEST_SUITE_P(
    AllIntegerKeys, RangeCheck,
    ::testing::Values(
        RangeCase{"listeners.http", 0, 65535, [](const Config& c) { return c.listeners.http; }},
        RangeCase{"listeners.https", 0, 65535, [](const Config& c) { return c.listeners.https; }},
        RangeCase{"listeners.bosh", 0, 65535, [](const Config& c) { return c.listeners.bosh; }},
        RangeCase{"listeners.boshs", 0, 65535, [](const Config& c) { return c.listeners.boshs; }},
        RangeCase{"listeners.mr", 0, 65535, [](const Config& c) { return c.listeners.mr; }},
        RangeCase{"server.threads", 0, 256,
                  [](const Config& c) { return std::int64_t{c.server.threads}; }},
        RangeCase{"server.shutdown_grace_ms", 100, 60000,
                  [](const Config& c) { return c.server.shutdownGrace.count(); }},
        RangeCase{"http.max_header_bytes", 1024, 1048576,
                  [](const Config& c) { return std::int64_t(c.http.maxHeaderBytes); }},
        RangeCase{"http.max_body_bytes", 1024, 67108864,
                  [](const Config& c) { return std::int64_t(c.http.maxBodyBytes); }},
        RangeCase{"http.read_timeout_ms", 100, 600000,
                  [](const Config& c) { return c.http.readTimeout.count(); }},
        RangeCase{"http.idle_timeout_ms", 100, 3600000,
                  [](const Config& c) { return c.http.idleTimeout.count(); }},
        RangeCase{"http.max_connections", 1, 1000000,
                  [](const Config& c) { return std::int64_t(c.http.maxConnections); }},
        RangeCase{"bosh.max_wait", 1, 3600, [](const Config& c) { return c.bosh.maxWait.count(); }},
        RangeCase{"bosh.inactivity", 1, 3600, [](const Config& c) { return c.bosh.inactivity.count(); }}),
    [](const auto& info) {
      std::string name = info.param.key;
      for (char& ch : name) {
        if (ch == '.' || ch == '_') ch = 'X';
      }
      return name;
    });

TEST(ConfigLoader, WholeNumbersWrittenAsDecimalsAreAccepted) {
  EXPECT_EQ(parseConfig(R"({"http": {"max_body_bytes": 2e6}})").http.maxBodyBytes, 2000000u);
}

TEST(ConfigLoader, HugeNumbersAreOutOfRangeNotWrapped) {
  EXPECT_THAT(errorsOf(R"({"listeners": {"http": 18446744073709551615}})"),
              ElementsAre("listeners.http: must be an integer between 0 and 65535 "
                          "(got 18446744073709551615)"));
}

TEST(ConfigLoader, UnknownTopLevelKeyIsAnError) {
  EXPECT_THAT(errorsOf(R"({"listener": {}})"), ElementsAre(R"(unknown key "listener")"));
}

TEST(ConfigLoader, UnknownNestedKeyIsAnErrorWithItsFullPath) {
  EXPECT_THAT(errorsOf(R"({"listeners": {"htp": 80}})"), ElementsAre(R"(unknown key "listeners.htp")"));
  EXPECT_THAT(errorsOf(R"({"http": {"max_header": 80}})"),
              ElementsAre(R"(unknown key "http.max_header")"));
}

TEST(ConfigLoader, SectionsMustBeObjects) {
  EXPECT_THAT(errorsOf(R"({"listeners": 80})"),
              ElementsAre("listeners: must be an object (got 80)"));
  EXPECT_THAT(errorsOf(R"({"server": []})"), ElementsAre("server: must be an object (got [])"));
  EXPECT_THAT(errorsOf("[]"), ElementsAre("top level: must be an object (got [])"));
}

TEST(ConfigLoader, StringsMustBeStrings) {
  EXPECT_THAT(errorsOf(R"({"xmpp_domain": 5})"), ElementsAre("xmpp_domain: must be a string (got 5)"));
  EXPECT_THAT(errorsOf(R"({"tls": {"cert": true, "key": "k"}})"),
              ElementsAre("tls.cert: must be a string (got true)"));
  EXPECT_THAT(errorsOf(R"({"log": {"access": null}})"),
              ElementsAre("log.access: must be a string (got null)"));
  EXPECT_THAT(errorsOf(R"({"users": {}})"), ElementsAre("users: must be an array (got {})"));
}

TEST(ConfigLoader, NamesAndAddressesAreChecked) {
  EXPECT_THAT(errorsOf(R"({"xmpp_domain": ""})"), ElementsAre(HasSubstr("xmpp_domain: must be a DNS name")));
  EXPECT_THAT(errorsOf(R"({"xmpp_domain": "bad domain"})"),
              ElementsAre(HasSubstr(R"((got "bad domain"))")));
  EXPECT_THAT(errorsOf(R"({"xmpp_domain": "-x.example"})"),
              ElementsAre(HasSubstr("xmpp_domain: must be a DNS name")));
  EXPECT_THAT(errorsOf(R"({"server": {"fqdn": "a..b"}})"),
              ElementsAre(HasSubstr("server.fqdn: must be a DNS name")));
  EXPECT_THAT(errorsOf(R"({"listeners": {"bind": "localhost"}})"),
              ElementsAre(R"(listeners.bind: must be an IPv4 or IPv6 address (got "localhost"))"));
  EXPECT_EQ(parseConfig(R"({"server": {"fqdn": "10.0.0.5"}})").server.fqdn, "10.0.0.5");
  EXPECT_EQ(parseConfig(R"({"listeners": {"bind": "127.0.0.1"}})").listeners.bind, "127.0.0.1");
}

TEST(ConfigLoader, PathsAndAccessLogMustNotBeEmpty) {
  EXPECT_THAT(errorsOf(R"({"server": {"data_dir": ""}})"),
              ElementsAre(R"(server.data_dir: must be a non-empty string (got ""))"));
  EXPECT_THAT(errorsOf(R"({"server": {"web_root": ""}})"),
              ElementsAre(R"(server.web_root: must be a non-empty string (got ""))"));
  EXPECT_THAT(errorsOf(R"({"log": {"access": ""}})"),
              ElementsAre(R"(log.access: must be a non-empty string (got ""))"));
}

TEST(ConfigLoader, LogLevelMustBeKnown) {
  EXPECT_THAT(errorsOf(R"({"log": {"level": "verbose"}})"),
              ElementsAre(R"(log.level: must be "trace", "debug", "info", "warn", "error", "critical" or "off" )"
                          R"((got "verbose"))"));
}

TEST(ConfigLoader, AccessLogTakesKeywordsOrAPath) {
  EXPECT_EQ(parseConfig(R"({"log": {"access": "off"}})").log.access, "off");
  EXPECT_EQ(parseConfig(R"({"log": {"access": "stdout"}})").log.access, "stdout");
  EXPECT_EQ(parseConfig(R"({"log": {"access": "logs/a.log"}})").log.access, "logs/a.log");
}

TEST(ConfigLoader, TlsCertAndKeyMustBeSetTogether) {
  EXPECT_THAT(errorsOf(R"({"tls": {"cert": "/c.pem"}})"),
              ElementsAre("tls: cert and key must be set together"));
  EXPECT_THAT(errorsOf(R"({"tls": {"cert": "", "key": "/k.pem"}})"),
              ElementsAre("tls: cert and key must be set together"));
  const Config both = parseConfig(R"({"tls": {"cert": "/c.pem", "key": "/k.pem"}})");
  EXPECT_EQ(both.tls.cert, "/c.pem");
  EXPECT_EQ(both.tls.key, "/k.pem");
  EXPECT_EQ(parseConfig(R"({"tls": {"cert": "", "key": ""}})").tls, Tls{});
}

TEST(ConfigLoader, ReportsEveryErrorInTheFileAtOnce) {
  try {
    parseConfig(R"({"listeners": {"http": -1, "htp": 1}, "log": {"level": "x"}, "extra": 1})",
                "lab.json");
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& error) {
    EXPECT_THAT(error.errors(),
                UnorderedElementsAre(HasSubstr("listeners.http: must be an integer"),
                                     R"(unknown key "listeners.htp")", HasSubstr("log.level: "),
                                     R"(unknown key "extra")"));
    EXPECT_EQ(error.source(), "lab.json");
    // One line per problem, each naming the file.
    EXPECT_THAT(error.what(), HasSubstr("lab.json: listeners.http: must be"));
    EXPECT_THAT(error.what(), HasSubstr("\nlab.json: "));
  }
}

TEST(ConfigLoader, SyntaxErrorNamesSourceLineAndColumn) {
  try {
    parseConfig("{\n  \"listeners\": {\n    \"http\": 80x\n  }\n}", "lab.json");
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& error) {
    EXPECT_THAT(error.what(), HasSubstr("lab.json: line 3, column 15 (byte 33): invalid JSON"));
  }
}

TEST(ConfigLoader, TruncatedOrEmptyDocumentIsASyntaxError) {
  EXPECT_THAT(errorsOf("{\"listeners\": {"), ElementsAre(HasSubstr("line 1, column 16 (byte 15): invalid JSON")));
  EXPECT_THAT(errorsOf(""), ElementsAre(HasSubstr("line 1, column 1 (byte 0): invalid JSON")));
  EXPECT_THAT(errorsOf("{} {}"), ElementsAre(HasSubstr("invalid JSON")));
  EXPECT_THAT(errorsOf(R"({"a": 1,})"), ElementsAre(HasSubstr("invalid JSON")));
}

class ConfigFile : public ::testing::Test {
 protected:
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path write(const std::string& name, const std::string& text) {
    std::filesystem::create_directories(dir_);
    const auto file = dir_ / name;
    std::ofstream(file) << text;
    return file;
  }

  std::filesystem::path dir_ = std::filesystem::temp_directory_path() /
                               ("smfront_config_test_" + std::to_string(::getpid()));
};

TEST_F(ConfigFile, LoadsAFile) {
  const auto file = write("a.json", R"({"listeners": {"mr": 39001}})");
  EXPECT_EQ(loadConfigFile(file).listeners.mr, 39001);
}

TEST_F(ConfigFile, ErrorsNameTheFile) {
  const auto file = write("bad.json", R"({"listeners": {"mr": "x"}})");
  EXPECT_THAT([&] { loadConfigFile(file); },
              ::testing::ThrowsMessage<ConfigError>(HasSubstr(file.string() + ": listeners.mr: ")));
}

TEST_F(ConfigFile, MissingFileIsAConfigErrorNamingThePath) {
  const auto missing = dir_ / "nope.json";
  EXPECT_THAT([&] { loadConfigFile(missing); },
              ::testing::ThrowsMessage<ConfigError>(
                  HasSubstr(missing.string() + ": cannot read config file: No such file")));
}

TEST_F(ConfigFile, DirectoryIsAConfigError) {
  std::filesystem::create_directories(dir_);
  EXPECT_THAT([&] { loadConfigFile(dir_); },
              ::testing::ThrowsMessage<ConfigError>(HasSubstr("cannot read config file")));
}

TEST(ConfigLoader, ReadsTheNotifySection) {
  const Config c = parseConfig(R"({"notify": {"xmpp": {"enabled": true, "host": "127.0.0.1", "port": 15222,
      "service": "localhost", "username": "smfront", "password": "pw", "tls": "optional", "tls_verify": false,
      "ca_file": "/tmp/ca.pem", "allow_plain_cleartext": true, "backoff_initial_ms": 100},
      "http": {"retry_delays_ms": [100, 200], "timeout_ms": 2000}}})");
  EXPECT_TRUE(c.notify.xmpp.enabled);
  EXPECT_EQ(c.notify.xmpp.port, 15222);
  EXPECT_EQ(c.notify.xmpp.tls, XmppTls::Optional);
  EXPECT_FALSE(c.notify.xmpp.tlsVerify);
  EXPECT_EQ(c.notify.xmpp.caFile, "/tmp/ca.pem");
  EXPECT_TRUE(c.notify.xmpp.allowPlainCleartext);
  EXPECT_EQ(c.notify.xmpp.backoffInitial, 100ms);
  EXPECT_EQ(c.notify.http.retryDelays, (std::vector<std::chrono::milliseconds>{100ms, 200ms}));
  EXPECT_EQ(c.notify.http.timeout, 2000ms);
}

TEST(ConfigLoader, RefusesBadNotifyValues) {
  EXPECT_THAT(errorsOf(R"({"notify": {"xmpp": {"tls": "maybe", "enabled": "yes", "port": 0},
      "http": {"retry_delays_ms": [-1]}}})"),
              ElementsAre(HasSubstr("notify.xmpp.enabled: must be true or false"),
                          HasSubstr("notify.xmpp.port: "), HasSubstr("notify.xmpp.tls: must be \"required\" or \"optional\""),
                          HasSubstr("notify.http.retry_delays_ms[0]: must be 0 to 3600000")));
}

}  // namespace
}  // namespace smfront::config
