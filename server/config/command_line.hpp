#pragma once

// Command-line options. They override the file (which overrides the defaults),
// so a lab run can move one port without editing a shared config file.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

#include "config/config.hpp"

namespace smfront::config {

// A one-line message for stderr, followed there by usageText().
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct CommandLine {
  std::optional<std::filesystem::path> configFile;
  bool printConfig = false;
  std::optional<std::string> printMrTable;  // "lua": the MR table for the Wireshark dissector
  bool help = false;
  bool version = false;
  std::optional<std::string> logLevel;
  std::optional<std::uint16_t> httpPort;
  std::optional<std::uint16_t> httpsPort;
  std::optional<std::uint16_t> boshPort;
  std::optional<std::uint16_t> boshsPort;
  std::optional<std::uint16_t> mrPort;
  std::optional<StoreKind> store;
  std::optional<std::filesystem::path> dataDir;
  std::optional<std::filesystem::path> exportFile;  // "-" is stdout

  bool operator==(const CommandLine&) const = default;
};

// Accepts "--opt value" and "--opt=value"; argv[0] is the program name.
// A later repetition of an option wins.
CommandLine parseCommandLine(int argc, const char* const* argv);

// The --help text, one line per option.
std::string usageText();

// Applies the port and log-level overrides; an invalid log level throws
// UsageError (a CommandLine can be built without parseCommandLine()).
void applyCommandLine(Config& config, const CommandLine& commandLine);

}  // namespace smfront::config
