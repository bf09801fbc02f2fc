#include "api/search_routes.hpp"

#include <algorithm>

#include "api/admin_guard.hpp"
#include "api/http_util.hpp"
#include "api/representations.hpp"
#include "ccp/search_query.hpp"
#include "ccp/search_results.hpp"
#include "core/contact_status.hpp"

namespace smfront::api {

namespace asio = boost::asio;

namespace {

constexpr std::int64_t kDefaultCount = 50;
constexpr std::int64_t kMaxCount = 200;

// What one contact offers the query, kept alive while it is matched.
struct Searchable {
  const core::Contact* contact = nullptr;
  std::optional<core::TranscriptView> transcript;

  std::vector<std::string_view> values(ccp::SearchField field) const {
    using F = ccp::SearchField;
    const core::Contact& c = *contact;
    switch (field) {
      case F::Author: return {c.author};
      case F::Title: return {c.title};
      case F::Description: return {c.description};
      case F::Tags: return {c.tags.begin(), c.tags.end()};
      case F::SocialContactStatus: return {core::toString(c.status)};
      case F::SourceType: return {core::toString(c.sourceType)};
      case F::IsSoftLocked: return {"false"};
      case F::AgentName:
      case F::AgentNickname: {
        std::vector<std::string_view> out;
        if (transcript) {
          for (const auto& p : transcript->participants) out.push_back(field == F::AgentName ? p.agentName : p.nickName);
        }
        return out;
      }
      case F::Transcript: {
        std::vector<std::string_view> out;
        if (transcript) {
          for (const auto& line : transcript->lines) out.push_back(line.text);
        }
        return out;
      }
    }
    return {};
  }
};

struct Page {
  std::int64_t total = 0;
  std::vector<core::Contact> contacts;
  std::vector<std::optional<core::TranscriptView>> transcripts;
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

asio::awaitable<net::Response> search(std::shared_ptr<const ApiContext> ctx, net::Request& request) {
  auto auth = authorize(*ctx, request, Need::AgentOrAdmin, "search contacts");
  if (auto* refusal = std::get_if<net::Response>(&auth)) co_return std::move(*refusal);

  const auto q = queryParam(request, "q");
  if (!q || q->empty()) co_return problems({ccp::fieldRequired("q")});
  auto query = ccp::parseSearchQuery(*q);
  if (!query) co_return problems(query.problems());
  const auto count = numberParam(request, "count", kDefaultCount);
  if (!count || *count < 1 || *count > kMaxCount) {
    co_return problems({ccp::outOfRange("count", "count must be a number from 1 to 200")});
  }
  const auto start = numberParam(request, "startIndex", 0);
  if (!start || *start < 0) co_return problems({ccp::outOfRange("startIndex", "startIndex must be 0 or more")});

  auto page = co_await ctx->core.call([&] {
    std::vector<Searchable> hits;
    for (const core::Contact* contact : ctx->services.contacts.all()) {
      Searchable s{contact, std::nullopt};
      if (contact->sourceType == core::SourceType::Chat) {
        if (auto view = ctx->services.chats.transcriptOfContact(contact->id)) s.transcript = std::move(view.value());
      }
      if (query->matches([&s](ccp::SearchField f) { return s.values(f); })) hits.push_back(std::move(s));
    }
    // Newest first, as an agent looking for a conversation expects.
    std::sort(hits.begin(), hits.end(), [](const Searchable& a, const Searchable& b) {
      return a.contact->createdDate != b.contact->createdDate ? a.contact->createdDate > b.contact->createdDate
                                                              : a.contact->id < b.contact->id;
    });
    Page p;
    p.total = static_cast<std::int64_t>(hits.size());
    for (auto i = *start; i < p.total && i < *start + *count; ++i) {
      p.contacts.push_back(*hits[static_cast<std::size_t>(i)].contact);
      p.transcripts.push_back(hits[static_cast<std::size_t>(i)].transcript);
    }
    return p;
  });

  const std::string base = baseUrl(request, ctx->publicBaseUrl);
  ccp::SearchResults results;
  results.totalResults = page.total;
  results.startIndex = *start;
  if (*start + *count < page.total) {
    results.nextHref = base + "/ccp-webapp/ccp/search/contacts?q=" + encodeQueryValue(*q) +
                       "&count=" + std::to_string(*count) + "&startIndex=" + std::to_string(*start + *count);
  }
  for (std::size_t i = 0; i < page.contacts.size(); ++i) {
    const auto& contact = page.contacts[i];
    if (page.transcripts[i]) {
      results.hits.push_back(ccp::ChatSearchHit{toCcpTranscript(*page.transcripts[i], base), contact.author});
    } else {
      results.hits.push_back(toSocialContact(contact, base));
    }
  }
  co_return xml(200, ccp::serializeSearchResults(results));
}

}  // namespace

void addSearchRoutes(Router& router, std::shared_ptr<const ApiContext> context) {
  router.add("GET", "/ccp-webapp/ccp/search/contacts",
             [context](net::Request& request, const PathParams&) { return search(context, request); });
}

}  // namespace smfront::api
