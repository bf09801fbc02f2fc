#pragma once
// The customer chat API (SocialMiner's /ccp/chat), on both /ccp and /ccp/rest.
#include <memory>

#include "api/api_context.hpp"
#include "api/route_table.hpp"

namespace smfront::api {

void addChatRoutes(RouteTable& router, std::shared_ptr<const ApiContext> context);

}  // namespace smfront::api
