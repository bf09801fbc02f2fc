#pragma once
// Starts one smfront per test on loopback with every door on port 0, a web root
// of its own and the shared development certificate.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <memory>
#include <string>

#include "support/http_client.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace smfront::testing {

/// The test configuration; `overrides` is merged into it key by key (one level
/// of nesting), e.g. {"http": {"read_timeout_ms": 300}}.
boost::json::object testConfig(const TempDir& dir, const boost::json::object& overrides = {});
/// The "users" list of one administrator, admin:secret (Basic YWRtaW46c2VjcmV0).
boost::json::array adminUsers();
/// The same administrator and two agents, mary:pw and bob:pw; their Basic credentials below.
boost::json::array adminAndTwoAgents();
inline constexpr const char* kAdmin = "Basic YWRtaW46c2VjcmV0";
inline constexpr const char* kMary = "Basic bWFyeTpwdw==";
inline constexpr const char* kBob = "Basic Ym9iOnB3";

class ServerFixture {
 public:
  explicit ServerFixture(const boost::json::object& overrides = {}, std::vector<std::string> extraArgs = {});

  SmfrontProcess& process() { return *process_; }
  int port(std::string_view door) const { return process_->port(door); }
  const TempDir& dir() const { return dir_; }
  std::filesystem::path webRoot() const { return dir_.file("web"); }

  /// A connected plain client on the HTTP door.
  HttpClient http();
  /// A connected HTTPS client that trusts the development CA.
  HttpClient https(const TlsOptions& options = {});

 private:
  TempDir dir_;
  std::unique_ptr<SmfrontProcess> process_;
};

}  // namespace smfront::testing
