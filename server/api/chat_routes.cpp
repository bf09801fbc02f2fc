#include "api/chat_routes.hpp"

#include "api/client_rate.hpp"
#include "api/http_util.hpp"
#include "api/representations.hpp"
#include "ccp/chat_events.hpp"
#include "ccp/form_encoding.hpp"
#include "ccp/social_contact.hpp"
#include "ccp/transcript.hpp"

namespace smfront::api {

namespace asio = boost::asio;
using Context = std::shared_ptr<const ApiContext>;

namespace {

constexpr std::string_view kSessionCookie = "JSESSIONID";

std::string cookieAttributes(const net::Request& request) {
  // Widgets on other sites send the cookie only with SameSite=None, which
  // browsers accept only on secure connections.
  return request.secure ? "; Path=/; HttpOnly; Secure; SameSite=None" : "; Path=/; HttpOnly";
}

net::Response emptyEvents() { return xml(200, ccp::serializeChatEvents({})); }

net::Response noSession() {
  return problems({ccp::ApiError{std::string(ccp::errorType::kNotFound), std::string(kSessionCookie),
                                 "no chat session: it ended, expired or never existed"}});
}

core::NewChat toNewChat(const ccp::ContactCreate& create, std::int64_t feedId, std::string joinDetail) {
  core::NewChat chat;
  chat.feedId = feedId;
  chat.author = create.author;
  chat.title = create.title;
  chat.description = create.description;
  chat.tags = create.tags;
  for (const auto& f : create.extensionFields) chat.extensionFields.push_back({f.name, f.value});
  chat.joinTimeoutDetail = std::move(joinDetail);
  return chat;
}

enum class Style { Xml, Redirect };

asio::awaitable<net::Response> createChat(const ApiContext& ctx, const net::Request& request, core::NewChat chat,
                                          Style style) {
  if (auto refusal = overNewContactRate(ctx, request.remoteAddress)) co_return std::move(*refusal);
  auto created = co_await ctx.core.call([&] { return ctx.services.chats.create(chat); });
  if (!created) co_return refused(created.refusal());
  const std::string base = baseUrl(request, ctx.publicBaseUrl);
  net::Response r;
  if (style == Style::Xml) {
    r = xml(201, ccp::serializeSocialContact(toSocialContact(created->contact, base)));
    r.headers.set("Location", contactUrl(base, created->contact.id));
  } else {
    r.status = 302;
    r.headers.set("Location", ctx.chatRedirectUrl.empty() ? base + "/chat.html?resume=1" : ctx.chatRedirectUrl);
  }
  r.headers.add("Set-Cookie", std::string(kSessionCookie) + "=" + created->sessionId + cookieAttributes(request));
  co_return r;
}

asio::awaitable<net::Response> createFromForm(Context ctx, net::Request& request, const PathParams& params,
                                              std::string_view form) {
  const auto feedId = parseInteger(params.get("feedId"));
  if (!feedId) co_return problems({ccp::invalidValue("feedRefURL", "the feed id in the path is not a number")});
  auto parsed = ccp::parseChatForm(form);
  if (!parsed) co_return problems(parsed.problems());
  co_return co_await createChat(*ctx, request,
                                toNewChat(parsed->contact, *feedId, parsed->chatAgentJoinTimeOut.value_or("")),
                                Style::Redirect);
}

// Runs `action` on the core with the session id of the request's cookie.
template <class Action>
asio::awaitable<net::Response> withSession(const net::Request& request, Action action) {
  const auto session = cookie(request, kSessionCookie);
  if (!session || session->empty()) co_return noSession();
  co_return co_await action(*session);
}

net::Response answer(const core::Outcome<core::Done>& outcome) {
  return outcome ? emptyEvents() : refused(outcome.refusal());
}

}  // namespace

void addChatRoutes(RouteTable& router, Context ctx) {
  // A chat feed's pushFeedURL (spec 8.1). What SocialMiner serves there is not
  // documented; here it is a link that starts a chat: the create-chat redirect of
  // that feed, with the query (title, author, ...) passed on.
  router.add("GET", "/ccp-webapp/ccp/chatfeed/{feedId:number}",
             [ctx](net::Request& request, const PathParams& params) -> asio::awaitable<net::Response> {
               std::string target = "/ccp/rest/chat/" + std::string(params.get("feedId")) + "/redirect";
               if (!request.query().empty()) target += "?" + std::string(request.query());
               net::Response r;
               r.status = 302;
               r.headers.set("Location", baseUrl(request, ctx->publicBaseUrl) + target);
               co_return r;
             });
  for (const std::string prefix : {"/ccp/chat", "/ccp/rest/chat"}) {
    router.add("POST", prefix, [ctx](net::Request& request, const PathParams&) -> asio::awaitable<net::Response> {
      auto parsed = ccp::parseContactCreate(request.body);
      if (!parsed) co_return problems(parsed.problems());
      const auto feedId = ccp::feedIdFromRefUrl(parsed->feedRefURL);
      if (!feedId) co_return problems({ccp::invalidValue("feedRefURL", "feedRefURL does not name a feed")});
      co_return co_await createChat(*ctx, request, toNewChat(*parsed, *feedId, ""), Style::Xml);
    });

    router.add("GET", prefix, [ctx](net::Request& request, const PathParams&) -> asio::awaitable<net::Response> {
      const auto query = queryParams(request);
      std::int64_t after = 0;
      if (auto eventId = find(query, "eventid"); eventId && !eventId->empty()) {
        const auto parsed = parseInteger(*eventId);
        if (!parsed || *parsed < 0) co_return problems({ccp::invalidValue("eventid", "eventid must be a number")});
        after = *parsed;
      }
      bool all = false;
      if (auto flag = find(query, "all"); flag && !flag->empty()) {
        if (net::equalsIgnoreCase(*flag, "true")) {
          all = true;
        } else if (!net::equalsIgnoreCase(*flag, "false")) {
          co_return problems({ccp::invalidValue("all", "all must be true or false")});
        }
      }
      co_return co_await withSession(request, [&](const std::string& session) -> asio::awaitable<net::Response> {
        auto events = co_await ctx->core.call([&] { return ctx->services.chats.events(session, after, all); });
        if (!events) co_return refused(events.refusal());
        std::vector<ccp::ChatEvent> out;
        out.reserve(events->size());
        for (const auto& e : events.value()) out.push_back(toCcpEvent(e));
        auto r = xml(200, ccp::serializeChatEvents(out));
        r.headers.set("Cache-Control", "no-store");
        co_return r;
      });
    });

    router.add("PUT", prefix, [ctx](net::Request& request, const PathParams&) -> asio::awaitable<net::Response> {
      auto text = ccp::parseChatMessage(request.body, ctx->chatMessageChars);
      if (!text) co_return problems(text.problems());
      co_return co_await withSession(request, [&](const std::string& session) -> asio::awaitable<net::Response> {
        co_return answer(co_await ctx->core.call(
            [&] { return ctx->services.chats.customerMessage(session, std::move(text).value()); }));
      });
    });

    router.add("DELETE", prefix, [ctx](net::Request& request, const PathParams&) -> asio::awaitable<net::Response> {
      co_return co_await withSession(request, [&](const std::string& session) -> asio::awaitable<net::Response> {
        auto outcome = co_await ctx->core.call([&] { return ctx->services.chats.customerLeave(session, true); });
        auto r = answer(outcome);
        if (outcome) {
          r.headers.add("Set-Cookie", std::string(kSessionCookie) + "=" + cookieAttributes(request) + "; Max-Age=0");
        }
        co_return r;
      });
    });

    router.add("PUT", prefix + "/event", [ctx](net::Request& request, const PathParams&) -> asio::awaitable<net::Response> {
      auto typing = ccp::parseTypingRequest(request.body);
      if (!typing) co_return problems(typing.problems());
      const bool composing = typing->status == ccp::TypingStatus::Composing;
      co_return co_await withSession(request, [&](const std::string& session) -> asio::awaitable<net::Response> {
        co_return answer(co_await ctx->core.call([&] { return ctx->services.chats.customerTyping(session, composing); }));
      });
    });

    router.add("PUT", prefix + "/leaveChat", [ctx](net::Request& request, const PathParams&) -> asio::awaitable<net::Response> {
      co_return co_await withSession(request, [&](const std::string& session) -> asio::awaitable<net::Response> {
        co_return answer(co_await ctx->core.call([&] { return ctx->services.chats.customerLeave(session, false); }));
      });
    });

    router.add("GET", prefix + "/transcript.xml", [ctx](net::Request& request, const PathParams&) -> asio::awaitable<net::Response> {
      co_return co_await withSession(request, [&](const std::string& session) -> asio::awaitable<net::Response> {
        auto view = co_await ctx->core.call([&] { return ctx->services.chats.transcript(session); });
        if (!view) co_return refused(view.refusal());
        co_return xml(200, ccp::serializeCustomerTranscript(toCcpTranscript(view.value(), baseUrl(request, ctx->publicBaseUrl))));
      });
    });

    router.add("GET", prefix + "/transcript", [ctx](net::Request& request, const PathParams&) -> asio::awaitable<net::Response> {
      co_return co_await withSession(request, [&](const std::string& session) -> asio::awaitable<net::Response> {
        auto view = co_await ctx->core.call([&] { return ctx->services.chats.transcript(session); });
        if (!view) co_return refused(view.refusal());
        const auto now = ctx->core.clock().nowMs();
        auto r = net::Response::text(200, ccp::renderTranscriptHtml(toCcpTranscript(view.value(), baseUrl(request, ctx->publicBaseUrl))),
                                     "text/html; charset=utf-8");
        r.headers.set("Content-Disposition",
                      "attachment; filename=\"" + ccp::transcriptFileName(view->author, now) + "\"");
        co_return r;
      });
    });

    router.add(
        "GET", prefix + "/{feedId:number}/redirect",
        [ctx](net::Request& request, const PathParams& params) {
          return createFromForm(ctx, request, params, request.query());
        },
        RouteTable::Effect::Changes);
    router.add("POST", prefix + "/form/{feedId:number}", [ctx](net::Request& request, const PathParams& params) {
      return createFromForm(ctx, request, params, request.body);
    });
    router.add("POST", prefix + "/{feedId:number}", [ctx](net::Request& request, const PathParams& params) {
      return createFromForm(ctx, request, params, request.body);
    });
  }
}

}  // namespace smfront::api
