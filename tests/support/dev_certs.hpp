#pragma once

#include <string>

namespace smfront::testing {

// A development CA and a server certificate for localhost / 127.0.0.1 / ::1, made by
// certs/make-dev-certs.sh. Paths are absolute.
struct DevCerts {
  std::string dir{};
  std::string caCert{};
  std::string serverCert{};
  std::string serverKey{};
};

// Runs certs/make-dev-certs.sh once per test process, into a temporary directory that
// lives until the process exits, so every test shares one CA (key generation is the
// slow part). Throws std::runtime_error with the script's output if it fails.
const DevCerts& devCerts();

}  // namespace smfront::testing
