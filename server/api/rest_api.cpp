#include "api/rest_api.hpp"

#include "api/admin_routes.hpp"
#include "api/chat_routes.hpp"
#include "api/cors_exempt_paths.hpp"
#include "api/notify_routes.hpp"
#include "api/request_routes.hpp"

namespace smfront::api {

RestApi::RestApi(core::Core& core, std::filesystem::path webRoot)
    : durable_(mediaType_, core, [this](const net::Request& request) { return router_.mayChange(request); }),
      cors_(durable_, net::CorsPolicy(), pathsWithoutCors()), webRoot_(std::move(webRoot)) {
  router_.addApiPrefix("/ccp-webapp");
  router_.addApiPrefix("/ccp");
  router_.setFallback([this](net::Request& request, const PathParams&) -> boost::asio::awaitable<net::Response> {
    co_return webRoot_.serve(request);
  });
}

void RestApi::addRoutes(const std::shared_ptr<const ApiContext>& context, SearchLimits search,
                        telemetry::Registry& metrics, telemetry::LimitRefusals& refusals) {
  addChatRoutes(router_, context);
  addAdminRoutes(router_, context);
  addRequestRoutes(router_, context);
  addSearchRoutes(router_, context, std::move(search), metrics, refusals);
  addNotifyRoutes(router_, context);
}

void RestApi::allowOrigins(std::vector<std::string> origins) { cors_.setPolicy(net::CorsPolicy(std::move(origins))); }

}  // namespace smfront::api
