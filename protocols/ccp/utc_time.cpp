#include "ccp/utc_time.hpp"

#include <cstdio>

namespace smfront::ccp {

namespace {

constexpr std::int64_t kMsPerDay = 86'400'000;

// Floor division, so that times before the epoch fall on the previous day.
constexpr std::int64_t floorDiv(std::int64_t a, std::int64_t b) noexcept {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

}  // namespace

UtcTime utcFromMs(std::int64_t ms) noexcept {
  const std::int64_t days = floorDiv(ms, kMsPerDay);
  const std::int64_t msOfDay = ms - days * kMsPerDay;

  // Days to civil date (H. Hinnant's algorithm): count in 400-year eras starting on March 1,
  // so the leap day is the last day of the counted year.
  const std::int64_t z = days + 719468;
  const std::int64_t era = floorDiv(z, 146097);
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;

  UtcTime t;
  t.year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  t.month = static_cast<int>(month);
  t.day = static_cast<int>(day);
  t.hour = static_cast<int>(msOfDay / 3'600'000);
  t.minute = static_cast<int>(msOfDay / 60'000 % 60);
  t.second = static_cast<int>(msOfDay / 1000 % 60);
  t.millisecond = static_cast<int>(msOfDay % 1000);
  return t;
}

std::string formatIso8601(std::int64_t ms) {
  const UtcTime t = utcFromMs(ms);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02d:%02d:%02dZ", static_cast<long long>(t.year), t.month,
                t.day, t.hour, t.minute, t.second);
  return buf;
}

const char* monthAbbreviation(int month) noexcept {
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return month >= 1 && month <= 12 ? kMonths[month - 1] : "";
}

}  // namespace smfront::ccp
