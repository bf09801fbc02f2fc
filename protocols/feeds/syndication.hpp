#pragma once

// RSS 1.0, RSS 2.0 (and the 0.9x it grew from) and Atom 1.0 documents, read into one shape:
// the entries of a fetched feed, each with the URL of its post (SocialMiner's refURL, and the
// key that keeps one post from making two contacts), title, author, HTML description and
// publication time. Pure: the bytes come from the caller, dates are parsed, never compared
// with a clock.
//
// Choices where the formats leave room:
// - The link of an RSS 2.0 item is <link>, else a <guid> that is a permalink (the default);
//   of an Atom entry, the <link> with rel "alternate" (or no rel); of an RSS 1.0 item, <link>,
//   else its rdf:about.
// - The description is HTML: RSS <description> and Atom content of type "html" as sent, Atom
//   "text" escaped, "xhtml" serialized from its <div>. Atom <content> wins over <summary>.
// - The author: RSS <author> or <dc:creator>; Atom <author><name> of the entry, else of the feed.
// - The time: RSS <pubDate> (RFC 822) or <dc:date>; Atom <published>, else <updated> (RFC 3339).
//   A date that does not parse is left out, not guessed.
// - Entries over maxEntries are dropped from the end (feeds list newest first).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xml/limits.hpp"

namespace smfront::feeds {

enum class FeedFormat { Rss1, Rss2, Atom1 };

struct FeedEntry {
  std::string link;         // the post's URL; empty when the entry names none
  std::string id;           // guid, atom:id or rdf:about, as sent
  std::string title;
  std::string author;
  std::string description;  // HTML
  std::optional<std::int64_t> publishedMs;  // since the epoch, UTC

  friend bool operator==(const FeedEntry&, const FeedEntry&) = default;
};

struct FeedDocument {
  FeedFormat format = FeedFormat::Rss2;
  std::string title;
  std::string link;
  std::vector<FeedEntry> entries;

  friend bool operator==(const FeedDocument&, const FeedDocument&) = default;
};

struct FeedLimits {
  xml::Limits xml{.maxDepth = 32, .maxBytes = 4 << 20, .maxAttributes = 64, .maxTextBytes = 1 << 20, .allowComments = true};
  std::size_t maxEntries = 1000;
};

/// The document, or why there is none ("not RSS or Atom: the root is <html>", an XML error).
struct FeedResult {
  std::optional<FeedDocument> document;
  std::string error;

  explicit operator bool() const noexcept { return document.has_value(); }
};

/// @brief Reads an RSS 1.0, RSS 0.9x/2.0 or Atom 1.0 document.
FeedResult parseFeed(std::string_view bytes, const FeedLimits& limits = {});

/// @brief The key that tells posts apart: the link, else the id; empty when the entry has neither.
std::string_view entryKey(const FeedEntry& entry) noexcept;

/// @brief RFC 822/1123 date-time ("Tue, 10 Jun 2003 04:00:00 GMT", "+0200", two-digit years,
/// North American zones) as milliseconds since the epoch; nullopt when it is not one.
std::optional<std::int64_t> parseRfc822Date(std::string_view text);

/// @brief RFC 3339 date-time, or a W3C-DTF date of less precision ("2003-12-13",
/// "2003-12-13T18:30Z", fractions of a second), as milliseconds since the epoch.
std::optional<std::int64_t> parseIsoDate(std::string_view text);

}  // namespace smfront::feeds
