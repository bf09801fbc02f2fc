#pragma once
// Notification rules and the outbound XMPP server record (spec
// socialminer-rest 8.5, 8.6): /ccp-webapp/ccp/notificationrule and
// /ccp-webapp/ccp/xmpp/default, admin only.
#include <memory>

#include "api/api_context.hpp"
#include "api/route_table.hpp"

namespace smfront::api {

void addNotifyRoutes(RouteTable& router, std::shared_ptr<const ApiContext> context);

}  // namespace smfront::api
