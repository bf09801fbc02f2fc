#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "config/config_loader.hpp"
#include "config/config_printer.hpp"
#include "config/tests/error_helpers.hpp"

namespace smfront::config {
namespace {

using ::testing::ElementsAre;
using testing::errorsOf;

std::string limitsDocument(std::string_view key, std::size_t value) {
  return R"({"limits": {")" + std::string(key) + R"(": )" + std::to_string(value) + "}}";
}

TEST(Limits, EveryKeyIsNamedOnceAndEveryDefaultIsInItsRange) {
  std::set<std::string_view> keys;
  const Limits defaults;
  for (const LimitField& field : kLimitFields) {
    EXPECT_TRUE(keys.insert(field.key).second) << field.key;
    EXPECT_LE(field.min, defaults.*field.member) << field.key;
    EXPECT_GE(field.max, defaults.*field.member) << field.key;
    EXPECT_FALSE(field.meaning.empty()) << field.key;
  }
}

TEST(Limits, EachKeyReadsIntoItsOwnMemberAndPrintsBack) {
  for (const LimitField& field : kLimitFields) {
    const Config c = parseConfig(limitsDocument(field.key, field.max));
    Limits expected;
    expected.*field.member = field.max;
    EXPECT_EQ(c.limits, expected) << field.key;
    EXPECT_EQ(parseConfig(toJson(c, false)).limits, expected) << field.key;
  }
}

TEST(Limits, ValuesOutsideTheRangeAreRefusedWithTheKeyNamed) {
  for (const LimitField& field : kLimitFields) {
    const std::string path = "limits." + std::string(field.key);
    const std::string range =
        ": must be an integer between " + std::to_string(field.min) + " and " + std::to_string(field.max);
    EXPECT_THAT(errorsOf(limitsDocument(field.key, field.max + 1)),
                ElementsAre(path + range + " (got " + std::to_string(field.max + 1) + ")"));
    if (field.min > 0) {
      EXPECT_THAT(errorsOf(limitsDocument(field.key, field.min - 1)),
                  ElementsAre(path + range + " (got " + std::to_string(field.min - 1) + ")"));
    }
  }
}

TEST(Limits, UnknownKeysAreErrors) {
  EXPECT_THAT(errorsOf(R"({"limits": {"live_chat": 5}})"), ElementsAre(R"(unknown key "limits.live_chat")"));
}

}  // namespace
}  // namespace smfront::config
