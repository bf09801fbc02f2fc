#include "ccp/xml_fields.hpp"

#include <algorithm>

#include "ccp/validation.hpp"

namespace smfront::ccp {

std::optional<std::string> FieldReader::text(std::string_view name, std::size_t maxChars) {
  const xml::Element* e = element(name);
  if (e == nullptr) return std::nullopt;
  std::string value = e->text();
  if (!checkText(problems_, name, value, maxChars)) return std::nullopt;
  return value;
}

std::optional<std::string> FieldReader::requiredText(std::string_view name, std::size_t maxChars) {
  const xml::Element* e = element(name);
  if (e == nullptr || trimXmlSpace(e->text()).empty()) {
    problems_.push_back(fieldRequired(name));
    return std::nullopt;
  }
  return text(name, maxChars);
}

std::optional<std::int64_t> FieldReader::integer(std::string_view name, std::int64_t min, std::int64_t max) {
  const xml::Element* e = element(name);
  if (e == nullptr) return std::nullopt;
  const std::string value = e->text();
  // Tools fill templates with empty elements; an empty number means "not given".
  if (trimXmlSpace(value).empty()) return std::nullopt;
  return checkInteger(problems_, name, value, min, max);
}

std::optional<bool> FieldReader::boolean(std::string_view name) {
  const xml::Element* e = element(name);
  if (e == nullptr) return std::nullopt;
  const std::string value = e->text();
  if (trimXmlSpace(value).empty()) return std::nullopt;
  const std::optional<bool> parsed = parseBool(value);
  if (!parsed) problems_.push_back(invalidValue(name, std::string(name) + " must be true or false"));
  return parsed;
}

std::optional<std::vector<std::string>> FieldReader::list(std::string_view container, std::string_view item,
                                                          std::size_t maxCount) {
  const xml::Element* e = element(container);
  if (e == nullptr) return std::nullopt;
  std::vector<std::string> items;
  bool textOk = true;
  for (const xml::Element& child : e->children(item)) {
    const std::string raw = child.text();
    const std::string_view value = trimXmlSpace(raw);
    if (value.empty()) continue;
    if (!checkUtf8(problems_, container, value)) {
      textOk = false;
      continue;
    }
    if (std::find(items.begin(), items.end(), value) == items.end()) items.emplace_back(value);
  }
  if (!checkCount(problems_, container, items.size(), maxCount) || !textOk) return std::nullopt;
  return items;
}

void writeList(xml::Writer& w, std::string_view container, std::string_view item,
               std::span<const std::string> items) {
  w.open(container);
  for (const std::string& value : items) w.leaf(item, value);
  w.close();
}

void writeInteger(xml::Writer& w, std::string_view name, std::int64_t value) {
  w.leaf(name, std::to_string(value));
}

void writeBoolean(xml::Writer& w, std::string_view name, bool value) {
  w.leaf(name, value ? "true" : "false");
}

}  // namespace smfront::ccp
