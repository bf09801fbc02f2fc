#include "ccp/validation.hpp"

#include <charconv>

namespace smfront::ccp {

namespace {

bool isContinuation(unsigned char c) noexcept { return (c & 0xC0) == 0x80; }

char lowerAscii(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

bool isValidUtf8(std::string_view text) noexcept {
  std::size_t i = 0;
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  while (i < text.size()) {
    const unsigned char lead = at(0);
    const std::size_t left = text.size() - i;
    if (lead < 0x80) {
      ++i;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      if (left < 2 || !isContinuation(at(1))) return false;
      i += 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      if (left < 3) return false;
      // The second byte's range rules out overlong forms (E0) and surrogates (ED).
      const unsigned char lo = lead == 0xE0 ? 0xA0 : 0x80;
      const unsigned char hi = lead == 0xED ? 0x9F : 0xBF;
      if (at(1) < lo || at(1) > hi || !isContinuation(at(2))) return false;
      i += 3;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      if (left < 4) return false;
      const unsigned char lo = lead == 0xF0 ? 0x90 : 0x80;
      const unsigned char hi = lead == 0xF4 ? 0x8F : 0xBF;
      if (at(1) < lo || at(1) > hi || !isContinuation(at(2)) || !isContinuation(at(3))) return false;
      i += 4;
    } else {
      return false;
    }
  }
  return true;
}

std::size_t countChars(std::string_view utf8) noexcept {
  std::size_t n = 0;
  for (const char c : utf8) {
    if (!isContinuation(static_cast<unsigned char>(c))) ++n;
  }
  return n;
}

std::optional<std::int64_t> parseInt64(std::string_view text) noexcept {
  text = trimXmlSpace(text);
  if (text.empty()) return std::nullopt;
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

std::optional<bool> parseBool(std::string_view text) noexcept {
  text = trimXmlSpace(text);
  if (equalsIgnoreCase(text, "true")) return true;
  if (equalsIgnoreCase(text, "false")) return false;
  return std::nullopt;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lowerAscii(a[i]) != lowerAscii(b[i])) return false;
  }
  return true;
}

std::string toLowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = lowerAscii(c);
  return out;
}

bool checkUtf8(Problems& problems, std::string_view field, std::string_view value) {
  if (isValidUtf8(value)) return true;
  problems.push_back(invalidValue(field, std::string(field) + " is not valid UTF-8"));
  return false;
}

bool checkText(Problems& problems, std::string_view field, std::string_view value, std::size_t maxChars) {
  if (!checkUtf8(problems, field, value)) return false;
  if (countChars(value) <= maxChars) return true;
  problems.push_back(
      outOfRange(field, std::string(field) + " is longer than " + std::to_string(maxChars) + " characters"));
  return false;
}

std::optional<std::int64_t> checkInteger(Problems& problems, std::string_view field, std::string_view text,
                                         std::int64_t min, std::int64_t max) {
  const std::optional<std::int64_t> value = parseInt64(text);
  if (!value) {
    problems.push_back(invalidValue(field, std::string(field) + " must be a whole number"));
    return std::nullopt;
  }
  if (*value < min || *value > max) {
    problems.push_back(outOfRange(field, std::string(field) + " must be between " + std::to_string(min) +
                                             " and " + std::to_string(max)));
    return std::nullopt;
  }
  return value;
}

bool checkCount(Problems& problems, std::string_view field, std::size_t count, std::size_t max) {
  if (count <= max) return true;
  problems.push_back(outOfRange(field, "more than " + std::to_string(max) + " " + std::string(field)));
  return false;
}

}  // namespace smfront::ccp
