#pragma once
// The answer of the contact search (spec §8.4). Paging clients stop when the
// root's third child is not a link, so the layout is fixed: totalResults,
// startIndex, then the next link (only when there are more), count, results.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "ccp/social_contact.hpp"
#include "ccp/transcript.hpp"

namespace smfront::ccp {

/// A chat contact as a search result: its transcript, with the customer as initiator.
struct ChatSearchHit {
  ChatTranscript transcript;  // id, startDate, endDate and chats are written
  std::string chatInitiator;
};

using SearchHit = std::variant<ChatSearchHit, SocialContact>;

struct SearchResults {
  std::int64_t totalResults = 0;
  std::int64_t startIndex = 0;
  std::optional<std::string> nextHref;  // the URL of the next page
  std::vector<SearchHit> hits;          // count = hits.size()
};

std::string serializeSearchResults(const SearchResults& results);

/// Which of `total` hits one page holds: [first, end), and where the next page
/// starts when hits are left after it.
struct SearchPage {
  std::int64_t first = 0;
  std::int64_t end = 0;
  std::optional<std::int64_t> nextStart;
};

/// The page of `count` hits from `start` (start >= 0, count >= 1, total >= 0,
/// as the request's checks leave them). Any start, INT64_MAX included, gives a
/// page without overflow: past the last hit it is empty and has no next.
SearchPage searchPage(std::int64_t total, std::int64_t start, std::int64_t count) noexcept;

}  // namespace smfront::ccp
