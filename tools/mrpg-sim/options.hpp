#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "mr/table.hpp"

namespace smfront::mrpgsim {

using Duration = std::chrono::milliseconds;

/// The command line of mrpg-sim (mr-protocol.md §11).
struct Options {
  struct App {
    std::string host;
    std::string port;
  };
  std::vector<App> apps;  ///< --app host:port, tried in turn
  bool tls = false;
  std::string caFile;
  Duration reconnect{std::chrono::seconds(mr::kReconnectSeconds)};

  std::uint32_t version = mr::kVersionNumber;
  std::uint32_t idleSeconds = mr::kIdleTimeoutSeconds;
  std::uint32_t peripheralId = mr::kDefaultPeripheralId;
  Duration heartbeat{std::chrono::seconds(mr::kHeartbeatSeconds)};
  mr::FloatWidth floatWidth = mr::FloatWidth::TwoTwo;

  std::vector<std::string> agents{"mary", "john"};
  Duration handleTime{std::chrono::seconds(60)};
  std::vector<std::uint32_t> mrds{mr::kMrdCallback, mr::kMrdTask, mr::kMrdChat};
  std::vector<std::string> selectors;  ///< empty: any
  Duration delayMin{500};
  Duration delayMax{500};
  std::optional<std::uint32_t> ewtSeconds;
  bool noQueue = false;

  double failRate = 0;
  mr::ErrorCode failCode = mr::ErrorCode::TaskAbandonedInRouter;
  double rejectRate = 0;
  std::optional<std::uint64_t> dropAfter;
  std::optional<Duration> silentAfter;
  std::optional<Duration> routingDownAt;
  Duration routingDownFor{0};
  double garbageRate = 0;

  std::uint64_t seed = 1;
  bool once = false;
  bool monoTime = false;  ///< "t" is CLOCK_MONOTONIC, not time since start
};

/// A command line that cannot be used; the message names the option.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Result of parsing: options, or a request for --help.
struct Parsed {
  Options options;
  bool help = false;
};

/// @brief Parses argv (without the program name); throws UsageError.
Parsed parseOptions(const std::vector<std::string>& args);

/// @brief "10", "1.5", "500ms", "2s", "1m" -> milliseconds; a bare number is seconds.
std::optional<Duration> parseDuration(const std::string& text);

/// @brief The --help text.
std::string usage();

}  // namespace smfront::mrpgsim
