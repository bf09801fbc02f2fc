#include "logging.hpp"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace smfront {

namespace {
spdlog::level::level_enum toSpdlog(config::LogLevel level) {
  switch (level) {
    case config::LogLevel::Trace: return spdlog::level::trace;
    case config::LogLevel::Debug: return spdlog::level::debug;
    case config::LogLevel::Info: return spdlog::level::info;
    case config::LogLevel::Warn: return spdlog::level::warn;
    case config::LogLevel::Error: return spdlog::level::err;
    case config::LogLevel::Critical: return spdlog::level::critical;
    case config::LogLevel::Off: return spdlog::level::off;
  }
  return spdlog::level::info;
}
}  // namespace

void setUpApplicationLog(config::LogLevel level) {
  auto logger = std::make_shared<spdlog::logger>("smfront", std::make_shared<spdlog::sinks::stderr_sink_mt>());
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %l %v");
  logger->set_level(toSpdlog(level));
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(std::move(logger));
}

std::shared_ptr<spdlog::logger> makeAccessLog(const config::Log& log) {
  spdlog::sink_ptr sink;
  if (log.access == "off") return nullptr;
  if (log.access == "stderr") {
    sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  } else if (log.access == "stdout") {
    sink = std::make_shared<spdlog::sinks::stdout_sink_mt>();
  } else {
    // Buffered: a file access log must not cost a write(2) per request.
    sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(log.access);
  }
  auto logger = std::make_shared<spdlog::logger>("access", std::move(sink));
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %v");
  logger->set_level(spdlog::level::info);
  return logger;
}

}  // namespace smfront
