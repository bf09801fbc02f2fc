#include "ccp/request_body.hpp"

#include <array>

#include "ccp/validation.hpp"
#include "xml/parser.hpp"

namespace smfront::ccp {

namespace {

bool isDigit(char c) noexcept { return c >= '0' && c <= '9'; }
bool isHexDigit(char c) noexcept { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Without a DTD only the five predefined entities exist, so any other name is as broken as
// a bare '&' and is escaped too: "AT&T;" from a careless client means the literal text.
bool startsReference(std::string_view rest) noexcept {
  static constexpr std::array<std::string_view, 5> kEntities = {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"};
  for (const std::string_view e : kEntities) {
    if (rest.starts_with(e)) return true;
  }
  if (!rest.starts_with("&#")) return false;
  std::size_t i = 2;
  const bool hex = i < rest.size() && rest[i] == 'x';
  if (hex) ++i;
  const std::size_t digitsStart = i;
  while (i < rest.size() && (hex ? isHexDigit(rest[i]) : isDigit(rest[i]))) ++i;
  return i > digitsStart && i < rest.size() && rest[i] == ';';
}

// Copies a section that ends with @p close verbatim; returns the index after it.
std::size_t copyThrough(std::string& out, std::string_view in, std::size_t i, std::string_view close) {
  const std::size_t end = in.find(close, i);
  const std::size_t stop = end == std::string_view::npos ? in.size() : end + close.size();
  out.append(in.substr(i, stop - i));
  return stop;
}

std::string describe(const xml::Error& error) {
  std::string text = error.message;
  if (error.line != 0) {
    text += " (line " + std::to_string(error.line) + ", column " + std::to_string(error.column) + ")";
  }
  return text;
}

ApiError bodyProblem(const xml::Error& error, std::string_view body) {
  switch (error.code) {
    case xml::ErrorCode::TooLarge:
    case xml::ErrorCode::TextTooLarge:
    case xml::ErrorCode::TooDeep:
    case xml::ErrorCode::TooManyAttributes:
      return outOfRange("body", "the request body exceeds a size limit: " + describe(error));
    case xml::ErrorCode::Malformed:
    case xml::ErrorCode::UnexpectedEnd:
      // Expat reads undeclared documents as UTF-8 and stops at the first bad byte with a
      // generic message; say what is actually wrong.
      if (!isValidUtf8(body)) return invalidValue("body", "the request body is not valid UTF-8");
      return invalidValue("body", "the request body is not well-formed XML: " + describe(error));
    default:
      return invalidValue("body", "the request body is not acceptable XML: " + describe(error));
  }
}

}  // namespace

std::string escapeBareAmpersands(std::string_view body) {
  std::string out;
  out.reserve(body.size() + 16);
  std::size_t i = 0;
  while (i < body.size()) {
    const std::string_view rest = body.substr(i);
    if (rest.starts_with("<![CDATA[")) {
      i = copyThrough(out, body, i, "]]>");
    } else if (rest.starts_with("<!--")) {
      i = copyThrough(out, body, i, "-->");
    } else if (body[i] == '&' && !startsReference(rest)) {
      out += "&amp;";
      ++i;
    } else {
      out += body[i++];
    }
  }
  return out;
}

std::string removeForbiddenChars(std::string_view body) {
  std::string out;
  out.reserve(body.size());
  for (std::size_t i = 0; i < body.size(); ++i) {
    const auto c = static_cast<unsigned char>(body[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
    // EF BF BE / EF BF BF encode U+FFFE / U+FFFF and cannot be part of any other sequence.
    if (c == 0xEF && i + 2 < body.size() && static_cast<unsigned char>(body[i + 1]) == 0xBF &&
        static_cast<unsigned char>(body[i + 2]) >= 0xBE) {
      i += 2;
      continue;
    }
    out += body[i];
  }
  return out;
}

Parsed<xml::Element> parseXmlBody(std::string_view body, std::string_view rootName, BodyRepair repair) {
  xml::ParseResult result = xml::parseDocument(body, kBodyLimits);
  if (!result && result.error().code == xml::ErrorCode::Malformed) {
    const std::string repaired = repair == BodyRepair::AmpersandsAndForbiddenChars
                                     ? escapeBareAmpersands(removeForbiddenChars(body))
                                     : escapeBareAmpersands(body);
    if (repaired != body) {
      xml::ParseResult retry = xml::parseDocument(repaired, kBodyLimits);
      // The first error is the one to report: it points into the body the client sent.
      if (retry) result = std::move(retry);
    }
  }
  if (!result) return Problems{bodyProblem(result.error(), body)};
  if (result->name() != rootName) {
    return Problems{
        invalidValue("body", "expected root element " + std::string(rootName) + ", found " + result->name())};
  }
  return std::move(result).value();
}

}  // namespace smfront::ccp
