#pragma once
// What the route files share: the core, its services, the accounts and the
// URLs the configuration sets.
#include <string>

#include "api/auth.hpp"
#include "core/core.hpp"
#include "core/services.hpp"

namespace smfront::api {

struct ApiContext {
  core::Core& core;
  core::Services& services;
  Accounts accounts;
  std::string publicBaseUrl;    // empty: from the request
  std::string chatRedirectUrl;  // empty: <base>/chat.html?resume=1
};

}  // namespace smfront::api
