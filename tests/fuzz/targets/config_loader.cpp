// The JSON configuration loader: any text either loads or is refused with ConfigError (never
// another exception), and a loaded configuration printed in full loads back to the same
// printout.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "config/config_loader.hpp"
#include "config/config_printer.hpp"

using namespace smfront;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view json(reinterpret_cast<const char*>(data), size);
  std::string printed;
  try {
    printed = config::toJson(config::parseConfig(json), false);
  } catch (const config::ConfigError&) {
    return 0;
  }
  // A refusal of the printout escapes from here and counts as a crash.
  if (config::toJson(config::parseConfig(printed), false) != printed) std::abort();
  return 0;
}
