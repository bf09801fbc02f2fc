#include "response_parser.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace smload {

namespace {

constexpr std::size_t kMaxHead = 64 * 1024;

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool parseSize(std::string_view text, std::size_t& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

void ResponseParser::reset() {
  buffer_.clear();
  response_ = Response{};
  bodyStart_ = 0;
  error_.clear();
}

ResponseParser::State ResponseParser::fail(std::string message) {
  error_ = std::move(message);
  return State::Error;
}

ResponseParser::State ResponseParser::feed(std::string_view bytes) {
  buffer_.append(bytes);
  if (bodyStart_ == 0) {
    const auto headEnd = buffer_.find("\r\n\r\n");
    if (headEnd == std::string::npos) {
      return buffer_.size() > kMaxHead ? fail("response head larger than 64 KiB") : State::Incomplete;
    }
    bodyStart_ = headEnd + 4;
    if (const State s = parseHead(std::string_view(buffer_).substr(0, headEnd)); s == State::Error) return s;
  }
  const std::size_t end = bodyStart_ + response_.bodyBytes;
  if (buffer_.size() < end) return State::Incomplete;
  if (buffer_.size() > end) return fail("bytes after the end of the response");
  response_.body.assign(buffer_, bodyStart_, response_.bodyBytes);
  return State::Complete;
}

ResponseParser::State ResponseParser::parseHead(std::string_view head) {
  const auto lineEnd = head.find("\r\n");
  const std::string_view statusLine = head.substr(0, lineEnd);
  // "HTTP/1.1 200 OK"
  if (statusLine.size() < 12 || !statusLine.starts_with("HTTP/1.") || statusLine[8] != ' ') {
    return fail("malformed status line: " + std::string(statusLine.substr(0, 80)));
  }
  const std::string_view code = statusLine.substr(9, 3);
  const auto [codeEnd, codeEc] = std::from_chars(code.data(), code.data() + code.size(), response_.status);
  if (codeEc != std::errc() || codeEnd != code.data() + code.size()) return fail("malformed status code");
  response_.close = statusLine.starts_with("HTTP/1.0");

  bool haveLength = false;
  std::string_view rest = lineEnd == std::string_view::npos ? std::string_view{} : head.substr(lineEnd + 2);
  while (!rest.empty()) {
    const auto end = rest.find("\r\n");
    const std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 2);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return fail("malformed header line");
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = trim(line.substr(colon + 1));
    if (equalsIgnoreCase(name, "Content-Length")) {
      if (!parseSize(value, response_.bodyBytes)) return fail("malformed Content-Length");
      haveLength = true;
    } else if (equalsIgnoreCase(name, "Transfer-Encoding")) {
      return fail("Transfer-Encoding is not supported by this client");
    } else if (equalsIgnoreCase(name, "Connection")) {
      if (equalsIgnoreCase(value, "close")) response_.close = true;
    } else if (equalsIgnoreCase(name, "Location")) {
      response_.location = std::string(value);
    } else if (equalsIgnoreCase(name, "Set-Cookie")) {
      constexpr std::string_view kCookie = "JSESSIONID=";
      if (value.starts_with(kCookie)) {
        const std::string_view v = value.substr(kCookie.size());
        response_.sessionCookie = std::string(v.substr(0, v.find(';')));
      }
    }
  }
  const bool bodiless = response_.status == 204 || response_.status == 304 || response_.status < 200;
  if (!haveLength && !bodiless) return fail("response without Content-Length");
  return State::Incomplete;
}

}  // namespace smload
