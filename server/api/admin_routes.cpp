#include "api/admin_routes.hpp"

#include <variant>

#include "api/admin_guard.hpp"
#include "api/http_util.hpp"
#include "api/representations.hpp"
#include "ccp/campaign_results.hpp"
#include "ccp/reply_template.hpp"
#include "ccp/search_results.hpp"
#include "core/campaign_members.hpp"
#include "core/contact_status.hpp"
#include "core/push_contacts.hpp"

namespace smfront::api {

namespace asio = boost::asio;
using Context = std::shared_ptr<const ApiContext>;

namespace {

constexpr std::int64_t kResultsPage = 50;  // entries per page of a campaign's results

void addFeedRoutes(RouteTable& router, Context ctx) {
  const std::string feeds = std::string(kAdmin) + "/feed";
  router.add("POST", feeds, guarded(ctx, Need::Admin, "create feeds",
      [](const ApiContext& c, net::Request& request, const PathParams&, const Account&) -> asio::awaitable<net::Response> {
        auto parsed = ccp::parseFeed(request.body);
        if (!parsed) co_return problems(parsed.problems());
        auto feed = co_await c.core.call([&] { return c.services.catalog.createFeed(toCoreFeed(*parsed)); });
        if (!feed) co_return refused(feed.refusal());
        co_return created(feedUrl(baseUrl(request, c.publicBaseUrl), feed->id));
      }));

  router.add("GET", feeds, guarded(ctx, Need::Admin, "list feeds",
      [](const ApiContext& c, net::Request& request, const PathParams&, const Account&) -> asio::awaitable<net::Response> {
        const auto all = co_await c.core.call([&] { return c.services.catalog.feeds(); });
        const std::string base = baseUrl(request, c.publicBaseUrl);
        std::vector<ccp::Feed> out;
        for (const auto& f : all) out.push_back(toCcpFeed(f, base));
        const auto summary = queryParam(request, "summary");
        co_return xml(200, ccp::serializeFeeds(out, summary && net::equalsIgnoreCase(*summary, "true")));
      }));

  router.add("GET", feeds + "/{id}", guarded(ctx, Need::Admin, "read feeds",
      [](const ApiContext& c, net::Request& request, const PathParams& params, const Account&) -> asio::awaitable<net::Response> {
        const auto id = parseInteger(params.get("id"));
        auto feed = co_await c.core.call([&]() -> std::optional<core::Feed> {
          const core::Feed* f = id ? c.services.catalog.feed(*id) : nullptr;
          return f ? std::optional<core::Feed>(*f) : std::nullopt;
        });
        if (!feed) co_return notFound("feed", params.get("id"));
        co_return xml(200, ccp::serializeFeed(toCcpFeed(*feed, baseUrl(request, c.publicBaseUrl))));
      }));

  router.add("PUT", feeds + "/{id}", guarded(ctx, Need::Admin, "change feeds",
      [](const ApiContext& c, net::Request& request, const PathParams& params, const Account&) -> asio::awaitable<net::Response> {
        const auto id = parseInteger(params.get("id"));
        if (!id) co_return notFound("feed", params.get("id"));
        auto update = ccp::parseFeedUpdate(request.body);
        if (!update) co_return problems(update.problems());
        const std::string base = baseUrl(request, c.publicBaseUrl);
        auto changed = co_await c.core.call([&] {
          return c.services.catalog.updateFeed(*id, update->changeStamp, [&](core::Feed& feed) {
            auto wire = toCcpFeed(feed, base);
            ccp::applyFeedUpdate(wire, *update);
            feed = toCoreFeed(wire);
          });
        });
        co_return changed ? ok() : refused(changed.refusal());
      }));

  router.add("DELETE", feeds + "/{id}", guarded(ctx, Need::Admin, "delete feeds",
      [](const ApiContext& c, net::Request& request, const PathParams& params, const Account&) -> asio::awaitable<net::Response> {
        const auto id = parseInteger(params.get("id"));
        if (!id) co_return notFound("feed", params.get("id"));
        const auto stamp = changeStampParam(request);
        auto gone = co_await c.core.call([&] { return c.services.catalog.deleteFeed(*id, stamp); });
        co_return gone ? ok() : refused(gone.refusal());
      }));
}

ccp::ReplyTemplate toCcpTemplate(const core::ReplyTemplate& t, const std::string& base) {
  return {t.changeStamp, t.name, base + std::string(kAdmin) + "/template/reply/" + std::to_string(t.id), t.systemDefined,
          t.templateURL};
}

// Cisco's Reply Template API: feeds name one in replyTemplateRefURL; agents' desktops read them.
void addTemplateRoutes(RouteTable& router, Context ctx) {
  const std::string templates = std::string(kAdmin) + "/template/reply";
  router.add("POST", templates, guarded(ctx, Need::Admin, "create reply templates",
      [](const ApiContext& c, net::Request& request, const PathParams&, const Account&) -> asio::awaitable<net::Response> {
        auto parsed = ccp::parseReplyTemplate(request.body, true);
        if (!parsed) co_return problems(parsed.problems());
        auto made = co_await c.core.call([&] { return c.services.replyTemplates.create(*parsed->name, *parsed->templateURL); });
        if (!made) co_return refused(made.refusal());
        co_return created(baseUrl(request, c.publicBaseUrl) + std::string(kAdmin) + "/template/reply/" +
                          std::to_string(made.value().id));
      }));

  router.add("GET", templates, guarded(ctx, Need::AgentOrAdmin, "read reply templates",
      [](const ApiContext& c, net::Request& request, const PathParams&, const Account&) -> asio::awaitable<net::Response> {
        const auto all = co_await c.core.call([&] { return c.services.replyTemplates.list(); });
        const std::string base = baseUrl(request, c.publicBaseUrl);
        std::vector<ccp::ReplyTemplate> out;
        for (const auto& t : all) out.push_back(toCcpTemplate(t, base));
        co_return xml(200, ccp::serializeReplyTemplates(out));
      }));

  router.add("GET", templates + "/{id:number}", guarded(ctx, Need::AgentOrAdmin, "read reply templates",
      [](const ApiContext& c, net::Request& request, const PathParams& params, const Account&) -> asio::awaitable<net::Response> {
        const auto id = parseInteger(params.get("id"));
        auto found = co_await c.core.call([&]() -> std::optional<core::ReplyTemplate> {
          const core::ReplyTemplate* t = id ? c.services.replyTemplates.find(*id) : nullptr;
          return t ? std::optional<core::ReplyTemplate>(*t) : std::nullopt;
        });
        if (!found) co_return notFound("reply template", params.get("id"));
        co_return xml(200, ccp::serializeReplyTemplate(toCcpTemplate(*found, baseUrl(request, c.publicBaseUrl))));
      }));

  router.add("PUT", templates + "/{id:number}", guarded(ctx, Need::Admin, "change reply templates",
      [](const ApiContext& c, net::Request& request, const PathParams& params, const Account&) -> asio::awaitable<net::Response> {
        const auto id = parseInteger(params.get("id"));
        if (!id) co_return notFound("reply template", params.get("id"));
        auto update = ccp::parseReplyTemplate(request.body, false);
        if (!update) co_return problems(update.problems());
        auto changed = co_await c.core.call([&] {
          return c.services.replyTemplates.update(*id, *update->changeStamp, [&](core::ReplyTemplate& t) {
            if (update->name) t.name = *update->name;
            if (update->templateURL) t.templateURL = *update->templateURL;
          });
        });
        co_return changed ? ok() : refused(changed.refusal());
      }));

  router.add("DELETE", templates + "/{id:number}", guarded(ctx, Need::Admin, "delete reply templates",
      [](const ApiContext& c, net::Request& request, const PathParams& params, const Account&) -> asio::awaitable<net::Response> {
        const auto id = parseInteger(params.get("id"));
        if (!id) co_return notFound("reply template", params.get("id"));
        const auto stamp = changeStampParam(request);
        auto gone = co_await c.core.call([&] { return c.services.replyTemplates.remove(*id, stamp); });
        co_return gone ? ok() : refused(gone.refusal());
      }));
}

void addCampaignRoutes(RouteTable& router, Context ctx) {
  const std::string campaigns = std::string(kAdmin) + "/campaign";
  router.add("POST", campaigns, guarded(ctx, Need::Admin, "create campaigns",
      [](const ApiContext& c, net::Request& request, const PathParams&, const Account&) -> asio::awaitable<net::Response> {
        auto parsed = ccp::parseCampaign(request.body);
        if (!parsed) co_return problems(parsed.problems());
        auto campaign = toCoreCampaign(*parsed);
        if (!campaign) co_return refused(campaign.refusal());
        auto made = co_await c.core.call([&] { return c.services.catalog.createCampaign(campaign.value()); });
        if (!made) co_return refused(made.refusal());
        co_return created(baseUrl(request, c.publicBaseUrl) + std::string(kAdmin) + "/campaign/" + made->publicId);
      }));

  router.add("GET", campaigns, guarded(ctx, Need::Admin, "list campaigns",
      [](const ApiContext& c, net::Request& request, const PathParams&, const Account&) -> asio::awaitable<net::Response> {
        const auto all = co_await c.core.call([&] { return c.services.catalog.campaigns(); });
        const std::string base = baseUrl(request, c.publicBaseUrl);
        std::vector<ccp::Campaign> out;
        for (const auto& x : all) out.push_back(toCcpCampaign(x, base));
        co_return xml(200, ccp::serializeCampaigns(out));
      }));

  router.add("GET", campaigns + "/{id}", guarded(ctx, Need::Admin, "read campaigns",
      [](const ApiContext& c, net::Request& request, const PathParams& params, const Account&) -> asio::awaitable<net::Response> {
        const std::string id(params.get("id"));
        const auto metrics = queryParam(request, "metrics");
        const bool withMetrics = metrics && net::equalsIgnoreCase(*metrics, "true");
        auto found = co_await c.core.call([&]() -> std::optional<std::pair<core::Campaign, std::int64_t>> {
          const core::Campaign* campaign = c.services.catalog.campaign(id);
          if (campaign == nullptr) return std::nullopt;
          const auto count = static_cast<std::int64_t>(core::campaignMembers(*campaign, c.services.contacts).size());
          return std::make_pair(*campaign, count);
        });
        if (!found) co_return notFound("campaign", id);
        auto wire = toCcpCampaign(found->first, baseUrl(request, c.publicBaseUrl));
        if (withMetrics) wire.socialContactCount = found->second;
        co_return xml(200, ccp::serializeCampaign(wire));
      }));

  router.add("GET", campaigns + "/{id}/suggestedtags", guarded(ctx, Need::AgentOrAdmin, "read suggested tags",
      [](const ApiContext& c, net::Request&, const PathParams& params, const Account&) -> asio::awaitable<net::Response> {
        const std::string id(params.get("id"));
        auto tags = co_await c.core.call([&]() -> std::optional<std::vector<std::string>> {
          const core::Campaign* campaign = c.services.catalog.campaign(id);
          if (campaign == nullptr) return std::nullopt;
          return core::suggestedTags(*campaign, c.services.contacts);
        });
        if (!tags) co_return notFound("campaign", id);
        co_return xml(200, ccp::serializeSuggestedTags(*tags));
      }));

  router.add("GET", campaigns + "/{id}/results", guarded(ctx, Need::Admin, "read campaign results",
      [](const ApiContext& c, net::Request& request, const PathParams& params, const Account&) -> asio::awaitable<net::Response> {
        const std::string id(params.get("id"));
        const auto start = parseInteger(queryParam(request, "startIndex").value_or("0"));
        if (!start || *start < 0) co_return problems({ccp::outOfRange("startIndex", "startIndex must be 0 or more")});
        struct Found {
          core::Campaign campaign;
          std::vector<core::Contact> page;
          std::optional<std::int64_t> nextStart;
          std::int64_t nowMs = 0;
        };
        auto found = co_await c.core.call([&]() -> std::optional<Found> {
          const core::Campaign* campaign = c.services.catalog.campaign(id);
          if (campaign == nullptr) return std::nullopt;
          const auto members = core::campaignMembers(*campaign, c.services.contacts);
          // Any startIndex, up to INT64_MAX, gives a page without overflow.
          const auto range = ccp::searchPage(static_cast<std::int64_t>(members.size()), *start, kResultsPage);
          Found f{*campaign, {}, range.nextStart, c.core.clock().nowMs()};
          for (auto i = range.first; i < range.end; ++i) f.page.push_back(*members[static_cast<std::size_t>(i)]);
          return f;
        });
        if (!found) co_return notFound("campaign", id);
        const std::string base = baseUrl(request, c.publicBaseUrl);
        const std::string results = base + std::string(kAdmin) + "/campaign/" + found->campaign.publicId + "/results";
        ccp::CampaignResultsPage page;
        page.title = found->campaign.name;
        page.id = results;
        page.updatedMs = found->nowMs;
        page.selfHref = results + "?startIndex=" + std::to_string(*start);
        if (found->nextStart) page.nextHref = results + "?startIndex=" + std::to_string(*found->nextStart);
        for (const auto& contact : found->page) {
          const std::string url = contactUrl(base, contact.id);
          page.entries.push_back({.title = contact.title,
                                  .alternateHref = url,
                                  .socialContactHref = url,
                                  .summary = contact.description,
                                  .publishedMs = contact.publishedDate,
                                  .status = std::string(core::toString(contact.status)),
                                  .statusTimestampMs = contact.statusTimestamp,
                                  .statusReason = contact.statusReason,
                                  .tags = contact.tags,
                                  .statusUserId = contact.statusUserId,
                                  .sourceType = std::string(core::toString(contact.sourceType)),
                                  .softLocked = false});
        }
        co_return net::Response::text(200, ccp::serializeCampaignResults(page), "application/atom+xml; charset=utf-8");
      }));

  router.add("PUT", campaigns + "/{id}", guarded(ctx, Need::Admin, "change campaigns",
      [](const ApiContext& c, net::Request& request, const PathParams& params, const Account&) -> asio::awaitable<net::Response> {
        const std::string id(params.get("id"));
        auto update = ccp::parseCampaignUpdate(request.body);
        if (!update) co_return problems(update.problems());
        const std::string base = baseUrl(request, c.publicBaseUrl);
        std::optional<core::Refusal> badFeeds;
        auto changed = co_await c.core.call([&] {
          return c.services.catalog.updateCampaign(id, update->changeStamp, [&](core::Campaign& campaign) {
            auto wire = toCcpCampaign(campaign, base);
            ccp::applyCampaignUpdate(wire, *update);
            auto mapped = toCoreCampaign(wire);
            if (!mapped) {
              badFeeds = mapped.refusal();
              return;
            }
            campaign = mapped.value();
          });
        });
        if (badFeeds) co_return refused(*badFeeds);
        co_return changed ? ok() : refused(changed.refusal());
      }));

  router.add("DELETE", campaigns + "/{id}", guarded(ctx, Need::Admin, "delete campaigns",
      [](const ApiContext& c, net::Request& request, const PathParams& params, const Account&) -> asio::awaitable<net::Response> {
        const std::string id(params.get("id"));
        const auto stamp = changeStampParam(request);
        auto gone = co_await c.core.call([&] { return c.services.catalog.deleteCampaign(id, stamp); });
        co_return gone ? ok() : refused(gone.refusal());
      }));
}

core::Actor actorOf(const Account& account) {
  return core::Actor{.isServer = false, .userName = account.name, .isAdmin = account.admin, .currentStatusUserId = {}};
}

void addContactRoutes(RouteTable& router, Context ctx) {
  const std::string contacts = std::string(kAdmin) + "/socialcontact";
  // A push feed's pushFeedURL: a contact posted from outside (spec 8.3).
  router.add("POST", contacts, guarded(ctx, Need::Admin, "create contacts",
      [](const ApiContext& c, net::Request& request, const PathParams&, const Account&) -> asio::awaitable<net::Response> {
        auto parsed = ccp::parseContactCreate(request.body);
        if (!parsed) co_return problems(parsed.problems());
        const auto feedId = ccp::feedIdFromRefUrl(parsed->feedRefURL);
        if (!feedId) co_return problems({ccp::invalidValue("feedRefURL", "feedRefURL does not name a feed")});
        core::NewPushContact push{.feedId = *feedId,
                                  .author = parsed->author,
                                  .title = parsed->title,
                                  .description = parsed->description,
                                  .tags = parsed->tags,
                                  .extensionFields = {},
                                  .publishedMs = parsed->publishedDate};
        for (const auto& f : parsed->extensionFields) push.extensionFields.push_back({f.name, f.value});
        auto made = co_await c.core.call([&] { return core::addPushContact(c.services.catalog, c.services.contacts, push); });
        if (!made) co_return refused(made.refusal());
        co_return created(contactUrl(baseUrl(request, c.publicBaseUrl), made.value().id));
      }));

  router.add("GET", contacts + "/{id}", guarded(ctx, Need::AgentOrAdmin, "read contacts",
      [](const ApiContext& c, net::Request& request, const PathParams& params, const Account&) -> asio::awaitable<net::Response> {
        const std::string id(params.get("id"));
        auto contact = co_await c.core.call([&]() -> std::optional<core::Contact> {
          const core::Contact* found = c.services.contacts.find(id);
          return found ? std::optional<core::Contact>(*found) : std::nullopt;
        });
        if (!contact) co_return notFound("contact", id);
        co_return xml(200, ccp::serializeSocialContact(toSocialContact(*contact, baseUrl(request, c.publicBaseUrl))));
      }));

  router.add("PUT", contacts + "/{id}", guarded(ctx, Need::AgentOrAdmin, "change contacts",
      [](const ApiContext& c, net::Request& request, const PathParams& params, const Account& account) -> asio::awaitable<net::Response> {
        const std::string id(params.get("id"));
        auto update = ccp::parseContactUpdate(request.body);
        if (!update) co_return problems(update.problems());
        core::ContactEdit edit;
        if (update->status) edit.status = core::parseContactStatus(ccp::toString(*update->status));
        edit.statusReason = update->statusReason;
        edit.changeStamp = update->changeStamp;
        edit.statusTimestamp = update->statusTimestamp;
        edit.tags = update->tags;
        if (update->extensionFields) {
          edit.extensionFields.emplace();
          for (const auto& f : *update->extensionFields) edit.extensionFields->push_back({f.name, f.value});
        }
        ccp::Problems tooMuch;
        auto changed = co_await c.core.call([&]() -> core::Outcome<core::Contact> {
          // Each PUT may add fields: what the contact would hold after it must fit too.
          if (const core::Contact* current = c.services.contacts.find(id); current && update->extensionFields) {
            std::vector<ccp::ExtensionField> merged;
            for (const auto& f : current->extensionFields) merged.push_back({f.name, f.value});
            ccp::mergeExtensionFields(merged, *update->extensionFields);
            ccp::checkExtensionFields(merged, tooMuch);
            if (!tooMuch.empty()) return core::Refusal{};
          }
          return c.services.contacts.edit(id, edit, actorOf(account));
        });
        if (!tooMuch.empty()) co_return problems(tooMuch);
        co_return changed ? ok() : refused(changed.refusal());
      }));

  router.add("DELETE", contacts + "/{id}", guarded(ctx, Need::Admin, "delete contacts",
      [](const ApiContext& c, net::Request&, const PathParams& params, const Account& account) -> asio::awaitable<net::Response> {
        const std::string id(params.get("id"));
        auto gone = co_await c.core.call([&]() -> core::Outcome<core::Done> {
          // A live chat ends first, so its customer hears why.
          if (c.services.chats.isLive(id)) {
            core::ContactEdit discard;
            discard.status = core::ContactStatus::Discarded;
            discard.statusReason = "deleted";
            (void)c.services.contacts.edit(id, discard, actorOf(account));
          }
          c.services.requests.erase(id);  // a callback's or task's request goes with its contact
          return c.services.contacts.remove(id);
        });
        co_return gone ? ok() : refused(gone.refusal());
      }));

  router.add("GET", contacts + "/{id}/transcript", guarded(ctx, Need::AgentOrAdmin, "read transcripts",
      [](const ApiContext& c, net::Request& request, const PathParams& params, const Account&) -> asio::awaitable<net::Response> {
        const std::string id(params.get("id"));
        auto view = co_await c.core.call([&]() -> core::Outcome<core::TranscriptView> {
          const core::Contact* contact = c.services.contacts.find(id);
          if (contact == nullptr) return core::Refusal{core::Refusal::Kind::NotFound, "id", "no contact " + id};
          if (contact->sourceType != core::SourceType::Chat) {
            return core::Refusal{core::Refusal::Kind::InvalidValue, "id", "contact " + id + " is not a chat"};
          }
          return c.services.chats.transcriptOfContact(id);
        });
        if (!view) co_return refused(view.refusal());
        co_return xml(200, ccp::serializeAdminTranscript(toCcpTranscript(view.value(), baseUrl(request, c.publicBaseUrl))));
      }));
}

}  // namespace

void addAdminRoutes(RouteTable& router, Context ctx) {
  addFeedRoutes(router, ctx);
  addTemplateRoutes(router, ctx);
  addCampaignRoutes(router, ctx);
  addContactRoutes(router, ctx);

  // Health probe of admin tools: checks the credentials, answers a tiny WADL.
  router.add("OPTIONS", "/ccp-webapp/ccp/authentication/ping",
             guarded(ctx, Need::AgentOrAdmin, "ping",
                     [](const ApiContext&, net::Request&, const PathParams&, const Account&) -> asio::awaitable<net::Response> {
                       co_return xml(200, "<application xmlns=\"http://wadl.dev.java.net/2009/02\"/>");
                     }));
}

}  // namespace smfront::api
