#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ccp/api_errors.hpp"
#include "xml/element.hpp"
#include "xml/writer.hpp"

namespace smfront::ccp {

/// Reads the typed fields of one element, adding a problem per bad field to a shared list.
///
/// Fields are child elements matched by local name in any namespace; the first occurrence
/// wins and unknown children are ignored. errorData is the element name.
class FieldReader {
 public:
  FieldReader(const xml::Element& parent, Problems& problems) noexcept
      : parent_(parent), problems_(problems) {}

  /// @brief First child named @p name, or nullptr.
  const xml::Element* element(std::string_view name) const noexcept { return parent_.child(name); }
  bool has(std::string_view name) const noexcept { return element(name) != nullptr; }

  /// @brief Text of @p name as sent (not trimmed) when present and within @p maxChars.
  std::optional<std::string> text(std::string_view name,
                                  std::size_t maxChars = std::numeric_limits<std::size_t>::max());
  /// @brief Like text(), but absent, empty or only white space is a fieldRequired problem.
  std::optional<std::string> requiredText(std::string_view name,
                                          std::size_t maxChars = std::numeric_limits<std::size_t>::max());
  /// @brief Integer of @p name in [@p min, @p max]; absent or empty gives nullopt, no problem.
  std::optional<std::int64_t> integer(std::string_view name,
                                      std::int64_t min = std::numeric_limits<std::int64_t>::min(),
                                      std::int64_t max = std::numeric_limits<std::int64_t>::max());
  /// @brief true/false (any case) of @p name; absent or empty gives nullopt, no problem.
  std::optional<bool> boolean(std::string_view name);
  /// @brief Texts of <container><item>…</item>…</container>, trimmed, empty and repeated
  /// items dropped; nullopt when the container is absent. More than @p maxCount items is an
  /// outOfRange problem naming the container.
  std::optional<std::vector<std::string>> list(
      std::string_view container, std::string_view item,
      std::size_t maxCount = std::numeric_limits<std::size_t>::max());

  Problems& problems() noexcept { return problems_; }

 private:
  const xml::Element& parent_;
  Problems& problems_;
};

/// @brief Writes <container><item>…</item>…</container> (<container/> when empty).
void writeList(xml::Writer& w, std::string_view container, std::string_view item,
               std::span<const std::string> items);

/// @brief Writes <name>decimal value</name>.
void writeInteger(xml::Writer& w, std::string_view name, std::int64_t value);

/// @brief Writes <name>true</name> or <name>false</name>.
void writeBoolean(xml::Writer& w, std::string_view name, bool value);

}  // namespace smfront::ccp
