#pragma once
// The contact search (SocialMiner's /ccp-webapp/ccp/search/contacts).
#include <memory>

#include "api/api_context.hpp"
#include "api/router.hpp"

namespace smfront::api {

void addSearchRoutes(Router& router, std::shared_ptr<const ApiContext> context);

}  // namespace smfront::api
