#include "ccp/utc_time.hpp"

#include <gtest/gtest.h>

namespace smfront::ccp {
namespace {

TEST(UtcFromMs, Epoch) { EXPECT_EQ(utcFromMs(0), (UtcTime{1970, 1, 1, 0, 0, 0, 0})); }

TEST(UtcFromMs, LeapDays) {
  EXPECT_EQ(utcFromMs(1709168523000), (UtcTime{2024, 2, 29, 1, 2, 3, 0}));
  EXPECT_EQ(utcFromMs(951782400000), (UtcTime{2000, 2, 29, 0, 0, 0, 0}));
}

TEST(UtcFromMs, BeforeTheEpoch) { EXPECT_EQ(utcFromMs(-1), (UtcTime{1969, 12, 31, 23, 59, 59, 999})); }

TEST(UtcFromMs, EndOfYear) {
  EXPECT_EQ(utcFromMs(1735689599999), (UtcTime{2024, 12, 31, 23, 59, 59, 999}));
  EXPECT_EQ(utcFromMs(1735689600000), (UtcTime{2025, 1, 1, 0, 0, 0, 0}));
}

TEST(FormatIso8601, UsesZuluSeconds) {
  EXPECT_EQ(formatIso8601(1732800004123), "2024-11-28T13:20:04Z");
  EXPECT_EQ(formatIso8601(0), "1970-01-01T00:00:00Z");
}

TEST(MonthAbbreviation, EnglishThreeLetters) {
  EXPECT_STREQ(monthAbbreviation(1), "Jan");
  EXPECT_STREQ(monthAbbreviation(9), "Sep");
  EXPECT_STREQ(monthAbbreviation(12), "Dec");
  EXPECT_STREQ(monthAbbreviation(13), "");
}

}  // namespace
}  // namespace smfront::ccp
