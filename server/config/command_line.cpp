#include "config/command_line.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <string_view>
#include <utility>

#include "config/choice.hpp"

namespace smfront::config {

namespace {

using PortMember = std::optional<std::uint16_t> CommandLine::*;

struct Option {
  std::string_view name;
  std::string_view alias;      // short form, empty if none
  std::string_view valueName;  // empty for flags
  std::string_view help;
  void (*set)(CommandLine&, std::string_view option, std::string_view value);
};

std::string quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

std::string badLogLevel(std::string_view value) {
  return "--log-level: must be " + choiceList<LogLevel>() + " (got " + quoted(value) + ")";
}

std::uint16_t parsePort(std::string_view option, std::string_view value) {
  unsigned number = 0;
  const char* end = value.data() + value.size();
  const auto [stop, ec] = std::from_chars(value.data(), end, number);
  if (value.empty() || ec != std::errc() || stop != end || number > 65535)
    throw UsageError(std::string(option) + ": must be an integer between 0 and 65535 (got " +
                     quoted(value) + ")");
  return static_cast<std::uint16_t>(number);
}

template <PortMember Member>
void setPort(CommandLine& out, std::string_view option, std::string_view value) {
  out.*Member = parsePort(option, value);
}

// Adding an option is one row here plus a member in CommandLine.
constexpr std::array kOptions{
    Option{"--config", "", "FILE", "read the configuration from FILE (JSON)",
           [](CommandLine& out, std::string_view, std::string_view value) {
             out.configFile = std::filesystem::path(value);
           }},
    Option{"--print-config", "", "", "print the effective configuration and exit",
           [](CommandLine& out, std::string_view, std::string_view) { out.printConfig = true; }},
    Option{"--print-mr-table", "", "FORMAT", "print the MR protocol table (FORMAT: lua) and exit",
           [](CommandLine& out, std::string_view option, std::string_view value) {
             if (value != "lua") throw UsageError(std::string(option) + ": the only format is lua");
             out.printMrTable = std::string(value);
           }},
    Option{"--log-level", "", "LEVEL", "trace|debug|info|warn|error|critical|off",
           [](CommandLine& out, std::string_view, std::string_view value) {
             // Checked here too so a typo fails before the config file is read.
             if (!choiceOf<LogLevel>(value)) throw UsageError(badLogLevel(value));
             out.logLevel = std::string(value);
           }},
    Option{"--http-port", "", "N", "HTTP REST port (0 = any free port)",
           setPort<&CommandLine::httpPort>},
    Option{"--https-port", "", "N", "HTTPS REST port", setPort<&CommandLine::httpsPort>},
    Option{"--bosh-port", "", "N", "BOSH port", setPort<&CommandLine::boshPort>},
    Option{"--boshs-port", "", "N", "BOSH over TLS port", setPort<&CommandLine::boshsPort>},
    Option{"--mr-port", "", "N", "MR PG link port", setPort<&CommandLine::mrPort>},
    Option{"--store", "", "KIND", "sqlite (durable, the default) or memory (lost at exit)",
           [](CommandLine& out, std::string_view option, std::string_view value) {
             const auto kind = choiceOf<StoreKind>(value);
             if (!kind) throw UsageError(std::string(option) + ": must be " + choiceList<StoreKind>());
             out.store = *kind;
           }},
    Option{"--data-dir", "", "DIR", "where the database and the development certificate live",
           [](CommandLine& out, std::string_view, std::string_view value) { out.dataDir = std::filesystem::path(value); }},
    Option{"--export", "", "FILE", "write stored contacts and transcripts as XML to FILE (- for stdout) and exit",
           [](CommandLine& out, std::string_view, std::string_view value) { out.exportFile = std::filesystem::path(value); }},
    Option{"--help", "-h", "", "show this help and exit",
           [](CommandLine& out, std::string_view, std::string_view) { out.help = true; }},
    Option{"--version", "", "", "show the version and exit",
           [](CommandLine& out, std::string_view, std::string_view) { out.version = true; }},
};

const Option* findOption(std::string_view name) {
  for (const Option& option : kOptions) {
    if (name == option.name || (!option.alias.empty() && name == option.alias)) return &option;
  }
  return nullptr;
}

}  // namespace

CommandLine parseCommandLine(int argc, const char* const* argv) {
  CommandLine result;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.size() < 2 || arg.front() != '-')
      throw UsageError("unexpected argument " + quoted(arg));

    const std::size_t equals = arg.starts_with("--") ? arg.find('=') : std::string_view::npos;
    const std::string_view name = arg.substr(0, equals);
    const Option* option = findOption(name);
    if (option == nullptr) throw UsageError("unknown option " + std::string(name));

    std::string_view value;
    if (option->valueName.empty()) {
      if (equals != std::string_view::npos)
        throw UsageError(std::string(option->name) + " takes no value");
    } else if (equals != std::string_view::npos) {
      value = arg.substr(equals + 1);
    } else if (i + 1 < argc && !std::string_view(argv[i + 1]).starts_with("--")) {
      // A following "--option" means the value was forgotten, not that it
      // is the value.
      value = argv[++i];
    }
    if (!option->valueName.empty() && value.empty())
      throw UsageError(std::string(option->name) + " needs a value");
    option->set(result, option->name, value);
  }
  return result;
}

std::string usageText() {
  std::string text = "Usage: smfront [options]\n\nOptions:\n";
  constexpr std::size_t kHelpColumn = 24;
  for (const Option& option : kOptions) {
    std::string left = "  ";
    if (!option.alias.empty()) left += std::string(option.alias) + ", ";
    left += option.name;
    if (!option.valueName.empty()) left += " " + std::string(option.valueName);
    left.resize(std::max(left.size() + 1, kHelpColumn), ' ');
    text += left + std::string(option.help) + "\n";
  }
  return text;
}

void applyCommandLine(Config& config, const CommandLine& commandLine) {
  if (commandLine.logLevel) {
    const auto level = choiceOf<LogLevel>(*commandLine.logLevel);
    if (!level) throw UsageError(badLogLevel(*commandLine.logLevel));
    config.log.level = *level;
  }
  const std::pair<const std::optional<std::uint16_t>&, std::uint16_t&> ports[] = {
      {commandLine.httpPort, config.listeners.http},
      {commandLine.httpsPort, config.listeners.https},
      {commandLine.boshPort, config.listeners.bosh},
      {commandLine.boshsPort, config.listeners.boshs},
      {commandLine.mrPort, config.listeners.mr},
  };
  for (const auto& [given, port] : ports) {
    if (given) port = *given;
  }
  if (commandLine.store) config.server.store = *commandLine.store;
  if (commandLine.dataDir) config.server.dataDir = *commandLine.dataDir;
}

}  // namespace smfront::config
