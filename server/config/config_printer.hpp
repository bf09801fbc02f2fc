#pragma once

// The effective configuration as JSON, for --print-config and the logs.

#include <string>

#include "config/config.hpp"

namespace smfront::config {

// Pretty-printed, with every key present (defaults included) in the file's own
// layout. Unmasked output re-parses to an equal Config; masked output shows
// passwords as "******" so it can be pasted into tickets.
std::string toJson(const Config& config, bool maskSecrets = true);

}  // namespace smfront::config
