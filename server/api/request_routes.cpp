#include "api/request_routes.hpp"


#include "api/admin_guard.hpp"
#include "api/client_rate.hpp"
#include "api/http_util.hpp"
#include "api/representations.hpp"
#include "ccp/callback_task.hpp"
#include "core/contact_status.hpp"

namespace smfront::api {

namespace asio = boost::asio;
using Context = std::shared_ptr<const ApiContext>;

namespace {

void copyCallData(const ccp::CallData& from, core::NewRequest& to) {
  to.callVariables = from.callVariables;
  for (const auto& v : from.eccVariables) to.eccVariables.push_back({v.name, v.value});
  for (const auto& v : from.extensionFields) to.extensionFields.push_back({v.name, v.value});
}

core::NewRequest fromCallback(const ccp::CallbackCreate& c) {
  core::NewRequest r;
  r.type = core::SourceType::Callback;
  r.name = c.name;
  r.title = c.title;
  r.description = c.description;
  r.tags = c.tags;
  r.mediaAddress = c.mediaAddress;
  copyCallData(c.callData, r);
  return r;
}

core::NewRequest fromTask(const ccp::TaskCreate& t) {
  core::NewRequest r;
  r.type = core::SourceType::Task;
  r.name = t.name;
  r.title = t.title;
  r.description = t.description;
  r.tags = t.tags;
  r.scriptSelector = t.scriptSelector.value_or("");
  r.customerUID = t.customerUID.value_or("");
  r.requeueOnRecovery = t.requeueOnRecovery;
  r.mediaType = std::string(ccp::toString(t.mediaType));
  r.podRefURL = t.podRefURL.value_or("");
  copyCallData(t.callData, r);
  return r;
}

// The status resource, in the prefix family the request came in on.
std::string resourceUrl(const std::string& base, std::string_view prefix, std::string_view kind, std::string_view id) {
  return base + std::string(prefix) + "/" + std::string(kind) + "/contact/" + std::string(id);
}

net::Response statusXml(const core::RequestStatus& s, const std::string& refUrl) {
  const auto status = std::string(core::toString(s.status));
  if (s.type == core::SourceType::Callback) {
    return xml(200, ccp::serializeCallbackStatus({s.contactId, refUrl, status, s.statusReason, s.estimatedWaitS}));
  }
  return xml(200, ccp::serializeTaskStatus({status, s.statusReason, s.estimatedWaitS, s.taskId, s.agentId}));
}

asio::awaitable<net::Response> createRequest(Context ctx, std::string prefix, std::string kind, core::SourceType type,
                                             net::Request& request, const PathParams& params, bool fromQuery) {
  const auto feedId = parseInteger(params.get("feedId"));
  if (!feedId) co_return problems({ccp::invalidValue("feed", "the feed id in the path is not a number")});
  const std::string_view input = fromQuery ? request.query() : std::string_view(request.body);
  core::NewRequest newRequest;
  if (type == core::SourceType::Callback) {
    auto parsed = fromQuery ? ccp::parseCallbackQuery(input) : ccp::parseCallbackCreate(input);
    if (!parsed) co_return problems(parsed.problems());
    newRequest = fromCallback(*parsed);
  } else {
    auto parsed = fromQuery ? ccp::parseTaskQuery(input) : ccp::parseTaskCreate(input);
    if (!parsed) co_return problems(parsed.problems());
    newRequest = fromTask(*parsed);
  }
  newRequest.feedId = *feedId;
  if (auto refusal = overNewContactRate(*ctx, request.remoteAddress)) co_return std::move(*refusal);
  auto made = co_await ctx->core.call([&] { return ctx->services.requests.create(newRequest); });
  if (!made) co_return refused(made.refusal());
  auto r = net::Response::text(201, "");
  r.headers.set("Location", resourceUrl(baseUrl(request, ctx->publicBaseUrl), prefix, kind, made->id));
  co_return r;
}

// One kind of request (callback or task) under one prefix.
void addKind(RouteTable& router, Context ctx, std::string prefix, std::string kind, core::SourceType type) {
  const std::string feedPath = prefix + "/" + kind + "/feed/{feedId}";
  router.add("POST", feedPath, [ctx, prefix, kind, type](net::Request& request, const PathParams& params) {
    return createRequest(ctx, prefix, kind, type, request, params, false);
  });
  router.add(
      "GET", feedPath,
      [ctx, prefix, kind, type](net::Request& request, const PathParams& params) {
        return createRequest(ctx, prefix, kind, type, request, params, true);
      },
      RouteTable::Effect::Changes);

  const std::string contactPath = prefix + "/" + kind + "/contact/{id}";
  router.add("GET", contactPath, [ctx, prefix, kind, type](net::Request& request, const PathParams& params) -> asio::awaitable<net::Response> {
    const std::string id(params.get("id"));
    auto status = co_await ctx->core.call([&] { return ctx->services.requests.poll(id, type); });
    if (!status) co_return refused(status.refusal());
    auto r = statusXml(status.value(), resourceUrl(baseUrl(request, ctx->publicBaseUrl), prefix, kind, id));
    r.headers.set("Cache-Control", "no-store");
    co_return r;
  });
  router.add("DELETE", contactPath, [ctx, prefix, kind, type](net::Request& request, const PathParams& params) -> asio::awaitable<net::Response> {
    const std::string id(params.get("id"));
    auto status = co_await ctx->core.call([&] { return ctx->services.requests.cancel(id, type); });
    if (!status) co_return refused(status.refusal());
    co_return statusXml(status.value(), resourceUrl(baseUrl(request, ctx->publicBaseUrl), prefix, kind, id));
  });
}

}  // namespace

void addRequestRoutes(RouteTable& router, Context ctx) {
  for (const std::string prefix : {"/ccp", "/ccp/rest"}) {
    addKind(router, ctx, prefix, "callback", core::SourceType::Callback);
    addKind(router, ctx, prefix, "task", core::SourceType::Task);
  }

  router.add("PUT", "/ccp-webapp/ccp/task/{id}/renotify",
             [ctx](net::Request& request, const PathParams& params) -> asio::awaitable<net::Response> {
               auto auth = authorize(*ctx, request, Need::Admin, "renotify tasks");
               if (auto* refusal = std::get_if<net::Response>(&auth)) co_return std::move(*refusal);
               auto renotify = ccp::parseTaskRenotify(request.body);
               if (!renotify) co_return problems(renotify.problems());
               const std::string id(params.get("id"));
               auto done = co_await ctx->core.call(
                   [&] { return ctx->services.requests.renotify(id, renotify->scriptSelector); });
               co_return done ? net::Response::text(200, "") : refused(done.refusal());
             });
}

}  // namespace smfront::api
