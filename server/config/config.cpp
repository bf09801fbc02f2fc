#include "config/config.hpp"


namespace smfront::config {


Config defaults() { return Config{}; }

std::filesystem::path certFile(const Config& config) {
  if (!config.tls.cert.empty()) return config.tls.cert;
  return config.server.dataDir / "certs" / "server.crt";
}

std::filesystem::path keyFile(const Config& config) {
  if (!config.tls.key.empty()) return config.tls.key;
  return config.server.dataDir / "certs" / "server.key";
}

}  // namespace smfront::config
