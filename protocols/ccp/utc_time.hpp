#pragma once

#include <cstdint>
#include <string>

namespace smfront::ccp {

/// A moment broken down in UTC (proleptic Gregorian calendar).
struct UtcTime {
  std::int64_t year = 1970;
  int month = 1;  ///< 1..12
  int day = 1;    ///< 1..31
  int hour = 0;
  int minute = 0;
  int second = 0;
  int millisecond = 0;

  friend bool operator==(const UtcTime&, const UtcTime&) = default;
};

/// @brief Calendar fields of @p msSinceEpoch (ms since 1970-01-01T00:00:00Z, may be negative).
UtcTime utcFromMs(std::int64_t msSinceEpoch) noexcept;

/// @brief "YYYY-MM-DDTHH:MM:SSZ", the one date format of the API (campaign results feed).
std::string formatIso8601(std::int64_t msSinceEpoch);

/// @brief English month abbreviation, "Jan".."Dec", for @p month 1..12.
const char* monthAbbreviation(int month) noexcept;

}  // namespace smfront::ccp
