#pragma once

// Reads the JSON configuration file as an overlay on the embedded defaults.

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"

namespace smfront::config {

// Every problem found in one source. what() is one line per problem, each
// "<source>: <message>"; errors() holds the bare messages such as
// `listeners.http: must be an integer between 0 and 65535 (got "80x")`.
class ConfigError : public std::runtime_error {
 public:
  ConfigError(const std::string& source, std::vector<std::string> errors);

  const std::string& source() const noexcept { return source_; }
  const std::vector<std::string>& errors() const noexcept { return errors_; }

 private:
  std::string source_;
  std::vector<std::string> errors_;
};

// Keys present in `json` replace the defaults; missing keys keep them. Arrays
// such as "users" are replaced as a whole, not merged. Unknown keys are errors.
// `sourceName` only labels messages.
Config parseConfig(std::string_view json, const std::string& sourceName = "<string>");

// parseConfig() over a file's contents; a missing or unreadable file is a
// ConfigError naming the path.
Config loadConfigFile(const std::filesystem::path& file);

}  // namespace smfront::config
