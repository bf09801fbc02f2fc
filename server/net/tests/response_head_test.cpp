#include "net/response_head.hpp"

#include <gtest/gtest.h>

namespace smfront::net {
namespace {

constexpr std::string_view kDate = "Sat, 28 Nov 2026 15:00:00 GMT";

TEST(ResponseHead, KeepAliveHttp11) {
  auto r = Response::text(200, "ok\n");
  std::string out;
  writeResponseHead(out, r, {.version = 11, .keepAlive = true, .date = kDate});
  EXPECT_EQ(out,
            "HTTP/1.1 200 OK\r\nServer: smfront\r\nDate: Sat, 28 Nov 2026 15:00:00 GMT\r\n"
            "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 3\r\n\r\n");
}

TEST(ResponseHead, CloseAndHttp10KeepAlive) {
  Response r;
  r.status = 404;
  std::string out;
  writeResponseHead(out, r, {.version = 11, .keepAlive = false, .date = kDate});
  EXPECT_NE(out.find("HTTP/1.1 404 Not Found\r\n"), std::string::npos);
  EXPECT_NE(out.find("Connection: close\r\n"), std::string::npos);
  writeResponseHead(out, r, {.version = 10, .keepAlive = true, .date = kDate});
  EXPECT_EQ(out.rfind("HTTP/1.0 404", 0), 0u);
  EXPECT_NE(out.find("Connection: keep-alive\r\n"), std::string::npos);
}

TEST(ResponseHead, NoContentLengthWhereNoBodyIsAllowed) {
  Response r;
  r.status = 304;
  std::string out;
  writeResponseHead(out, r, {.date = kDate});
  EXPECT_EQ(out.find("Content-Length"), std::string::npos);
  EXPECT_EQ(out.substr(0, 28), "HTTP/1.1 304 Not Modified\r\nS");
}

TEST(ResponseHead, HeaderValuesCannotSplitTheHead) {
  Response r;
  r.headers.add("Location", "/x\r\nSet-Cookie: evil=1");
  std::string out;
  writeResponseHead(out, r, {.date = kDate});
  EXPECT_NE(out.find("Location: /xSet-Cookie: evil=1\r\n"), std::string::npos) << out;
}

TEST(ResponseHead, RepeatedHeadersStayRepeated) {
  Response r;
  r.headers.add("Set-Cookie", "a=1");
  r.headers.add("Set-Cookie", "b=2");
  std::string out;
  writeResponseHead(out, r, {.date = kDate});
  EXPECT_NE(out.find("Set-Cookie: a=1\r\nSet-Cookie: b=2\r\n"), std::string::npos);
}

}  // namespace
}  // namespace smfront::net
