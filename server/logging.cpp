#include "logging.hpp"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>

namespace smfront {

namespace {

// The access log names client addresses and what they asked for: readable by
// its owner only, like the store. An existing file is narrowed, and the log says so.
void makeOwnerOnly(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot open access log " + path + ": " + std::strerror(errno));
  struct stat info {};
  if (::fstat(fd, &info) == 0 && (info.st_mode & 077) != 0) {
    if (::fchmod(fd, info.st_mode & 0700) == 0) {
      spdlog::warn("access log {} was readable by others (mode {:o}); it is now owner-only", path,
                   info.st_mode & 0777);
    }
  }
  ::close(fd);
}

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
    // Buffered: a file access log must not cost a write(2) per request. It is
    // flushed every second (below), so a `tail -f` lags by a second at most.
    makeOwnerOnly(log.access);
    sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(log.access);
  }
  auto logger = std::make_shared<spdlog::logger>("access", std::move(sink));
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %v");
  logger->set_level(spdlog::level::info);
  spdlog::register_logger(logger);  // flush_every flushes the registered loggers
  spdlog::flush_every(std::chrono::seconds(1));
  return logger;
}

}  // namespace smfront
