// docs/configuration.md is the reference of the configuration file: it must
// list every key that --print-config prints, no key that no longer exists,
// and each default as printed. Its key tables have rows such as
//   | `limits.live_chats` | `10000` | 1..1000000000 | chat sessions open at once |
// where keys inside list items are written `feeds[].name`, and a key a list
// item must carry has the default `required`. toJson() is what --print-config
// prints.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "config/config.hpp"
#include "config/config_printer.hpp"

namespace smfront::config {
namespace {

namespace json = boost::json;

const std::filesystem::path kReference = std::filesystem::path(SMFRONT_SOURCE_DIR) / "docs" / "configuration.md";

constexpr std::string_view kRequired = "required";

// The defaults plus one item in each list, so the keys of list items are
// printed too; required item keys get arbitrary values.
Config defaultsWithOneItemPerList() {
  Config config = defaults();
  config.users.emplace_back().name = "someone";
  config.users.back().password = "secret";
  config.users.back().admin = true;
  config.feeds.emplace_back().name = "some feed";
  config.campaigns.emplace_back().name = "some campaign";
  config.virtualAgents.emplace_back().name = "some-agent";
  return config;
}

bool isRequiredItemKey(const std::string& key) {
  return key == "users[].name" || key == "users[].password" || key == "users[].roles" || key == "feeds[].name" ||
         key == "campaigns[].name" || key == "virtual_agents[].name";
}

// Dotted key path -> the printed value, compact JSON.
void flatten(const json::value& value, const std::string& path, std::map<std::string, std::string>& out) {
  if (const json::object* object = value.if_object()) {
    for (const auto& entry : *object) {
      const std::string key(entry.key());
      flatten(entry.value(), path.empty() ? key : path + "." + key, out);
    }
    return;
  }
  if (const json::array* array = value.if_array(); array != nullptr && !array->empty() && array->front().is_object()) {
    flatten(array->front(), path + "[]", out);
    return;
  }
  out[path] = json::serialize(value);
}

std::map<std::string, std::string> printedKeys() {
  std::map<std::string, std::string> keys;
  flatten(json::parse(toJson(defaultsWithOneItemPerList())), "", keys);
  return keys;
}

struct DocumentedKey {
  std::string defaultCell;
  std::string rangeCell;
};

std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(' ');
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(' ');
  return std::string(text.substr(first, last - first + 1));
}

// Rows whose first cell is one backquoted key path.
std::map<std::string, DocumentedKey> documentedKeys() {
  std::ifstream file(kReference);
  EXPECT_TRUE(file) << "cannot read " << kReference;
  std::map<std::string, DocumentedKey> keys;
  std::string line;
  while (std::getline(file, line)) {
    if (!line.starts_with("| `")) continue;
    std::vector<std::string> cells;
    std::stringstream row(line.substr(1));
    for (std::string cell; std::getline(row, cell, '|');) cells.push_back(trimmed(cell));
    if (cells.size() < 3) continue;
    const std::string& first = cells[0];
    const std::string key = first.substr(1, first.size() - 2);
    if (first.back() != '`' || key.empty() || key.find_first_of("` ") != std::string::npos || key.starts_with("-"))
      continue;
    EXPECT_FALSE(keys.contains(key)) << key << " has two rows in docs/configuration.md";
    keys[key] = DocumentedKey{cells[1], cells[2]};
  }
  return keys;
}

TEST(ConfigurationReference, PrintsTheKeysOfListItems) {
  const auto printed = printedKeys();
  EXPECT_TRUE(printed.contains("feeds[].mr_routing"));
  EXPECT_TRUE(printed.contains("users[].roles"));
  EXPECT_TRUE(printed.contains("notify.http.retry_delays_ms"));
  EXPECT_FALSE(printed.contains("feeds"));
}

TEST(ConfigurationReference, DocumentsEveryPrintedKey) {
  const auto documented = documentedKeys();
  for (const auto& [key, value] : printedKeys()) {
    EXPECT_TRUE(documented.contains(key))
        << "--print-config prints `" << key << "` (default " << value << "), which docs/configuration.md lacks";
  }
}

TEST(ConfigurationReference, DocumentsNoKeyThatIsNotPrinted) {
  const auto printed = printedKeys();
  for (const auto& [key, row] : documentedKeys()) {
    EXPECT_TRUE(printed.contains(key)) << "docs/configuration.md documents `" << key
                                       << "`, which --print-config does not print";
  }
}

TEST(ConfigurationReference, DocumentsEachDefaultAsPrinted) {
  const auto documented = documentedKeys();
  for (const auto& [key, value] : printedKeys()) {
    const auto row = documented.find(key);
    if (row == documented.end()) continue;
    const std::string expected = isRequiredItemKey(key) ? std::string(kRequired) : "`" + value + "`";
    EXPECT_EQ(row->second.defaultCell, expected) << "default of `" << key << "` in docs/configuration.md";
  }
}

TEST(ConfigurationReference, DocumentsEachLimitsRangeAsLoaded) {
  const auto documented = documentedKeys();
  for (const LimitField& field : kLimitFields) {
    const std::string key = "limits." + std::string(field.key);
    const auto row = documented.find(key);
    if (row == documented.end()) continue;
    EXPECT_EQ(row->second.rangeCell, std::to_string(field.min) + ".." + std::to_string(field.max))
        << "range of `" << key << "` in docs/configuration.md";
  }
}

}  // namespace
}  // namespace smfront::config
