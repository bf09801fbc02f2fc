#pragma once

// The one JSON line the callback mode prints. Keys are flat, or one object
// deep, so that shell scripts can pick them out with sed.

#include <string>

#include "callbacks.hpp"
#include "options.hpp"

namespace smload {

std::string callbackJson(const Options& options, const CallbackResult& result);

}  // namespace smload
