#include "net/http_message.hpp"

#include <gtest/gtest.h>

namespace smfront::net {
namespace {

TEST(HttpMessage, HeaderLookupIgnoresCaseAndKeepsRepeats) {
  Headers h;
  h.add("Content-Type", "text/xml");
  h.add("Set-Cookie", "a=1");
  h.add("set-cookie", "b=2");
  EXPECT_EQ(h.get("content-type"), "text/xml");
  EXPECT_EQ(h.find("X-Missing"), nullptr);
  EXPECT_EQ(h.size(), 3u);
  h.set("SET-COOKIE", "c=3");
  EXPECT_EQ(h.size(), 2u);
  EXPECT_EQ(h.get("Set-Cookie"), "c=3");
}

TEST(HttpMessage, HidingQueryValuesKeepsPathAndKeys) {
  EXPECT_EQ(withQueryValuesHidden("/ccp/callback?phone=%2B1555&name=Ann"), "/ccp/callback?phone=*&name=*");
  EXPECT_EQ(withQueryValuesHidden("/search?q=a=b&&flag&x="), "/search?q=*&&flag&x=*");
  EXPECT_EQ(withQueryValuesHidden("/plain"), "/plain");
  EXPECT_EQ(withQueryValuesHidden("/empty?"), "/empty?");
}

TEST(HttpMessage, PathAndQuerySplitAtTheFirstQuestionMark) {
  Request r;
  r.target = "/ccp/chat?eventid=3&all=true?x";
  EXPECT_EQ(r.path(), "/ccp/chat");
  EXPECT_EQ(r.query(), "eventid=3&all=true?x");
  r.target = "/metrics";
  EXPECT_EQ(r.path(), "/metrics");
  EXPECT_EQ(r.query(), "");
}

TEST(HttpMessage, AGlimpseOfAnUnparsedHeadFindsTargetAndOriginInCompleteLines) {
  const auto full = glimpseHead("POST /ccp/chat?x=1 HTTP/1.1\r\nHost: a\r\norigin:  https://shop.example \r\nX: y\r\n");
  EXPECT_EQ(full.target, "/ccp/chat?x=1");
  EXPECT_EQ(full.origin, "https://shop.example");
  const auto cut = glimpseHead("GET /ccp/chat HTTP/1.1\r\nOrigin: https://shop.exa");
  EXPECT_EQ(cut.target, "/ccp/chat");
  EXPECT_EQ(cut.origin, "") << "a line that did not end may be cut short";
  EXPECT_EQ(glimpseHead("GET /ccp/ch").target, "") << "nor a request line";
  EXPECT_EQ(glimpseHead("GET\r\nOrigin: https://a\r\n").target, "");
  EXPECT_EQ(glimpseHead("GET / HTTP/1.1\n\nOrigin: https://body.example\n").origin, "") << "nothing after the head";
  const auto fieldsOnly = glimpseHead("Host: a\r\nOrigin: https://shop.example\r\nX-Pad: aaaa", false);
  EXPECT_EQ(fieldsOnly.target, "") << "the parser took the request line";
  EXPECT_EQ(fieldsOnly.origin, "https://shop.example");
}

}  // namespace
}  // namespace smfront::net
