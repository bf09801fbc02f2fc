#include "config/config_printer.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "config/sections.hpp"

namespace smfront::config {

namespace json = boost::json;

namespace {

// Boost.JSON 1.81 only serializes compactly; this adds two-space indentation.
void printPretty(std::string& out, const json::value& value, std::size_t depth) {
  const auto newline = [&out](std::size_t level) {
    out += '\n';
    out.append(level * 2, ' ');
  };
  if (const json::object* object = value.if_object()) {
    if (object->empty()) {
      out += "{}";
      return;
    }
    out += '{';
    bool first = true;
    for (const auto& entry : *object) {
      if (!first) out += ',';
      first = false;
      newline(depth + 1);
      out += json::serialize(json::string_view(entry.key()));
      out += ": ";
      printPretty(out, entry.value(), depth + 1);
    }
    newline(depth);
    out += '}';
  } else if (const json::array* array = value.if_array()) {
    if (array->empty()) {
      out += "[]";
      return;
    }
    out += '[';
    bool first = true;
    for (const json::value& element : *array) {
      if (!first) out += ',';
      first = false;
      newline(depth + 1);
      printPretty(out, element, depth + 1);
    }
    newline(depth);
    out += ']';
  } else {
    out += json::serialize(value);
  }
}

}  // namespace

std::string toJson(const Config& config, bool maskSecrets) {
  std::string out;
  printPretty(out, detail::writeSection(config, detail::documentSection(), maskSecrets), 0);
  out += '\n';
  return out;
}

}  // namespace smfront::config
