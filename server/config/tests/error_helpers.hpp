#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "config/config_loader.hpp"

namespace smfront::config::testing {

// The messages parseConfig() reports for `json`; empty when it loads.
inline std::vector<std::string> errorsOf(std::string_view json) {
  try {
    parseConfig(json);
  } catch (const ConfigError& error) {
    return error.errors();
  }
  return {};
}

}  // namespace smfront::config::testing
