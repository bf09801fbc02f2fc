#include "feeds/syndication.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include "xml/escape.hpp"
#include "xml/parser.hpp"
#include "xml/space.hpp"
#include "xml/writer.hpp"

namespace smfront::feeds {

namespace {

constexpr std::string_view kAtom = "http://www.w3.org/2005/Atom";
constexpr std::string_view kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
constexpr std::string_view kDublinCore = "http://purl.org/dc/elements/1.1/";
constexpr std::string_view kXhtml = "http://www.w3.org/1999/xhtml";

using xml::isXmlSpace;
using xml::trimXmlSpace;

std::string trimmed(const std::string& s) { return std::string(trimXmlSpace(s)); }

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

// ---- dates -----------------------------------------------------------------------------

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

unsigned daysInMonth(std::int64_t y, unsigned m) {
  static constexpr std::array<unsigned, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

struct DateTime {
  std::int64_t year = 0;
  unsigned month = 1, day = 1, hour = 0, minute = 0, second = 0, millis = 0;
  int offsetMinutes = 0;  // east of UTC
};

std::optional<std::int64_t> toEpochMs(const DateTime& t) {
  if (t.year < 1 || t.year > 9999 || t.month < 1 || t.month > 12 || t.day < 1 ||
      t.day > daysInMonth(t.year, t.month) || t.hour > 23 || t.minute > 59 || t.second > 60) {
    return std::nullopt;
  }
  const unsigned second = t.second == 60 ? 59 : t.second;  // a leap second
  const std::int64_t seconds = daysFromCivil(t.year, t.month, t.day) * 86400 + t.hour * 3600 + t.minute * 60 +
                               second - static_cast<std::int64_t>(t.offsetMinutes) * 60;
  const std::int64_t ms = seconds * 1000 + t.millis;
  // An offset can carry a time at the edge of year 1 or 9999 out of them: such an instant has
  // no four-digit UTC form, and no feed means it.
  constexpr std::int64_t kFirstMs = -62135596800000;  // 0001-01-01T00:00:00Z
  constexpr std::int64_t kLastMs = 253402300799999;   // 9999-12-31T23:59:59.999Z
  if (ms < kFirstMs || ms > kLastMs) return std::nullopt;
  return ms;
}

// Reads exactly `digits` decimal digits from the front of `s`.
bool takeDigits(std::string_view& s, std::size_t digits, unsigned& out) {
  if (s.size() < digits) return false;
  unsigned value = 0;
  for (std::size_t i = 0; i < digits; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    value = value * 10 + static_cast<unsigned>(s[i] - '0');
  }
  out = value;
  s.remove_prefix(digits);
  return true;
}

bool takeChar(std::string_view& s, char c) {
  if (s.empty() || s.front() != c) return false;
  s.remove_prefix(1);
  return true;
}

// "Z", "+hh:mm", "-hh:mm" (RFC 3339) or "+hhmm" (RFC 822); true and the offset on success.
bool takeNumericOffset(std::string_view& s, int& minutes, bool colon) {
  if (s.empty() || (s.front() != '+' && s.front() != '-')) return false;
  const int sign = s.front() == '-' ? -1 : 1;
  s.remove_prefix(1);
  unsigned h = 0, m = 0;
  if (!takeDigits(s, 2, h)) return false;
  if (colon && !takeChar(s, ':')) return false;
  if (!takeDigits(s, 2, m) || h > 23 || m > 59) return false;
  minutes = sign * static_cast<int>(h * 60 + m);
  return true;
}

std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  while (true) {
    while (!s.empty() && (isXmlSpace(s.front()) || s.front() == ',')) s.remove_prefix(1);
    if (s.empty()) return out;
    std::size_t n = 0;
    while (n < s.size() && !isXmlSpace(s[n]) && s[n] != ',') ++n;
    out.push_back(s.substr(0, n));
    s.remove_prefix(n);
  }
}

bool allDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<int> zoneOffset(std::string_view zone) {
  static constexpr std::array<std::pair<std::string_view, int>, 12> kZones{{{"GMT", 0},
                                                                           {"UT", 0},
                                                                           {"UTC", 0},
                                                                           {"Z", 0},
                                                                           {"EST", -5 * 60},
                                                                           {"EDT", -4 * 60},
                                                                           {"CST", -6 * 60},
                                                                           {"CDT", -5 * 60},
                                                                           {"MST", -7 * 60},
                                                                           {"MDT", -6 * 60},
                                                                           {"PST", -8 * 60},
                                                                           {"PDT", -7 * 60}}};
  for (const auto& [name, minutes] : kZones) {
    if (equalsIgnoreCase(zone, name)) return minutes;
  }
  int minutes = 0;
  if (takeNumericOffset(zone, minutes, false) && zone.empty()) return minutes;
  // RFC 1123 5.2.14: the one-letter military zones were defined backwards; read them as -0000.
  if (zone.size() == 1 && std::isalpha(static_cast<unsigned char>(zone.front())) != 0) return 0;
  return std::nullopt;
}

}  // namespace

std::optional<std::int64_t> parseRfc822Date(std::string_view text) {
  static constexpr std::array<std::string_view, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto w = words(trimXmlSpace(text));
  // A day name first ("Tue," or "Tue"), which says nothing the date does not.
  if (!w.empty() && !allDigits(w.front())) w.erase(w.begin());
  if (w.size() < 4 || w.size() > 5) return std::nullopt;
  DateTime t;
  if (!allDigits(w[0]) || w[0].size() > 2 || !allDigits(w[2]) || (w[2].size() != 2 && w[2].size() != 4)) {
    return std::nullopt;
  }
  t.day = static_cast<unsigned>(std::stoi(std::string(w[0])));
  const auto month = std::find_if(kMonths.begin(), kMonths.end(), [&](std::string_view m) {
    return equalsIgnoreCase(w[1].substr(0, 3), m) && (w[1].size() == 3 || w[1].size() > 3);
  });
  if (month == kMonths.end()) return std::nullopt;
  t.month = static_cast<unsigned>(month - kMonths.begin()) + 1;
  t.year = std::stoi(std::string(w[2]));
  if (w[2].size() == 2) t.year += t.year < 50 ? 2000 : 1900;  // RFC 822's two-digit years
  std::string_view time = w[3];
  if (!takeDigits(time, 2, t.hour) || !takeChar(time, ':') || !takeDigits(time, 2, t.minute)) return std::nullopt;
  if (takeChar(time, ':') && !takeDigits(time, 2, t.second)) return std::nullopt;
  if (!time.empty()) return std::nullopt;
  if (w.size() == 5) {
    const auto offset = zoneOffset(w[4]);
    if (!offset) return std::nullopt;
    t.offsetMinutes = *offset;
  }
  return toEpochMs(t);
}

std::optional<std::int64_t> parseIsoDate(std::string_view text) {
  std::string_view s = trimXmlSpace(text);
  DateTime t;
  unsigned year = 0;
  if (!takeDigits(s, 4, year)) return std::nullopt;
  t.year = year;
  if (takeChar(s, '-')) {
    if (!takeDigits(s, 2, t.month)) return std::nullopt;
    if (takeChar(s, '-')) {
      if (!takeDigits(s, 2, t.day)) return std::nullopt;
      if (!s.empty() && (s.front() == 'T' || s.front() == 't' || s.front() == ' ')) {
        s.remove_prefix(1);
        if (!takeDigits(s, 2, t.hour) || !takeChar(s, ':') || !takeDigits(s, 2, t.minute)) return std::nullopt;
        if (takeChar(s, ':')) {
          if (!takeDigits(s, 2, t.second)) return std::nullopt;
          if (takeChar(s, '.')) {
            std::size_t n = 0;
            unsigned millis = 0;
            while (n < s.size() && s[n] >= '0' && s[n] <= '9') {
              if (n < 3) millis = millis * 10 + static_cast<unsigned>(s[n] - '0');
              ++n;
            }
            if (n == 0) return std::nullopt;
            for (std::size_t i = n; i < 3; ++i) millis *= 10;
            t.millis = millis;
            s.remove_prefix(n);
          }
        }
        if (!s.empty() && (s.front() == 'Z' || s.front() == 'z')) {
          s.remove_prefix(1);
        } else if (!s.empty() && !takeNumericOffset(s, t.offsetMinutes, true)) {
          return std::nullopt;
        }
      }
    }
  }
  if (!s.empty()) return std::nullopt;
  return toEpochMs(t);
}

std::string_view entryKey(const FeedEntry& entry) noexcept { return entry.link.empty() ? entry.id : entry.link; }

namespace {

// ---- documents --------------------------------------------------------------------------

// The text of an element and of everything inside it.
void appendAllText(std::string& out, const xml::Element& e) {
  for (const xml::Node& node : e.nodes()) {
    if (const std::string* text = node.text()) out += *text;
    else appendAllText(out, *node.element());
  }
}

std::string allText(const xml::Element& e) {
  std::string out;
  appendAllText(out, e);
  return std::string(trimXmlSpace(out));
}

// An Atom text construct (RFC 4287 3.1) as plain text.
std::string atomPlainText(const xml::Element* e) { return e == nullptr ? std::string() : allText(*e); }

// An Atom text construct as HTML.
std::string atomHtml(const xml::Element& e) {
  const std::string type = e.attrOr("type", "text");
  if (type == "html") return trimmed(e.text());
  if (type == "xhtml") {
    const xml::Element* div = e.child("div", kXhtml);
    if (div == nullptr) return {};
    std::string out;
    for (const xml::Node& node : div->nodes()) {
      if (const std::string* text = node.text()) out += xml::escapeText(*text);
      else xml::appendSerialized(out, *node.element(), kXhtml);
    }
    return std::string(trimXmlSpace(out));
  }
  return xml::escapeText(allText(e));
}

std::optional<std::int64_t> firstDate(std::initializer_list<std::optional<std::int64_t>> candidates) {
  for (const auto& c : candidates) {
    if (c) return c;
  }
  return std::nullopt;
}

std::optional<std::int64_t> isoDateOf(const xml::Element* e) {
  return e == nullptr ? std::nullopt : parseIsoDate(e->text());
}

FeedEntry rss2Entry(const xml::Element& item) {
  FeedEntry entry;
  entry.title = trimmed(item.childText("title", ""));
  entry.link = trimmed(item.childText("link", ""));
  if (const xml::Element* guid = item.child("guid", "")) {
    entry.id = trimmed(guid->text());
    const bool permalink = guid->attrOr("isPermaLink", "true") != "false";
    if (entry.link.empty() && permalink) entry.link = entry.id;
  }
  entry.author = trimmed(item.childText("author", ""));
  if (entry.author.empty()) entry.author = trimmed(item.childText("creator", kDublinCore));
  entry.description = trimmed(item.childText("description", ""));
  const xml::Element* pubDate = item.child("pubDate", "");
  entry.publishedMs = firstDate({pubDate ? parseRfc822Date(pubDate->text()) : std::nullopt,
                                 isoDateOf(item.child("date", kDublinCore))});
  return entry;
}

FeedEntry rss1Entry(const xml::Element& item) {
  FeedEntry entry;
  const std::string& ns = item.ns();
  entry.title = trimmed(item.childText("title", ns));
  entry.id = item.attr("about", kRdf) ? *item.attr("about", kRdf) : std::string();
  entry.link = trimmed(item.childText("link", ns));
  if (entry.link.empty()) entry.link = entry.id;
  entry.author = trimmed(item.childText("creator", kDublinCore));
  entry.description = trimmed(item.childText("description", ns));
  entry.publishedMs = isoDateOf(item.child("date", kDublinCore));
  return entry;
}

std::string atomLink(const xml::Element& parent) {
  for (const xml::Element& link : parent.children("link", kAtom)) {
    const std::string rel = link.attrOr("rel", "alternate");
    if (rel == "alternate" || rel == "http://www.iana.org/assignments/relation/alternate") {
      return trimmed(link.attrOr("href", ""));
    }
  }
  return {};
}

std::string atomAuthor(const xml::Element& parent) {
  const xml::Element* author = parent.child("author", kAtom);
  return author == nullptr ? std::string() : trimmed(author->childText("name", kAtom));
}

FeedEntry atomEntry(const xml::Element& e, const std::string& feedAuthor) {
  FeedEntry entry;
  entry.id = trimmed(e.childText("id", kAtom));
  entry.link = atomLink(e);
  entry.title = atomPlainText(e.child("title", kAtom));
  entry.author = atomAuthor(e);
  if (entry.author.empty()) entry.author = feedAuthor;
  if (const xml::Element* content = e.child("content", kAtom); content != nullptr && !content->attr("src")) {
    entry.description = atomHtml(*content);
  } else if (const xml::Element* summary = e.child("summary", kAtom)) {
    entry.description = atomHtml(*summary);
  }
  entry.publishedMs = firstDate({isoDateOf(e.child("published", kAtom)), isoDateOf(e.child("updated", kAtom))});
  return entry;
}

template <class Range, class Read>
void addEntries(FeedDocument& doc, const Range& items, std::size_t maxEntries, Read read) {
  for (const xml::Element& item : items) {
    if (doc.entries.size() == maxEntries) return;
    doc.entries.push_back(read(item));
  }
}

}  // namespace

FeedResult parseFeed(std::string_view bytes, const FeedLimits& limits) {
  const xml::ParseResult parsed = xml::parseDocument(bytes, limits.xml);
  if (!parsed) return {std::nullopt, "not well-formed XML: " + parsed.error().message};
  const xml::Element& root = *parsed;
  FeedDocument doc;
  if (root.name() == "feed" && root.ns() == kAtom) {
    doc.format = FeedFormat::Atom1;
    doc.title = atomPlainText(root.child("title", kAtom));
    doc.link = atomLink(root);
    const std::string feedAuthor = atomAuthor(root);
    addEntries(doc, root.children("entry", kAtom), limits.maxEntries,
               [&](const xml::Element& e) { return atomEntry(e, feedAuthor); });
  } else if (root.name() == "rss" && root.ns().empty()) {
    doc.format = FeedFormat::Rss2;
    const xml::Element* channel = root.child("channel", "");
    if (channel == nullptr) return {std::nullopt, "an RSS document without a <channel>"};
    doc.title = trimmed(channel->childText("title", ""));
    doc.link = trimmed(channel->childText("link", ""));
    addEntries(doc, channel->children("item", ""), limits.maxEntries, rss2Entry);
  } else if (root.name() == "RDF" && root.ns() == kRdf) {
    doc.format = FeedFormat::Rss1;
    const xml::Element* channel = root.child("channel");
    if (channel == nullptr) return {std::nullopt, "an RSS 1.0 document without a <channel>"};
    doc.title = trimmed(channel->childText("title", channel->ns()));
    doc.link = trimmed(channel->childText("link", channel->ns()));
    addEntries(doc, root.children("item", channel->ns()), limits.maxEntries, rss1Entry);
  } else {
    return {std::nullopt, "not RSS or Atom: the root element is <" + root.name() + ">"};
  }
  return {std::move(doc), {}};
}

}  // namespace smfront::feeds
