#pragma once

// Incremental parser for one HTTP/1.1 response at a time on a keep-alive
// connection. It knows only what the load client needs: the status, the body
// length from Content-Length (smfront and nginx never chunk these answers, so
// chunked bodies are reported as errors rather than half-supported), the
// JSESSIONID cookie, the Location header and the body.

#include <cstddef>
#include <string>
#include <string_view>

namespace smload {

struct Response {
  int status = 0;
  std::string sessionCookie;  // value of JSESSIONID in Set-Cookie, if any
  std::string location;       // the Location header, if any
  bool close = false;         // the server will close after this answer
  std::size_t bodyBytes = 0;
  std::string body;           // once complete
};

class ResponseParser {
 public:
  enum class State { Incomplete, Complete, Error };

  // Appends received bytes. Bytes past the end of the response are an error:
  // the client never pipelines, so nothing may follow an answer.
  State feed(std::string_view bytes);
  const Response& response() const { return response_; }
  const std::string& error() const { return error_; }
  void reset();

 private:
  State parseHead(std::string_view head);
  State fail(std::string message);

  std::string buffer_;
  Response response_;
  std::size_t bodyStart_ = 0;  // 0 while the head is incomplete
  std::string error_;
};

}  // namespace smload
