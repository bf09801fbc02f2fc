#pragma once
// A real Prosody on loopback for the outbound XMPP tests and bench/notify: its
// own temp directory (config, data, self-signed certificate), run in the
// foreground and stopped by its pid (spec bosh-xmpp 12.2).
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace smfront::testing {

/// Whether the prosody and prosodyctl programs are installed.
bool prosodyInstalled();

/// A free TCP port on 127.0.0.1 (bound and released; fine for loopback tests).
int freeLoopbackPort();

struct ProsodyOptions {
  std::string domain = "localhost";
  /// The name in the server certificate; something else than the domain makes it mismatch.
  std::string certificateName = "localhost";
  bool requireEncryption = false;
  std::vector<std::string> extraModules{};
};

class Prosody {
 public:
  explicit Prosody(ProsodyOptions options = {});
  ~Prosody();
  Prosody(const Prosody&) = delete;
  Prosody& operator=(const Prosody&) = delete;

  /// Starts the server and waits until its c2s port is listening; throws on failure.
  /// Restarting after stop() keeps the port, the data and the users.
  void start(std::chrono::milliseconds deadline = std::chrono::seconds(20));
  /// SIGTERM to its pid, then waits for the exit.
  void stop();
  bool running() const { return process_ != nullptr; }

  /// Creates an account (works while running or stopped); throws on failure.
  void addUser(const std::string& user, const std::string& password);

  int c2sPort() const { return c2sPort_; }
  const std::string& domain() const { return options_.domain; }
  /// The self-signed server certificate, usable as a CA file.
  std::filesystem::path certificate() const { return dir_.file("server.crt"); }
  pid_t pid() const;
  std::string log() const;

 private:
  void writeConfig();
  std::filesystem::path configFile() const { return dir_.file("prosody.cfg.lua"); }

  ProsodyOptions options_;
  TempDir dir_;
  int c2sPort_ = 0;
  int httpPort_ = 0;
  std::unique_ptr<SmfrontProcess> process_;
  std::string previousLogs_;
};

}  // namespace smfront::testing
