#pragma once
// The REST door's handler chain as every HTTP door serves it: CORS (never on the
// paths of api/cors_exempt_paths.hpp), durable answers, the admin API's media
// type check, then the router: SocialMiner's API under /ccp and /ccp-webapp, and
// the web root for everything else.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "api/admin_media_type.hpp"
#include "api/api_context.hpp"
#include "api/durable_answers.hpp"
#include "api/route_table.hpp"
#include "api/search_routes.hpp"
#include "api/static_files.hpp"
#include "net/cors.hpp"

namespace smfront::api {

class RestApi {
 public:
  RestApi(core::Core& core, std::filesystem::path webRoot);
  RestApi(const RestApi&) = delete;
  RestApi& operator=(const RestApi&) = delete;

  /// What a door serves.
  net::HttpHandler& handler() { return cors_; }
  RouteTable& router() { return router_; }

  /// SocialMiner's routes: chat, admin, callback and task, search, notification
  /// rules. The URLs they write need the doors' public base URLs (`context`), so
  /// they go in once the doors are bound, before anything is served.
  void addRoutes(const std::shared_ptr<const ApiContext>& context, SearchLimits search, telemetry::Registry& metrics,
                 telemetry::LimitRefusals& refusals);
  /// The browsers' origins allowed (limits, ports and names: see net::CorsPolicy).
  void allowOrigins(std::vector<std::string> origins);

 private:
  RouteTable router_;
  AdminMediaType mediaType_{router_};
  DurableAnswers durable_;
  net::CorsFilter cors_;
  StaticFiles webRoot_;
};

}  // namespace smfront::api
