#pragma once

// Pieces of the one-line JSON summaries smload prints: numbers with fixed
// decimals, escaped strings, status counts and latency percentiles.

#include <cstdint>
#include <map>
#include <string>

#include "histogram.hpp"

namespace smload {

std::string fixed(double v, int decimals);
// JSON string contents: failures quote server text and errno messages.
std::string escaped(const std::string& s);
// {"200":n,...}
std::string statusesJson(const std::map<int, std::uint64_t>& statuses);
// {"p50":..,"p90":..,"p99":..,"p999":..,"max":..} in ms
std::string percentilesJson(const Histogram& h);

}  // namespace smload
