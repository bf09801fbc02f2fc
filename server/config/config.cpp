#include "config/config.hpp"

#include <array>
#include <utility>

namespace smfront::config {

namespace {

constexpr std::array<std::pair<LogLevel, std::string_view>, 7> kLogLevels{{
    {LogLevel::Trace, "trace"},
    {LogLevel::Debug, "debug"},
    {LogLevel::Info, "info"},
    {LogLevel::Warn, "warn"},
    {LogLevel::Error, "error"},
    {LogLevel::Critical, "critical"},
    {LogLevel::Off, "off"},
}};

}  // namespace

Config defaults() { return Config{}; }

std::filesystem::path certFile(const Config& config) {
  if (!config.tls.cert.empty()) return config.tls.cert;
  return config.server.dataDir / "certs" / "server.crt";
}

std::filesystem::path keyFile(const Config& config) {
  if (!config.tls.key.empty()) return config.tls.key;
  return config.server.dataDir / "certs" / "server.key";
}

std::string_view toString(LogLevel level) {
  for (const auto& [value, name] : kLogLevels) {
    if (value == level) return name;
  }
  return "info";
}

std::optional<LogLevel> parseLogLevel(std::string_view name) {
  for (const auto& [value, known] : kLogLevels) {
    if (known == name) return value;
  }
  return std::nullopt;
}

std::string_view logLevelNames() {
  return "trace, debug, info, warn, error, critical, off";
}

}  // namespace smfront::config
