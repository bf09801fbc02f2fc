#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ccp/api_errors.hpp"
#include "xml/space.hpp"

namespace smfront::ccp {

// Value checks shared by every representation. Lengths are counted in Unicode code points,
// which is what a user typing into a widget thinks of as characters.

/// @brief Whether @p text is well-formed UTF-8 (no overlong forms, surrogates or > U+10FFFF).
bool isValidUtf8(std::string_view text) noexcept;

/// @brief Number of code points in @p utf8 (continuation bytes are not counted).
std::size_t countChars(std::string_view utf8) noexcept;

using xml::trimXmlSpace;

/// @brief Decimal integer with an optional leading '-', surrounding XML whitespace allowed;
/// nullopt on anything else, including overflow.
std::optional<std::int64_t> parseInt64(std::string_view text) noexcept;

/// @brief "true" or "false" in any case, surrounding XML whitespace allowed.
std::optional<bool> parseBool(std::string_view text) noexcept;

/// @brief ASCII case-insensitive equality; other bytes must match exactly.
bool equalsIgnoreCase(std::string_view a, std::string_view b) noexcept;

/// @brief @p text with ASCII letters lower-cased.
std::string toLowerAscii(std::string_view text);

/// @brief Adds {invalidValue, @p field, "<field> is not valid UTF-8"} unless @p value is valid
/// UTF-8; returns whether it was.
bool checkUtf8(Problems& problems, std::string_view field, std::string_view value);

/// @brief checkUtf8, then adds {outOfRange, @p field, "<field> is longer than N characters"}
/// when @p value has more than @p maxChars code points; returns whether @p value passed both.
bool checkText(Problems& problems, std::string_view field, std::string_view value, std::size_t maxChars);

/// @brief Parses @p text as an integer in [@p min, @p max]: invalidValue when it is not a whole
/// number, outOfRange when it is outside the range (both naming @p field).
std::optional<std::int64_t> checkInteger(Problems& problems, std::string_view field, std::string_view text,
                                         std::int64_t min, std::int64_t max);

/// @brief Adds {outOfRange, @p field, "more than N <field>"} when @p count exceeds @p max.
bool checkCount(Problems& problems, std::string_view field, std::size_t count, std::size_t max);

}  // namespace smfront::ccp
