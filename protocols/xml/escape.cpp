#include "xml/escape.hpp"

#include <array>

namespace smfront::xml {

namespace {

enum class Context { Text, Attribute, None };

// What to do with one ASCII byte: nullptr copies it, "" drops it, anything else replaces it.
using Table = std::array<const char*, 128>;

constexpr Table makeTable(Context context) {
  Table table{};
  for (int c = 0; c < 0x20; ++c) table[c] = "";
  table['\t'] = nullptr;
  table['\n'] = nullptr;
  if (context == Context::None) {
    table['\r'] = nullptr;
    return table;
  }
  // A literal \r would reach the reader as \n after line-end normalization.
  table['\r'] = "&#xD;";
  table['&'] = "&amp;";
  table['<'] = "&lt;";
  // Always escaped so that "]]>" can never appear in content.
  table['>'] = "&gt;";
  if (context == Context::Attribute) {
    table['"'] = "&quot;";
    table['\''] = "&apos;";
    // Attribute-value normalization would turn literal whitespace into spaces.
    table['\t'] = "&#x9;";
    table['\n'] = "&#xA;";
  }
  return table;
}

constexpr Table kTextTable = makeTable(Context::Text);
constexpr Table kAttributeTable = makeTable(Context::Attribute);
constexpr Table kPlainTable = makeTable(Context::None);

bool isContinuation(unsigned char c) noexcept { return (c & 0xC0) == 0x80; }

// Length of the well-formed UTF-8 sequence at in[i] (lead byte >= 0x80) if it encodes a
// character XML 1.0 allows, else 0. Follows the Unicode table of well-formed byte sequences,
// which rules out overlong forms, surrogates and code points above U+10FFFF.
std::size_t validSequenceLength(std::string_view in, std::size_t i) noexcept {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(in[i + k]); };
  const std::size_t left = in.size() - i;
  const unsigned char lead = byte(0);
  if (lead >= 0xC2 && lead <= 0xDF) {
    return left >= 2 && isContinuation(byte(1)) ? 2 : 0;
  }
  if (lead >= 0xE0 && lead <= 0xEF) {
    if (left < 3) return 0;
    const unsigned char b1 = byte(1);
    const unsigned char lo = lead == 0xE0 ? 0xA0 : 0x80;
    const unsigned char hi = lead == 0xED ? 0x9F : 0xBF;
    if (b1 < lo || b1 > hi || !isContinuation(byte(2))) return 0;
    // U+FFFE and U+FFFF are encoded EF BF BE / EF BF BF.
    if (lead == 0xEF && b1 == 0xBF && byte(2) >= 0xBE) return 0;
    return 3;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    if (left < 4) return 0;
    const unsigned char b1 = byte(1);
    const unsigned char lo = lead == 0xF0 ? 0x90 : 0x80;
    const unsigned char hi = lead == 0xF4 ? 0x8F : 0xBF;
    if (b1 < lo || b1 > hi || !isContinuation(byte(2)) || !isContinuation(byte(3))) return 0;
    return 4;
  }
  return 0;
}

// Copies runs of unchanged bytes in one append; only special bytes take the slow path.
void appendFiltered(std::string& out, std::string_view in, const Table& table) {
  out.reserve(out.size() + in.size());
  std::size_t run = 0;
  std::size_t i = 0;
  const auto flush = [&](std::size_t upto) { out.append(in.data() + run, upto - run); };
  while (i < in.size()) {
    const auto c = static_cast<unsigned char>(in[i]);
    if (c < 0x80) {
      const char* replacement = table[c];
      if (replacement == nullptr) {
        ++i;
        continue;
      }
      flush(i);
      out += replacement;
      run = ++i;
      continue;
    }
    if (const std::size_t len = validSequenceLength(in, i); len != 0) {
      i += len;
      continue;
    }
    flush(i);
    run = ++i;
  }
  flush(i);
}

}  // namespace

void appendEscapedText(std::string& out, std::string_view text) { appendFiltered(out, text, kTextTable); }

void appendEscapedAttribute(std::string& out, std::string_view value) {
  appendFiltered(out, value, kAttributeTable);
}

std::string escapeText(std::string_view text) {
  std::string out;
  appendEscapedText(out, text);
  return out;
}

std::string escapeAttribute(std::string_view value) {
  std::string out;
  appendEscapedAttribute(out, value);
  return out;
}

std::string stripInvalidChars(std::string_view text) {
  std::string out;
  appendFiltered(out, text, kPlainTable);
  return out;
}

}  // namespace smfront::xml
