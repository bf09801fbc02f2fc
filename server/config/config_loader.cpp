#include "config/config_loader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include <boost/json/stream_parser.hpp>

#include "config/json_reader.hpp"
#include "config/sections.hpp"

namespace smfront::config {

namespace json = boost::json;
using detail::ObjectReader;

namespace {

// "line 3, column 14 (byte 37)" for the failing byte; columns count bytes.
std::string describeOffset(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t line = 1;
  std::size_t lineStart = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      lineStart = i + 1;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(offset - lineStart + 1) +
         " (byte " + std::to_string(offset) + ")";
}

json::value parseJson(std::string_view text, const std::string& sourceName) {
  json::stream_parser parser;
  json::error_code ec;
  // On failure write() returns the offset of the offending byte.
  std::size_t offset = parser.write(text.data(), text.size(), ec);
  if (!ec) {
    parser.finish(ec);
    offset = text.size();
  }
  if (ec)
    throw ConfigError(sourceName,
                      {describeOffset(text, offset) + ": invalid JSON: " + ec.message()});
  return parser.release();
}

std::string joinLines(const std::string& source, const std::vector<std::string>& errors) {
  std::string joined;
  for (const std::string& error : errors) {
    if (!joined.empty()) joined += '\n';
    joined += source + ": " + error;
  }
  return joined;
}

}  // namespace

ConfigError::ConfigError(const std::string& source, std::vector<std::string> errors)
    : std::runtime_error(joinLines(source, errors)), source_(source), errors_(std::move(errors)) {}

Config parseConfig(std::string_view text, const std::string& sourceName) {
  const json::value document = parseJson(text, sourceName);
  Config config = defaults();
  detail::Errors errors;
  {
    ObjectReader root(&document, "", errors);  // reports unknown keys when it goes
    detail::readSection(root, config, detail::documentSection());
  }
  if (!errors.empty()) throw ConfigError(sourceName, std::move(errors));
  return config;
}

Config loadConfigFile(const std::filesystem::path& file) {
  const std::string name = file.string();
  const auto fail = [&name](int error) {
    return ConfigError(name, {std::string("cannot read config file: ") + std::strerror(error)});
  };
  errno = 0;
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> stream(std::fopen(name.c_str(), "rb"),
                                                               &std::fclose);
  if (!stream) throw fail(errno);
  std::string text;
  char buffer[8192];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, stream.get())) > 0) text.append(buffer, n);
  // A directory opens fine and only fails here, with EISDIR.
  if (std::ferror(stream.get())) throw fail(errno);
  return parseConfig(text, name);
}

}  // namespace smfront::config
