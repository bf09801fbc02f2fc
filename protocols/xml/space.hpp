#pragma once
// XML's white space (the S production of XML 1.0: space, tab, CR, LF), which
// surrounds the text of elements that carry numbers, names and URLs.
#include <string_view>

namespace smfront::xml {

constexpr bool isXmlSpace(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/// @brief @p text without leading and trailing XML white space.
constexpr std::string_view trimXmlSpace(std::string_view text) noexcept {
  while (!text.empty() && isXmlSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && isXmlSpace(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace smfront::xml
