#include <gtest/gtest.h>

#include "feeds/syndication.hpp"

namespace smfront::feeds {
namespace {

// 2003-06-10T04:00:00Z
constexpr std::int64_t kJune10 = 1055217600000;

TEST(Rfc822Date, ReadsTheFormsFeedsUse) {
  EXPECT_EQ(parseRfc822Date("Tue, 10 Jun 2003 04:00:00 GMT"), kJune10);
  EXPECT_EQ(parseRfc822Date("10 Jun 2003 04:00:00 GMT"), kJune10) << "no day name";
  EXPECT_EQ(parseRfc822Date("Tue, 10 Jun 2003 06:00:00 +0200"), kJune10);
  EXPECT_EQ(parseRfc822Date("Tue, 09 Jun 2003 21:00:00 PDT"), kJune10);
  EXPECT_EQ(parseRfc822Date("Tue, 10 Jun 03 04:00 UT"), kJune10) << "two-digit year, no seconds";
  EXPECT_EQ(parseRfc822Date("  tue, 10 june 2003 04:00:00 gmt "), kJune10) << "any case, a long month";
  EXPECT_EQ(parseRfc822Date("Tue, 10 Jun 2003 04:00:00"), kJune10) << "no zone reads as UTC";
  EXPECT_EQ(parseRfc822Date("Tue, 10 Jun 2003 04:00:00 Z"), kJune10);
  EXPECT_EQ(parseRfc822Date("Tue, 10 Jun 2003 04:00:00 A"), kJune10) << "military zones read as -0000 (RFC 1123)";
}

TEST(Rfc822Date, RefusesWhatIsNotADate) {
  for (std::string_view bad : {"", "yesterday", "Tue, 31 Jun 2003 04:00:00 GMT", "Tue, 10 Foo 2003 04:00:00 GMT",
                               "Tue, 10 Jun 2003 25:00:00 GMT", "Tue, 10 Jun 2003 04:00:00 +2500",
                               "Tue, 10 Jun 2003 04:00:00 Europe/Paris", "10 Jun 2003", "2003-06-10T04:00:00Z",
                               "Tue, 10 Jun 203 04:00:00 GMT", "Tue, 100 Jun 2003 04:00:00 GMT"}) {
    EXPECT_FALSE(parseRfc822Date(bad)) << bad;
  }
}

TEST(IsoDate, ReadsRfc3339AndW3cDtfOfLessPrecision) {
  EXPECT_EQ(parseIsoDate("2003-06-10T04:00:00Z"), kJune10);
  EXPECT_EQ(parseIsoDate("2003-06-10t04:00:00z"), kJune10);
  EXPECT_EQ(parseIsoDate("2003-06-10T06:00:00+02:00"), kJune10);
  EXPECT_EQ(parseIsoDate("2003-06-09T23:00:00-05:00"), kJune10);
  EXPECT_EQ(parseIsoDate("2003-06-10T04:00:00.250Z"), kJune10 + 250);
  EXPECT_EQ(parseIsoDate("2003-06-10T04:00:00.5Z"), kJune10 + 500);
  EXPECT_EQ(parseIsoDate("2003-06-10T04:00:00.123456789Z"), kJune10 + 123);
  EXPECT_EQ(parseIsoDate("2003-06-10T04:00Z"), kJune10) << "no seconds";
  EXPECT_EQ(parseIsoDate("2003-06-10"), kJune10 - 4 * 3600 * 1000) << "a day: its midnight, UTC";
  EXPECT_EQ(parseIsoDate("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parseIsoDate("2000-02-29T00:00:00Z"), 951782400000) << "a leap day";
}

TEST(IsoDate, RefusesWhatIsNotADate) {
  for (std::string_view bad : {"", "2003", "x003-06-10", "2003-13-01", "2003-02-29T00:00:00Z", "2003-06-10T04:00:00+2:00",
                               "2003-06-10T04:00:00.Z", "2003-06-10T04Z", "2003-06-10T04:00:00Zjunk", "Tue, 10 Jun 2003"}) {
    if (bad == "2003") continue;  // a year alone is W3C-DTF: tested below
    EXPECT_FALSE(parseIsoDate(bad)) << bad;
  }
  EXPECT_EQ(parseIsoDate("2003"), parseIsoDate("2003-01-01")) << "W3C-DTF allows a year alone";
  EXPECT_FALSE(parseIsoDate("9999-12-31T23:59:59-23:59")) << "an instant after year 9999 in UTC";
  EXPECT_FALSE(parseIsoDate("0001-01-01T00:00:00+00:01")) << "an instant before year 1 in UTC";
  EXPECT_TRUE(parseIsoDate("0001-01-01T00:00:00Z"));
}

}  // namespace
}  // namespace smfront::feeds
