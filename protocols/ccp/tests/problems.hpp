#pragma once

#include <string>
#include <utility>
#include <vector>

#include "ccp/api_errors.hpp"

namespace smfront::ccp::testing {

/// (errorType, errorData) of one problem: what clients branch on.
using Kind = std::pair<std::string, std::string>;

inline std::vector<Kind> kinds(const Problems& problems) {
  std::vector<Kind> out;
  for (const ApiError& p : problems) out.emplace_back(p.errorType, p.errorData);
  return out;
}

/// @brief @p xml with the whitespace between tags removed, so that the spec's indented
/// examples can be compared with compact output.
inline std::string compact(std::string_view xml) {
  std::string out;
  bool betweenTags = false;
  std::string pending;
  for (const char c : xml) {
    if (c == '>') {
      out += c;
      betweenTags = true;
      pending.clear();
    } else if (betweenTags && (c == ' ' || c == '\n' || c == '\t' || c == '\r')) {
      pending += c;
    } else {
      if (c != '<') out += pending;
      pending.clear();
      betweenTags = false;
      out += c;
    }
  }
  return out;
}

}  // namespace smfront::ccp::testing
