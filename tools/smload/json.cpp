#include "json.hpp"

#include <cstdio>

namespace smload {

std::string fixed(double v, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, v);
  return buffer;
}

std::string escaped(const std::string& s) {
  std::string out;
  for (const char ch : s) {
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (static_cast<unsigned char>(ch) < 0x20) {
      out += ' ';
    } else {
      out += ch;
    }
  }
  return out;
}

std::string statusesJson(const std::map<int, std::uint64_t>& statuses) {
  std::string out = "{";
  for (const auto& [status, count] : statuses) {
    if (out.size() > 1) out += ",";
    out += "\"" + std::to_string(status) + "\":" + std::to_string(count);
  }
  return out + "}";
}

std::string percentilesJson(const Histogram& h) {
  return "{\"p50\":" + fixed(h.percentileMs(50), 3) + ",\"p90\":" + fixed(h.percentileMs(90), 3) +
         ",\"p99\":" + fixed(h.percentileMs(99), 3) + ",\"p999\":" + fixed(h.percentileMs(99.9), 3) +
         ",\"max\":" + fixed(h.maxMs(), 3) + "}";
}

}  // namespace smload
