#include "net/response_head.hpp"

#include <charconv>

namespace smfront::net {

namespace {
void appendNumber(std::string& out, std::size_t n) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
  out.append(digits, end);
}

void appendSanitized(std::string& out, std::string_view value) {
  for (char c : value) {
    if (c != '\r' && c != '\n') out += c;
  }
}
}  // namespace

std::string formatHttpDate(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[64];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return text;
}

bool statusAllowsBody(int status) { return status >= 200 && status != 204 && status != 304; }

std::string_view reasonPhrase(int status) {
  switch (status) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
  }
  return "Unknown";
}

void writeResponseHead(std::string& out, const Response& response, const ResponseFraming& framing) {
  out.clear();
  out += framing.version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  appendNumber(out, static_cast<std::size_t>(response.status));
  out += ' ';
  out += reasonPhrase(response.status);
  out += "\r\nServer: smfront\r\nDate: ";
  out += framing.date;
  out += "\r\n";
  for (const auto& h : response.headers) {
    appendSanitized(out, h.name);
    out += ": ";
    appendSanitized(out, h.value);
    out += "\r\n";
  }
  if (statusAllowsBody(response.status)) {
    out += "Content-Length: ";
    appendNumber(out, response.body.size());
    out += "\r\n";
  }
  if (!framing.keepAlive) {
    out += "Connection: close\r\n";
  } else if (framing.version == 10) {
    out += "Connection: keep-alive\r\n";
  }
  out += "\r\n";
}

}  // namespace smfront::net
