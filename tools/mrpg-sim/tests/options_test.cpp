#include "options.hpp"

#include <gtest/gtest.h>

namespace smfront::mrpgsim {
namespace {

using namespace std::chrono_literals;

Options parse(std::vector<std::string> args) { return parseOptions(args).options; }

TEST(Options, DefaultsFollowTheSpec) {
  const Options o = parse({});
  ASSERT_EQ(o.apps.size(), 1u);
  EXPECT_EQ(o.apps[0].host, "127.0.0.1");
  EXPECT_EQ(o.apps[0].port, "38001");
  EXPECT_EQ(o.reconnect, 10s);
  EXPECT_EQ(o.heartbeat, 5s);
  EXPECT_EQ(o.idleSeconds, 20u);
  EXPECT_EQ(o.peripheralId, 5000u);
  EXPECT_EQ(o.version, 1u);
  EXPECT_EQ(o.handleTime, 60s);
  EXPECT_EQ(o.delayMin, 500ms);
  EXPECT_EQ(o.mrds, (std::vector<std::uint32_t>{1, 2, 3}));
  EXPECT_EQ(o.floatWidth, mr::FloatWidth::TwoTwo);
}

TEST(Options, EveryOptionOfTheSpec) {
  const Options o = parse({"--app", "a:1", "--app=[::1]:2", "--tls", "--ca", "ca.pem", "--reconnect", "2",
                           "--version", "3", "--idle", "40", "--peripheral-id", "7", "--heartbeat", "250ms",
                           "--agents", "mary,john,sue", "--handle-time", "1.5", "--mrd", "1,9", "--selectors",
                           "A,B", "--delay-range", "200ms-2s", "--ewt", "90", "--no-queue", "--fail-rate", "0.25",
                           "--fail-code", "E_NO_SCRIPT", "--reject-rate", "0.1", "--drop-after", "50",
                           "--silent-after", "30", "--routing-down", "10:5", "--garbage-rate", "0.5", "--float",
                           "1+1", "--seed", "9", "--once"});
  ASSERT_EQ(o.apps.size(), 2u);
  EXPECT_EQ(o.apps[1].host, "::1");
  EXPECT_TRUE(o.tls);
  EXPECT_EQ(o.caFile, "ca.pem");
  EXPECT_EQ(o.reconnect, 2s);
  EXPECT_EQ(o.version, 3u);
  EXPECT_EQ(o.idleSeconds, 40u);
  EXPECT_EQ(o.peripheralId, 7u);
  EXPECT_EQ(o.heartbeat, 250ms);
  EXPECT_EQ(o.agents.size(), 3u);
  EXPECT_EQ(o.handleTime, 1500ms);
  EXPECT_EQ(o.mrds, (std::vector<std::uint32_t>{1, 9}));
  EXPECT_EQ(o.selectors, (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(o.delayMin, 200ms);
  EXPECT_EQ(o.delayMax, 2s);
  EXPECT_EQ(o.ewtSeconds, 90u);
  EXPECT_TRUE(o.noQueue);
  EXPECT_DOUBLE_EQ(o.failRate, 0.25);
  EXPECT_EQ(o.failCode, mr::ErrorCode::NoScript);
  EXPECT_DOUBLE_EQ(o.rejectRate, 0.1);
  EXPECT_EQ(o.dropAfter, 50u);
  EXPECT_EQ(o.silentAfter, 30s);
  EXPECT_EQ(o.routingDownAt, 10s);
  EXPECT_EQ(o.routingDownFor, 5s);
  EXPECT_DOUBLE_EQ(o.garbageRate, 0.5);
  EXPECT_EQ(o.floatWidth, mr::FloatWidth::OneOne);
  EXPECT_EQ(o.seed, 9u);
  EXPECT_TRUE(o.once);
  EXPECT_EQ(parse({"--fail-code", "0x12"}).failCode, mr::ErrorCode::NoScript);
}

TEST(Options, BadValuesNameTheOption) {
  for (const auto& args : std::vector<std::vector<std::string>>{{"--app", "nohost"},
                                                                {"--heartbeat", "soon"},
                                                                {"--fail-rate", "2"},
                                                                {"--float", "3+3"},
                                                                {"--delay-range", "2s-1s"},
                                                                {"--fail-code", "E_NOPE"},
                                                                {"--ca", "x"},
                                                                {"--agents"},
                                                                {"--bogus"}}) {
    EXPECT_THROW(parse(args), UsageError) << args[0];
  }
}

TEST(Options, Durations) {
  EXPECT_EQ(parseDuration("10"), 10s);
  EXPECT_EQ(parseDuration("0.2"), 200ms);
  EXPECT_EQ(parseDuration("500ms"), 500ms);
  EXPECT_EQ(parseDuration("1m"), 60s);
  EXPECT_FALSE(parseDuration("ms"));
  EXPECT_FALSE(parseDuration("5h"));
}

}  // namespace
}  // namespace smfront::mrpgsim
