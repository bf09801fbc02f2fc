#pragma once
// Callback and task requests (SocialMiner's /ccp/callback and /ccp/task, on
// both /ccp and /ccp/rest), and the admin's task renotify.
#include <memory>

#include "api/api_context.hpp"
#include "api/route_table.hpp"

namespace smfront::api {

void addRequestRoutes(RouteTable& router, std::shared_ptr<const ApiContext> context);

}  // namespace smfront::api
