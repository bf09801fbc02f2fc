#include "api/contact_search.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <algorithm>
#include <string_view>
#include <utility>

#include "core/contact_status.hpp"

namespace smfront::api {

namespace {

// Contacts looked at in one piece, whatever their size: bounds the strand's work
// when there are many small ones.
constexpr std::size_t kPieceContacts = 128;

// What matching reads of a contact, copied off the strand: not its extension
// fields or its status history, which no search field names and which made most of
// the cost of copying every contact.
struct SearchFields {
  explicit SearchFields(const core::Contact& c)
      : id(c.id),
        createdDate(c.createdDate),
        author(c.author),
        title(c.title),
        description(c.description),
        tags(c.tags),
        status(c.status),
        sourceType(c.sourceType) {}

  std::string id;
  std::int64_t createdDate;
  std::string author;
  std::string title;
  std::string description;
  std::vector<std::string> tags;
  core::ContactStatus status;
  core::SourceType sourceType;
};

std::vector<std::string_view> valuesOf(const SearchFields& c, const std::optional<core::TranscriptView>& transcript,
                                       ccp::SearchField field) {
  using F = ccp::SearchField;
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

template <class Fields>  // core::Contact or SearchFields
std::size_t charsOf(const Fields& c) {
  std::size_t chars = c.id.size() + c.author.size() + c.title.size() + c.description.size();
  for (const auto& tag : c.tags) chars += tag.size();
  if constexpr (requires { c.extensionFields; }) {
    for (const auto& field : c.extensionFields) chars += field.name.size() + field.value.size();
  }
  return chars;
}

std::size_t charsOf(const std::vector<core::TranscriptLine>& lines) {
  std::size_t chars = 0;
  for (const auto& line : lines) chars += line.name.size() + line.text.size();
  return chars;
}

// A contact being copied; a chat's transcript may take several pieces.
struct Document {
  SearchFields contact;
  std::optional<core::TranscriptView> transcript;
  bool complete = false;
};

// Where the walk stands between two pieces.
struct Cursor {
  std::string lastId;  // the contact taken last; the walk goes on after it
  std::optional<Document> open;
  bool end = false;
};

// On the strand: copies documents until `kSearchPieceChars` are spent. A
// document whose transcript is not copied in full stays open in the cursor.
std::vector<Document> takePiece(core::Services& services, Cursor& cursor) {
  std::vector<Document> done;
  std::size_t budget = kSearchPieceChars;
  std::size_t looked = 0;
  while (budget > 0 && looked < kPieceContacts) {
    if (!cursor.open) {
      const auto next = services.contacts.after(cursor.lastId, 1);
      if (next.empty()) {
        cursor.end = true;
        break;
      }
      ++looked;
      cursor.lastId = next.front()->id;
      cursor.open = Document{SearchFields(*next.front()), std::nullopt, next.front()->sourceType != core::SourceType::Chat};
      budget -= std::min(budget, charsOf(cursor.open->contact));
      continue;
    }
    Document& doc = *cursor.open;
    if (!doc.complete) {
      const std::size_t have = doc.transcript ? doc.transcript->lines.size() : 0;
      auto part = services.chats.transcriptPart(doc.contact.id, have, budget);
      if (!part) {
        doc.complete = true;  // no chat (any longer): the contact is matched without one
        doc.transcript.reset();
      } else if (!doc.transcript) {
        budget -= std::min(budget, charsOf(part.value().lines));
        doc.complete = part.value().lines.empty();
        doc.transcript = std::move(part.value());
      } else if (part.value().lines.empty()) {
        doc.complete = true;
      } else {
        auto& lines = part.value().lines;
        budget -= std::min(budget, charsOf(lines));
        doc.transcript->lines.insert(doc.transcript->lines.end(), std::make_move_iterator(lines.begin()),
                                     std::make_move_iterator(lines.end()));
        doc.transcript->participants = std::move(part.value().participants);
        doc.transcript->endMs = part.value().endMs;
      }
      continue;
    }
    done.push_back(std::move(doc));
    cursor.open.reset();
  }
  return done;
}

// Lets whatever else waits for this thread run before the next piece. With one
// io_context thread core.call() runs in place, so without this a search over
// many contacts would hold the thread from its first piece to its last, and every
// chat poll, BOSH request and MR message would wait behind it.
boost::asio::awaitable<void> yieldTurn() {
  co_await boost::asio::post(co_await boost::asio::this_coro::executor, boost::asio::use_awaitable);
}

// Cuts `text` to at most `max` bytes without splitting a UTF-8 character.
void cutUtf8(std::string& text, std::size_t max) {
  if (text.size() <= max) return;
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
}

}  // namespace

boost::asio::awaitable<std::vector<ContactHit>> findContacts(core::Core& core, core::Services& services,
                                                             const ccp::SearchQuery& query) {
  std::vector<ContactHit> hits;
  Cursor cursor;
  while (!cursor.end) {
    if (!cursor.lastId.empty()) co_await yieldTurn();  // after the first piece
    auto piece = co_await core.call([&] { return takePiece(services, cursor); });
    // Off the strand: matching is the costly part.
    for (const Document& doc : piece) {
      if (query.matches([&doc](ccp::SearchField f) { return valuesOf(doc.contact, doc.transcript, f); })) {
        hits.push_back({doc.contact.id, doc.contact.createdDate});
      }
    }
  }
  // Newest first, as an agent looking for a conversation expects.
  std::sort(hits.begin(), hits.end(), [](const ContactHit& a, const ContactHit& b) {
    return a.createdDate != b.createdDate ? a.createdDate > b.createdDate : a.id < b.id;
  });
  co_return hits;
}

boost::asio::awaitable<std::vector<FoundContact>> fetchContacts(core::Core& core, core::Services& services,
                                                                std::vector<ContactHit> hits,
                                                                std::size_t transcriptChars) {
  std::vector<FoundContact> found;
  std::size_t next = 0;
  while (next < hits.size()) {
    if (next > 0) co_await yieldTurn();
    auto piece = co_await core.call([&] {
      std::vector<FoundContact> out;
      std::size_t spent = 0;
      while (next < hits.size() && spent < kSearchPieceChars) {
        const core::Contact* contact = services.contacts.find(hits[next++].id);
        if (contact == nullptr) continue;  // deleted since it matched
        FoundContact one{*contact, std::nullopt, false};
        spent += charsOf(one.contact);
        if (contact->sourceType == core::SourceType::Chat) {
          if (auto part = services.chats.transcriptPart(contact->id, 0, transcriptChars)) {
            one.transcript = std::move(part.value());
            one.transcriptCut = one.transcript->lines.size() < services.chats.transcriptLines(contact->id);
            spent += charsOf(one.transcript->lines);
          }
        }
        out.push_back(std::move(one));
      }
      return out;
    });
    for (auto& one : piece) {
      if (one.transcript && !one.transcript->lines.empty()) {
        // transcriptPart gives at least one line: a first line longer than the
        // limit is cut to it.
        auto& first = one.transcript->lines.front();
        const std::size_t before = first.name.size() + first.text.size();
        cutUtf8(first.name, transcriptChars);
        cutUtf8(first.text, transcriptChars - std::min(transcriptChars, first.name.size()));
        if (first.name.size() + first.text.size() < before) one.transcriptCut = true;
      }
      found.push_back(std::move(one));
    }
  }
  co_return found;
}

}  // namespace smfront::api
