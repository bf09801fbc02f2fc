#pragma once
// Writes the status line and header section of a response. The sessions send
// it and the body as one gather write: one system call, no copy of the body,
// and none of the per-field allocations of a general-purpose message type.
#include <ctime>
#include <string>
#include <string_view>

#include "net/http_message.hpp"

namespace smfront::net {

struct ResponseFraming {
  unsigned version = 11;  // 10 or 11, as the request
  bool keepAlive = true;
  std::string_view date;  // IMF-fixdate
};

/// Appends the head of `response` to `out` (which is cleared first). Adds
/// Server, Date, Content-Length (except for 1xx, 204 and 304) and the
/// Connection header the version needs. CR and LF in header values are
/// dropped, so no value can split the head.
void writeResponseHead(std::string& out, const Response& response, const ResponseFraming& framing);

/// RFC 9110 IMF-fixdate, e.g. "Sat, 28 Nov 2026 15:00:00 GMT".
std::string formatHttpDate(std::time_t t);

/// Whether a response with this status carries a body at all.
bool statusAllowsBody(int status);

/// The standard reason phrase, or "Unknown".
std::string_view reasonPhrase(int status);

}  // namespace smfront::net
