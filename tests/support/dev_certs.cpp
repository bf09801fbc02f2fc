#include "support/dev_certs.hpp"

#include <chrono>
#include <stdexcept>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace smfront::testing {
namespace {

DevCerts makeDevCerts() {
  // Static so the directory outlives every test and is removed at process exit.
  static TempDir dir("smfront-certs");
  const auto script = sourceDir() / "certs" / "make-dev-certs.sh";
  std::string output;
  // Through bash, so the script works even where its executable bit was lost.
  const int status = runProgram({"/bin/bash", script.string(), dir.path().string()},
                                std::chrono::seconds(60), &output);
  if (status != 0) {
    throw std::runtime_error(script.string() + " failed with status " + std::to_string(status) +
                             (status == -1 ? " (timed out)" : "") + ":\n" + output);
  }
  return {dir.path().string(), dir.file("ca.crt").string(), dir.file("server.crt").string(),
          dir.file("server.key").string()};
}

}  // namespace

const DevCerts& devCerts() {
  static const DevCerts certs = makeDevCerts();
  return certs;
}

}  // namespace smfront::testing
