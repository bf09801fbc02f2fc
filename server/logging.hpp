#pragma once
// Logging set-up: the application log on stderr, the access log where the
// config says. stdout carries only machine-readable event lines.
#include <memory>

#include "config/config.hpp"

namespace spdlog {
class logger;
}

namespace smfront {

void setUpApplicationLog(config::LogLevel level);
/// Null when the access log is off.
std::shared_ptr<spdlog::logger> makeAccessLog(const config::Log& log);

}  // namespace smfront
