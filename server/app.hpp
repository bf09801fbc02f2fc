#pragma once
// The process: one io_context, the core, the doors, and a graceful stop.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "config/config.hpp"

namespace smfront {

/// The whole server, built from a configuration: a test can run it in-process
/// as main() does.
class Server {
 public:
  /// Opens the store, restores the domain and binds every door (port 0: any
  /// free port). Throws what a door throws when it cannot start
  /// (net::BindError, net::TlsError) and store::StoreOpenError.
  explicit Server(const config::Config& config);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Each door's name ("http", "https", "bosh", "boshs", and "mr" with MR routing)
  /// and the port it is bound to.
  std::vector<std::pair<std::string, std::uint16_t>> ports() const;
  /// SIGINT and SIGTERM stop the server gracefully (a second one: now).
  void stopOnSignals();
  /// Starts accepting on every door.
  void start();
  /// Serves on the configured number of threads until a stop completes, then
  /// closes the store. Call once, after start().
  void run();
  /// Begins a graceful stop, as SIGTERM does: no new connections, in-flight
  /// requests finish within server.shutdown_grace_ms. Safe from any thread.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Builds the server from `config`, prints the listening line, serves until
/// SIGINT/SIGTERM, and returns the exit code. Throws what Server() throws.
int runServer(const config::Config& config);

/// Writes what the store holds as XML to `file` ("-" for stdout) and returns
/// the exit code. Throws store::StoreOpenError when the file cannot be used.
int exportStore(const config::Config& config, const std::filesystem::path& file);

}  // namespace smfront
