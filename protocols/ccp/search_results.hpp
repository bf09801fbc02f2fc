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

}  // namespace smfront::ccp
