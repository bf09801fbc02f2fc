// The contact search language (GET /search/contacts?q=): parseSearchQuery, the canonical text
// of a parsed query (which must parse back to the same query), and matching against a
// contact whose field values come from the input too.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "ccp/search_query.hpp"
#include "fuzz_input.hpp"

using namespace smfront;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto parts = fuzz::splitMessages(std::string_view(reinterpret_cast<const char*>(data), size));
  const auto parsed = ccp::parseSearchQuery(parts.front());
  if (!parsed) return 0;

  // The canonical text names the field on every term, so a query that scopes a group to one
  // field ("sc.sourceType:(a OR b)") may grow past the length limit; within it, it must parse
  // back to the same query.
  const std::string canonical = parsed->toString();
  const auto chars = std::count_if(canonical.begin(), canonical.end(), [](char c) { return (c & 0xC0) != 0x80; });
  if (static_cast<std::size_t>(chars) <= ccp::SearchQuery::kMaxChars) {
    const auto again = ccp::parseSearchQuery(canonical);
    if (!again || !(*again == *parsed)) std::abort();
  }

  const std::vector<std::string_view> values(parts.begin() + 1, parts.end());
  parsed->matches([&](ccp::SearchField field) {
    const auto i = static_cast<std::size_t>(field);
    return i < values.size() ? std::vector<std::string_view>{values[i]} : std::vector<std::string_view>{};
  });
  return 0;
}
