#pragma once
// The table of the whole configuration document (config/settings.hpp): what
// the loader reads and the printer writes, setting by setting.
#include "config/config.hpp"
#include "config/settings.hpp"

namespace smfront::config::detail {

const Section<Config>& documentSection();

}  // namespace smfront::config::detail
