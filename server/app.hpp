#pragma once
// The process: one io_context, the core, the doors, and a graceful stop.
#include <filesystem>

#include "config/config.hpp"

namespace smfront {

/// Builds everything from `config`, prints the listening line, serves until
/// SIGINT/SIGTERM, and returns the exit code. Throws what a door throws when it
/// cannot start (net::BindError, net::TlsError).
int runServer(const config::Config& config);

/// Writes what the store holds as XML to `file` ("-" for stdout) and returns
/// the exit code. Throws store::StoreOpenError when the file cannot be used.
int exportStore(const config::Config& config, const std::filesystem::path& file);

}  // namespace smfront
