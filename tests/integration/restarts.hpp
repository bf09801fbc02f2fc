#pragma once
// One data directory that outlives the smfront processes started on it, for
// tests of what survives a restart or a kill -9.
#include <boost/json/object.hpp>
#include <filesystem>
#include <memory>
#include <string>

#include "support/http_client.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace smfront::testing {

class Restarts {
 public:
  /// `overrides` go into every run's test configuration (testConfig()).
  explicit Restarts(boost::json::object overrides);

  /// The next start() uses `overrides` instead, as an operator editing the
  /// configuration between two runs.
  void reconfigure(boost::json::object overrides) { overrides_ = std::move(overrides); }
  /// Stops the previous process (SIGKILL if it still runs) and starts a new one.
  SmfrontProcess& start();
  SmfrontProcess& process() { return *process_; }
  int port(std::string_view door = "http") { return process_->port(door); }
  std::filesystem::path dataDir() const { return dir_.file("data"); }

  /// One request as admin:secret.
  HttpResponse call(const std::string& method, const std::string& target, const std::string& body = {});

 private:
  TempDir dir_;
  boost::json::object overrides_;
  std::unique_ptr<SmfrontProcess> process_;
};

}  // namespace smfront::testing
