#include "ccp/search_results.hpp"

#include <algorithm>

#include "ccp/xml_fields.hpp"
#include "xml/writer.hpp"

namespace smfront::ccp {

namespace {
void writeChatHit(xml::Writer& w, const ChatSearchHit& hit) {
  const ChatTranscript& t = hit.transcript;
  w.open("ChatTranscript").leaf("id", t.id).leaf("chatInitiator", hit.chatInitiator);
  writeInteger(w, "startDate", t.startDate);
  if (t.endDate) {
    writeInteger(w, "endDate", *t.endDate);
  } else {
    w.leaf("endDate");
  }
  // The search form names the speaker before the time, unlike the transcript resources.
  w.open("transcript");
  for (const TranscriptChat& c : t.chats) {
    w.open("chat").leaf("name", c.name);
    writeInteger(w, "time", c.time);
    w.leaf("msg", c.msg).close();
  }
  w.close().close();
}
}  // namespace

std::string serializeSearchResults(const SearchResults& results) {
  xml::Writer w;
  w.open("searchResults");
  writeInteger(w, "totalResults", results.totalResults);
  writeInteger(w, "startIndex", results.startIndex);
  if (results.nextHref) w.open("link").attr("rel", "next").attr("href", *results.nextHref).close();
  writeInteger(w, "count", static_cast<std::int64_t>(results.hits.size()));
  for (const auto& hit : results.hits) {
    if (const auto* chat = std::get_if<ChatSearchHit>(&hit)) {
      writeChatHit(w, *chat);
    } else {
      w.raw(serializeSocialContact(std::get<SocialContact>(hit)));
    }
  }
  w.close();
  return w.take();
}

SearchPage searchPage(std::int64_t total, std::int64_t start, std::int64_t count) noexcept {
  total = std::max<std::int64_t>(total, 0);
  SearchPage page;
  page.first = std::clamp<std::int64_t>(start, 0, total);
  // total - first cannot overflow (both in [0, total]); the sum stays <= total.
  page.end = page.first + std::clamp<std::int64_t>(count, 0, total - page.first);
  if (page.end < total) page.nextStart = page.end;
  return page;
}

}  // namespace smfront::ccp
