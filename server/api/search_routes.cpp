#include "api/search_routes.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>

#include "api/admin_guard.hpp"
#include "api/client_rate.hpp"
#include "api/contact_search.hpp"
#include "api/http_util.hpp"
#include "api/representations.hpp"
#include "ccp/search_query.hpp"
#include "ccp/search_results.hpp"
#include "telemetry/limit_refusals.hpp"
#include "telemetry/rate_limited_log.hpp"

namespace smfront::api {

namespace asio = boost::asio;

namespace {

constexpr std::int64_t kDefaultCount = 50;
constexpr RateRefusal kSearchesPerUser{"searches_per_user_per_minute", "q",
                                       "too many searches by this user lately; retry later"};

// What the search limits did, for /metrics and the log.
struct SearchLimitEvents {
  SearchLimitEvents(telemetry::Registry& metrics, telemetry::LimitRefusals& refusals)
      : refusals(refusals),
        transcriptsCut(metrics.counter("smfront_search_transcripts_cut_total",
                                       "chat transcripts shortened to limits.search_transcript_chars in search results")) {}

  telemetry::LimitRefusals& refusals;
  telemetry::Counter& transcriptsCut;
  telemetry::RateLimitedLog cutLog{spdlog::level::info};
};

std::optional<std::int64_t> numberParam(const net::Request& request, std::string_view name, std::int64_t fallback) {
  const auto text = queryParam(request, name);
  if (!text || text->empty()) return fallback;
  return parseInteger(*text);
}

std::string encodeQueryValue(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

asio::awaitable<net::Response> search(std::shared_ptr<const ApiContext> ctx, SearchLimits limits,
                                      std::shared_ptr<SearchLimitEvents> events, net::Request& request) {
  auto auth = authorize(*ctx, request, Need::AgentOrAdmin, "search contacts");
  if (auto* refusal = std::get_if<net::Response>(&auth)) co_return std::move(*refusal);
  if (auto refusal = overRate(limits.perUser.get(), std::get<Account>(auth).name, kSearchesPerUser, &events->refusals)) {
    co_return std::move(*refusal);
  }

  const auto q = queryParam(request, "q");
  if (!q || q->empty()) co_return problems({ccp::fieldRequired("q")});
  auto query = ccp::parseSearchQuery(*q);
  if (!query) co_return problems(query.problems());
  const auto maxCount = static_cast<std::int64_t>(limits.maxCount);
  const auto count = numberParam(request, "count", std::min(kDefaultCount, maxCount));
  if (count && *count > maxCount) {
    events->refusals.record("search_max_count");
  }
  if (!count || *count < 1 || *count > maxCount) {
    co_return problems(
        {ccp::outOfRange("count", "count must be a number from 1 to " + std::to_string(maxCount))});
  }
  const auto start = numberParam(request, "startIndex", 0);
  if (!start || *start < 0) co_return problems({ccp::outOfRange("startIndex", "startIndex must be 0 or more")});

  auto hits = co_await findContacts(ctx->core, ctx->services, *query);
  const auto total = static_cast<std::int64_t>(hits.size());
  const ccp::SearchPage page = ccp::searchPage(total, *start, *count);
  std::vector<ContactHit> shown(hits.begin() + page.first, hits.begin() + page.end);
  hits = {};
  auto found = co_await fetchContacts(ctx->core, ctx->services, std::move(shown), limits.transcriptChars);

  const std::string base = baseUrl(request, ctx->publicBaseUrl);
  ccp::SearchResults results;
  results.totalResults = total;
  results.startIndex = *start;
  if (page.nextStart) {
    results.nextHref = base + "/ccp-webapp/ccp/search/contacts?q=" + encodeQueryValue(*q) +
                       "&count=" + std::to_string(*count) + "&startIndex=" + std::to_string(*page.nextStart);
  }
  for (const auto& one : found) {
    if (one.transcriptCut) {
      events->transcriptsCut.inc();
      events->cutLog("search: transcript of contact {} cut to limits.search_transcript_chars ({})", one.contact.id,
                     limits.transcriptChars);
    }
    if (one.transcript) {
      results.hits.push_back(ccp::ChatSearchHit{toCcpTranscript(*one.transcript, base), one.contact.author});
    } else {
      results.hits.push_back(toSocialContact(one.contact, base));
    }
  }
  co_return xml(200, ccp::serializeSearchResults(results));
}

}  // namespace

void addSearchRoutes(RouteTable& router, std::shared_ptr<const ApiContext> context, SearchLimits limits,
                     telemetry::Registry& metrics, telemetry::LimitRefusals& refusals) {
  auto events = std::make_shared<SearchLimitEvents>(metrics, refusals);
  router.add("GET", "/ccp-webapp/ccp/search/contacts",
             [context, limits, events](net::Request& request, const PathParams&) {
               return search(context, limits, events, request);
             });
}

}  // namespace smfront::api
