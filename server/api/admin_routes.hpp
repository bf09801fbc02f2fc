#pragma once
// SocialMiner's administration API under /ccp-webapp/ccp/: feeds, campaigns,
// social contacts and their transcripts, behind HTTP Basic.
#include <memory>

#include "api/api_context.hpp"
#include "api/route_table.hpp"

namespace smfront::api {

void addAdminRoutes(RouteTable& router, std::shared_ptr<const ApiContext> context);

}  // namespace smfront::api
