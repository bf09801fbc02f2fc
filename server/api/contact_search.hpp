#pragma once
// The contact search's walk over the domain. It never holds the core strand for
// long: contacts and transcripts are copied from the strand in pieces of bounded
// size, matched on the caller's executor, and only the hits are kept. A long
// transcript is copied over several pieces; other requests run in between.
#include <boost/asio/awaitable.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ccp/search_query.hpp"
#include "core/chat_service.hpp"
#include "core/core.hpp"
#include "core/domain.hpp"
#include "core/services.hpp"

namespace smfront::api {

/// A contact the query matched, enough to sort the hits and fetch a page.
struct ContactHit {
  std::string id;
  std::int64_t createdDate = 0;
};

/// A contact as a search result; chats carry their transcript's first lines.
struct FoundContact {
  core::Contact contact;
  std::optional<core::TranscriptView> transcript;
  bool transcriptCut = false;  // lines or characters were left out
};

/// Characters copied from the strand in one piece: a few hundred microseconds.
inline constexpr std::size_t kSearchPieceChars = 256 * 1024;

/// Every contact `query` matches, newest first (then by id).
boost::asio::awaitable<std::vector<ContactHit>> findContacts(core::Core& core, core::Services& services,
                                                             const ccp::SearchQuery& query);

/// The contacts of `hits` that still exist, each chat with as many whole lines of
/// its transcript as fit in `transcriptChars` (a longer first line is cut).
boost::asio::awaitable<std::vector<FoundContact>> fetchContacts(core::Core& core, core::Services& services,
                                                                std::vector<ContactHit> hits,
                                                                std::size_t transcriptChars);

}  // namespace smfront::api
