#pragma once

#include <string>
#include <string_view>

namespace smfront::xml {

// The server echoes user input, so escaping also repairs it: every function here drops
// invalid UTF-8 bytes, lone or encoded surrogates, control characters other than \t \n \r,
// and U+FFFE/U+FFFF, none of which XML 1.0 can carry even as character references.

/// @brief Appends @p text to @p out escaped for element content (& < > and \r as &#xD;).
void appendEscapedText(std::string& out, std::string_view text);

/// @brief Appends @p value to @p out escaped for a double- or single-quoted attribute value
/// (& < > " ' and \t \n \r as character references, so parsers do not normalize them away).
void appendEscapedAttribute(std::string& out, std::string_view value);

/// @brief @p text escaped for element content; see appendEscapedText.
std::string escapeText(std::string_view text);

/// @brief @p value escaped for an attribute value; see appendEscapedAttribute.
std::string escapeAttribute(std::string_view value);

/// @brief @p text with the characters XML 1.0 cannot carry removed, nothing escaped.
std::string stripInvalidChars(std::string_view text);

}  // namespace smfront::xml
