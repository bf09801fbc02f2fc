#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

#include "config/command_line.hpp"
#include "config/config_loader.hpp"

namespace smfront::config {
namespace {

using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

CommandLine parse(std::vector<const char*> args) {
  args.insert(args.begin(), "smfront");
  return parseCommandLine(static_cast<int>(args.size()), args.data());
}

auto usageError(const std::string& message) {
  return ThrowsMessage<UsageError>(::testing::StrEq(message));
}

TEST(CommandLine, NoArgumentsMeansNoOverrides) { EXPECT_EQ(parse({}), CommandLine{}); }

TEST(CommandLine, ReadsEveryOption) {
  const CommandLine c =
      parse({"--config", "lab.json", "--print-config", "--log-level", "debug", "--http-port", "1",
             "--https-port", "2", "--bosh-port", "3", "--boshs-port", "4", "--mr-port", "5",
             "--version"});
  EXPECT_EQ(c.configFile, std::filesystem::path("lab.json"));
  EXPECT_TRUE(c.printConfig);
  EXPECT_EQ(c.logLevel, "debug");
  EXPECT_EQ(c.httpPort, 1);
  EXPECT_EQ(c.httpsPort, 2);
  EXPECT_EQ(c.boshPort, 3);
  EXPECT_EQ(c.boshsPort, 4);
  EXPECT_EQ(c.mrPort, 5);
  EXPECT_TRUE(c.version);
  EXPECT_FALSE(c.help);
}

TEST(CommandLine, HelpHasALongAndAShortForm) {
  EXPECT_TRUE(parse({"--help"}).help);
  EXPECT_TRUE(parse({"-h"}).help);
}

TEST(CommandLine, AcceptsEqualsForm) {
  const CommandLine c = parse({"--config=/etc/smfront/a=b.json", "--log-level=trace",
                               "--http-port=0", "--https-port=65535", "--bosh-port=7",
                               "--boshs-port=8", "--mr-port=9"});
  EXPECT_EQ(c.configFile, std::filesystem::path("/etc/smfront/a=b.json"));
  EXPECT_EQ(c.logLevel, "trace");
  EXPECT_EQ(c.httpPort, 0);
  EXPECT_EQ(c.httpsPort, 65535);
  EXPECT_EQ(c.boshPort, 7);
  EXPECT_EQ(c.boshsPort, 8);
  EXPECT_EQ(c.mrPort, 9);
}

TEST(CommandLine, LaterRepetitionWins) {
  EXPECT_EQ(parse({"--http-port", "1", "--http-port=2"}).httpPort, 2);
}

TEST(CommandLine, MissingValueIsAnError) {
  EXPECT_THAT([] { parse({"--config"}); }, usageError("--config needs a value"));
  EXPECT_THAT([] { parse({"--config="}); }, usageError("--config needs a value"));
  EXPECT_THAT([] { parse({"--http-port", "--print-config"}); },
              usageError("--http-port needs a value"));
}

TEST(CommandLine, BadPortNumberIsAnError) {
  EXPECT_THAT([] { parse({"--http-port", "x"}); },
              usageError(R"(--http-port: must be an integer between 0 and 65535 (got "x"))"));
  EXPECT_THAT([] { parse({"--mr-port=65536"}); },
              usageError(R"(--mr-port: must be an integer between 0 and 65535 (got "65536"))"));
  EXPECT_THAT([] { parse({"--bosh-port", "-1"}); },
              usageError(R"(--bosh-port: must be an integer between 0 and 65535 (got "-1"))"));
  EXPECT_THAT([] { parse({"--https-port", "80x"}); },
              usageError(R"(--https-port: must be an integer between 0 and 65535 (got "80x"))"));
}

TEST(CommandLine, BadLogLevelIsAnError) {
  EXPECT_THAT([] { parse({"--log-level", "loud"}); },
              usageError(R"(--log-level: must be "trace", "debug", "info", "warn", "error", "critical" or "off" )"
                         R"((got "loud"))"));
}

TEST(CommandLine, UnknownOptionsAndStrayArgumentsAreErrors) {
  EXPECT_THAT([] { parse({"--foo"}); }, usageError("unknown option --foo"));
  EXPECT_THAT([] { parse({"--foo=1"}); }, usageError("unknown option --foo"));
  EXPECT_THAT([] { parse({"-x"}); }, usageError("unknown option -x"));
  EXPECT_THAT([] { parse({"lab.json"}); }, usageError(R"(unexpected argument "lab.json")"));
  EXPECT_THAT([] { parse({"--help=yes"}); }, usageError("--help takes no value"));
}

TEST(CommandLine, UsageListsEveryOption) {
  const std::string text = usageText();
  for (const char* option : {"--config FILE", "--print-config", "--log-level LEVEL",
                             "--http-port N", "--https-port N", "--bosh-port N",
                             "--boshs-port N", "--mr-port N", "-h, --help", "--version"}) {
    EXPECT_THAT(text, HasSubstr(option));
  }
}

TEST(ApplyCommandLine, PortOverridesBeatTheFileEvenWithZero) {
  Config config = parseConfig(R"({"listeners": {"http": 8080, "https": 8443, "mr": 39000}})");
  applyCommandLine(config, parse({"--http-port", "0", "--bosh-port=17071"}));
  EXPECT_EQ(config.listeners.http, 0);
  EXPECT_EQ(config.listeners.https, 8443);
  EXPECT_EQ(config.listeners.bosh, 17071);
  EXPECT_EQ(config.listeners.boshs, 7443);
  EXPECT_EQ(config.listeners.mr, 39000);
}

TEST(ApplyCommandLine, EveryPortAndLogLevel) {
  Config config;
  applyCommandLine(config, parse({"--http-port=1", "--https-port=2", "--bosh-port=3",
                                  "--boshs-port=4", "--mr-port=5", "--log-level=error"}));
  EXPECT_EQ(config.listeners, (Listeners{"0.0.0.0", 1, 2, 3, 4, 5}));
  EXPECT_EQ(config.log.level, LogLevel::Error);
}

TEST(ApplyCommandLine, NoOverridesLeavesConfigAlone) {
  Config config = parseConfig(R"({"log": {"level": "warn"}})");
  const Config before = config;
  applyCommandLine(config, CommandLine{});
  EXPECT_EQ(config, before);
}

TEST(ApplyCommandLine, ValidatesTheLogLevel) {
  Config config;
  CommandLine commandLine;
  commandLine.logLevel = "loud";
  EXPECT_THROW(applyCommandLine(config, commandLine), UsageError);
}

}  // namespace
}  // namespace smfront::config
