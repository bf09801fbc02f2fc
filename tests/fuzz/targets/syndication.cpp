// RSS and Atom documents (feeds::parseFeed) and the two date formats they carry. Every input is
// read as a whole document and, cut at its first line end, as each kind of date. A date that
// parses must lie in years 1 to 9999, and its RFC 3339 form must parse back to the same instant.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "feeds/syndication.hpp"

namespace {

using namespace smfront;

// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z, in ms since the epoch.
constexpr std::int64_t kFirstMs = -62135596800000;
constexpr std::int64_t kLastMs = 253402300799999;

// The civil date of a day count (H. Hinnant's civil_from_days), as RFC 3339 text.
std::string rfc3339(std::int64_t ms) {
  std::int64_t seconds = ms / 1000;
  std::int64_t millis = ms % 1000;
  if (millis < 0) {
    millis += 1000;
    --seconds;
  }
  std::int64_t days = seconds / 86400;
  std::int64_t secondOfDay = seconds % 86400;
  if (secondOfDay < 0) {
    secondOfDay += 86400;
    --days;
  }
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0);
  char text[40];
  std::snprintf(text, sizeof text, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ", static_cast<long long>(y), m, d,
                static_cast<long long>(secondOfDay / 3600), static_cast<long long>(secondOfDay / 60 % 60),
                static_cast<long long>(secondOfDay % 60), static_cast<long long>(millis));
  return text;
}

void checkDate(std::optional<std::int64_t> ms) {
  if (!ms) return;
  if (*ms < kFirstMs || *ms > kLastMs) std::abort();
  if (feeds::parseIsoDate(rfc3339(*ms)) != ms) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto result = feeds::parseFeed(input);
  if (result) {
    for (const auto& entry : result.document->entries) checkDate(entry.publishedMs);
  }
  const std::string_view line = input.substr(0, input.find('\n'));
  checkDate(feeds::parseRfc822Date(line));
  checkDate(feeds::parseIsoDate(line));
  return 0;
}
