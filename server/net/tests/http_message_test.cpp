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

}  // namespace
}  // namespace smfront::net
