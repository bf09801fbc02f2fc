#include "eventing/room_history.hpp"

#include <charconv>
#include <string_view>

#include "eventing/stanzas.hpp"

namespace smfront::eventing {

namespace {

template <class Number>
std::optional<Number> number(const std::string* text) {
  if (text == nullptr) return std::nullopt;
  Number n{};
  const auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
  if (ec != std::errc{} || ptr != text->data() + text->size() || n < 0) return std::nullopt;
  return n;
}

bool digits(std::string_view s, std::size_t at, std::size_t count, int& out) {
  if (at + count > s.size()) return false;
  out = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
std::int64_t daysFromCivil(std::int64_t y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * static_cast<unsigned>(m + (m > 2 ? -3 : 9)) + 2) / 5 + static_cast<unsigned>(d) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// XEP-0082 DateTime: CCYY-MM-DDThh:mm:ss[.sss](Z|(+|-)hh:mm), in ms since the epoch.
std::optional<std::int64_t> parseDateTime(std::string_view s) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!digits(s, 0, 4, year) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, month) || s[7] != '-' ||
      !digits(s, 8, 2, day) || s[10] != 'T' || !digits(s, 11, 2, hour) || s[13] != ':' || !digits(s, 14, 2, minute) ||
      s[16] != ':' || !digits(s, 17, 2, second)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  std::size_t at = 19;
  int ms = 0;
  if (at < s.size() && s[at] == '.') {
    std::size_t end = at + 1;
    while (end < s.size() && s[end] >= '0' && s[end] <= '9') ++end;
    if (end == at + 1) return std::nullopt;
    int scale = 100;
    for (std::size_t i = at + 1; i < end && scale > 0; ++i, scale /= 10) ms += (s[i] - '0') * scale;
    at = end;
  }
  std::int64_t offsetMinutes = 0;
  if (at < s.size() && s[at] == 'Z') {
    ++at;
  } else if (at < s.size() && (s[at] == '+' || s[at] == '-')) {
    int oh = 0, om = 0;
    if (!digits(s, at + 1, 2, oh) || at + 3 >= s.size() || s[at + 3] != ':' || !digits(s, at + 4, 2, om)) {
      return std::nullopt;
    }
    offsetMinutes = (s[at] == '-' ? -1 : 1) * (oh * 60 + om);
    at += 6;
  } else {
    return std::nullopt;
  }
  if (at != s.size()) return std::nullopt;
  const std::int64_t seconds =
      daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60;
  return seconds * 1000 + ms;
}

}  // namespace

HistoryRequest readHistoryRequest(const xml::Element& presence) {
  HistoryRequest request;
  const xml::Element* x = presence.child("x", ns::kMuc);
  const xml::Element* history = x ? x->child("history", ns::kMuc) : nullptr;
  if (history == nullptr) return request;
  request.maxStanzas = number<std::size_t>(history->attr("maxstanzas"));
  request.maxChars = number<std::size_t>(history->attr("maxchars"));
  request.seconds = number<std::int64_t>(history->attr("seconds"));
  if (const std::string* since = history->attr("since")) request.sinceMs = parseDateTime(*since);
  return request;
}

std::size_t historyToSend(const std::vector<HistoryEntry>& entries, const HistoryRequest& request,
                          const HistoryPolicy& policy, std::int64_t nowMs) {
  std::size_t maxStanzas = policy.maxStanzas;
  if (request.maxStanzas) maxStanzas = std::min(maxStanzas, *request.maxStanzas);
  std::optional<std::size_t> maxChars = request.maxChars;
  if (policy.maxBytes > 0) maxChars = std::min(maxChars.value_or(policy.maxBytes), policy.maxBytes);
  std::optional<std::int64_t> from = request.sinceMs;
  if (request.seconds) {
    // Clamped: a huge value asks for everything, not for an overflow.
    const std::int64_t secondsMs = *request.seconds > nowMs / 1000 ? nowMs : *request.seconds * 1000;
    from = std::max(from.value_or(nowMs - secondsMs), nowMs - secondsMs);
  }
  std::size_t count = 0;
  std::size_t chars = 0;
  for (auto it = entries.rbegin(); it != entries.rend() && count < maxStanzas; ++it) {
    if (from && it->timeMs < *from) break;
    if (maxChars && it->chars > *maxChars - chars) break;
    chars += it->chars;
    ++count;
  }
  return count;
}

}  // namespace smfront::eventing
