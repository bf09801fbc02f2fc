#pragma once
// What the route files share: the core, its services, the accounts and the
// URLs the configuration sets.
#include <cstddef>
#include <string>

#include "api/auth.hpp"
#include "api/public_base_url.hpp"
#include "core/core.hpp"
#include "core/services.hpp"

namespace smfront::api {

struct ApiContext {
  core::Core& core;
  core::Services& services;
  Accounts accounts;
  PublicBaseUrls publicBaseUrl;  // <base> of the URLs written, per door
  std::string chatRedirectUrl;   // empty: <base>/chat.html?resume=1
  std::size_t chatMessageChars = 10000;  // limits.chat_message_chars
};

}  // namespace smfront::api
