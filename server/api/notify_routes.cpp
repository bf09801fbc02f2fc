#include "api/notify_routes.hpp"

#include "api/admin_guard.hpp"
#include "ccp/notification_rule.hpp"
#include "ccp/xmpp_config.hpp"

namespace smfront::api {

namespace asio = boost::asio;
using Context = std::shared_ptr<const ApiContext>;

namespace {

std::string ruleUrl(const std::string& base, std::int64_t id) {
  return base + std::string(kAdmin) + "/notificationrule/" + std::to_string(id);
}

// The fields the wire and the domain rule name and type alike; the two
// conversions below add the ones that differ.
template <class From, class To>
void copySameNamedRuleFields(const From& r, To& out) {
  out.name = r.name;
  out.description = r.description;
  out.tags = r.tags;
  out.targets = r.targets;
  out.subject = r.subject;
  out.body = r.body;
  out.httpUrl = r.httpUrl;
  out.alternateHttpUrl = r.alternateHttpUrl;
  out.httpUsername = r.httpUsername;
  out.httpPassword = r.httpPassword;
  out.sslVerifyCertificates = r.sslVerifyCertificates;
  out.scriptSelector = r.scriptSelector;
}

ccp::NotificationRule toCcpRule(const core::NotificationRule& r, const std::string& base) {
  ccp::NotificationRule out;
  out.id = r.id;
  copySameNamedRuleFields(r, out);
  out.type = static_cast<ccp::RuleType>(r.type);
  out.campaignUrl = base + std::string(kAdmin) + "/campaign/" + r.campaign;
  if (r.type == core::RuleType::Cce) out.mediaRoutingDomainId = r.mediaRoutingDomainId;
  out.changeStamp = r.changeStamp;
  out.refURL = ruleUrl(base, r.id);
  return out;
}

// The caller validated `r`, so its campaignUrl names a campaign.
core::NotificationRule toCoreRule(const ccp::NotificationRule& r) {
  core::NotificationRule out;
  copySameNamedRuleFields(r, out);
  out.type = static_cast<core::RuleType>(r.type);
  out.campaign = ccp::campaignIdFromRefUrl(r.campaignUrl).value_or("");
  out.mediaRoutingDomainId = r.mediaRoutingDomainId.value_or(0);
  return out;
}

ccp::XmppConfig toCcpXmpp(const core::XmppSettings& s) {
  ccp::XmppConfig out;
  out.xmppEnabled = s.enabled;
  out.xmppHost = s.host;
  out.xmppPort = s.port;
  out.xmppService = s.service;
  out.xmppServiceLookup = s.serviceLookup;
  out.xmppServiceUsername = s.username;
  out.xmppServicePassword = s.password;
  return out;
}

core::XmppSettings toCoreXmpp(const ccp::XmppConfig& c) {
  return {.enabled = c.xmppEnabled,
          .host = c.xmppHost,
          .port = c.xmppPort,
          .service = c.xmppService,
          .serviceLookup = c.xmppServiceLookup,
          .username = c.xmppServiceUsername,
          .password = c.xmppServicePassword};
}

std::optional<core::NotificationRule> findRule(const ApiContext& c, std::optional<std::int64_t> id) {
  const core::NotificationRule* r = id ? c.services.notifications.rule(*id) : nullptr;
  return r ? std::optional<core::NotificationRule>(*r) : std::nullopt;
}

void addRuleRoutes(RouteTable& router, Context ctx) {
  const std::string rules = std::string(kAdmin) + "/notificationrule";
  router.add("POST", rules, guarded(ctx, Need::Admin, "create notification rules",
      [](const ApiContext& c, net::Request& request, const PathParams&, const Account&) -> asio::awaitable<net::Response> {
        auto parsed = ccp::parseNotificationRule(request.body);
        if (!parsed) co_return problems(parsed.problems());
        auto made = co_await c.core.call([&] { return c.services.notifications.createRule(toCoreRule(*parsed)); });
        if (!made) co_return refused(made.refusal());
        co_return created(ruleUrl(baseUrl(request, c.publicBaseUrl), made->id));
      }));

  router.add("GET", rules, guarded(ctx, Need::Admin, "list notification rules",
      [](const ApiContext& c, net::Request& request, const PathParams&, const Account&) -> asio::awaitable<net::Response> {
        const auto all = co_await c.core.call([&] { return c.services.notifications.rules(); });
        const std::string base = baseUrl(request, c.publicBaseUrl);
        std::vector<ccp::NotificationRule> out;
        for (const auto& r : all) out.push_back(toCcpRule(r, base));
        co_return xml(200, ccp::serializeNotificationRules(out));
      }));

  router.add("GET", rules + "/{id}", guarded(ctx, Need::Admin, "read notification rules",
      [](const ApiContext& c, net::Request& request, const PathParams& params, const Account&) -> asio::awaitable<net::Response> {
        const auto id = parseInteger(params.get("id"));
        auto rule = co_await c.core.call([&] { return findRule(c, id); });
        if (!rule) co_return notFound("notificationrule", params.get("id"));
        co_return xml(200, ccp::serializeNotificationRule(toCcpRule(*rule, baseUrl(request, c.publicBaseUrl))));
      }));

  router.add("PUT", rules + "/{id}", guarded(ctx, Need::Admin, "change notification rules",
      [](const ApiContext& c, net::Request& request, const PathParams& params, const Account&) -> asio::awaitable<net::Response> {
        const auto id = parseInteger(params.get("id"));
        auto update = ccp::parseNotificationRuleUpdate(request.body);
        if (!update) co_return problems(update.problems());
        auto current = co_await c.core.call([&] { return findRule(c, id); });
        if (!current) co_return notFound("notificationrule", params.get("id"));
        // The merged rule must pass the create checks; the stamp check below
        // refuses it if someone changed the rule since it was read.
        auto wire = toCcpRule(*current, baseUrl(request, c.publicBaseUrl));
        ccp::applyNotificationRuleUpdate(wire, *update);
        if (auto found = ccp::validateNotificationRule(wire); !found.empty()) co_return problems(found);
        const core::NotificationRule merged = toCoreRule(wire);
        auto changed = co_await c.core.call([&] {
          return c.services.notifications.updateRule(*id, update->changeStamp, [&](core::NotificationRule& r) {
            const auto keepId = r.id;
            const auto keepStamp = r.changeStamp;
            r = merged;
            r.id = keepId;
            r.changeStamp = keepStamp;
          });
        });
        co_return changed ? ok() : refused(changed.refusal());
      }));

  router.add("DELETE", rules + "/{id}", guarded(ctx, Need::Admin, "delete notification rules",
      [](const ApiContext& c, net::Request& request, const PathParams& params, const Account&) -> asio::awaitable<net::Response> {
        const auto id = parseInteger(params.get("id"));
        if (!id) co_return notFound("notificationrule", params.get("id"));
        const auto stamp = changeStampParam(request);
        auto gone = co_await c.core.call([&] { return c.services.notifications.deleteRule(*id, stamp); });
        co_return gone ? ok() : refused(gone.refusal());
      }));
}

void addXmppRoutes(RouteTable& router, Context ctx) {
  const std::string xmpp = std::string(kAdmin) + "/xmpp/default";
  router.add("GET", xmpp, guarded(ctx, Need::Admin, "read the XMPP settings",
      [xmpp](const ApiContext& c, net::Request& request, const PathParams&, const Account&) -> asio::awaitable<net::Response> {
        const auto settings = co_await c.core.call([&] { return c.services.notifications.xmpp(); });
        auto wire = toCcpXmpp(settings);
        wire.refURL = baseUrl(request, c.publicBaseUrl) + xmpp;
        co_return xml(200, ccp::serializeXmppConfig(wire));
      }));

  router.add("PUT", xmpp, guarded(ctx, Need::Admin, "change the XMPP settings",
      [](const ApiContext& c, net::Request& request, const PathParams&, const Account&) -> asio::awaitable<net::Response> {
        auto update = ccp::parseXmppConfigUpdate(request.body);
        if (!update) co_return problems(update.problems());
        auto found = co_await c.core.call([&]() -> ccp::Problems {
          auto wire = toCcpXmpp(c.services.notifications.xmpp());
          auto problems = ccp::applyXmppConfigUpdate(wire, *update);
          if (problems.empty()) c.services.notifications.setXmpp(toCoreXmpp(wire));
          return problems;
        });
        co_return found.empty() ? ok() : problems(found);
      }));
}

}  // namespace

void addNotifyRoutes(RouteTable& router, Context ctx) {
  addRuleRoutes(router, ctx);
  addXmppRoutes(router, ctx);
}

}  // namespace smfront::api
