#include "xmpp/jid.hpp"

#include <gtest/gtest.h>

namespace smfront::xmpp {
namespace {

TEST(Jid, ParsesAllThreeParts) {
  const auto jid = Jid::parse("Agent1@Example.COM/Console");
  ASSERT_TRUE(jid);
  EXPECT_EQ(jid->local(), "agent1");
  EXPECT_EQ(jid->domain(), "example.com");
  EXPECT_EQ(jid->resource(), "Console");  // resources keep their case
  EXPECT_EQ(jid->full(), "agent1@example.com/Console");
  EXPECT_EQ(jid->bareString(), "agent1@example.com");
  EXPECT_EQ(jid->bare().full(), "agent1@example.com");
  EXPECT_FALSE(jid->isBare());
  EXPECT_TRUE(jid->bare().isBare());
}

TEST(Jid, ParsesDomainOnlyAndDomainWithResource) {
  const auto d = Jid::parse("conference.localhost");
  ASSERT_TRUE(d);
  EXPECT_FALSE(d->hasLocal());
  EXPECT_EQ(d->full(), "conference.localhost");
  const auto dr = Jid::parse("localhost/res");
  ASSERT_TRUE(dr);
  EXPECT_EQ(dr->domain(), "localhost");
  EXPECT_EQ(dr->resource(), "res");
}

TEST(Jid, ResourceMayContainAtAndSlash) {
  const auto jid = Jid::parse("room@conference.localhost/nick@home/x");
  ASSERT_TRUE(jid);
  EXPECT_EQ(jid->local(), "room");
  EXPECT_EQ(jid->resource(), "nick@home/x");
}

TEST(Jid, FoldsCaseAndTrailingDotForComparison) {
  EXPECT_EQ(Jid::parse("User@Host."), Jid::parse("user@host"));
  EXPECT_NE(Jid::parse("user@host/A"), Jid::parse("user@host/a"));
}

TEST(Jid, RejectsEmptyParts) {
  for (const char* bad : {"", "@host", "user@", "user@host/", "/res", "@", "user@/res", "."}) {
    EXPECT_FALSE(Jid::parse(bad)) << bad;
  }
}

TEST(Jid, EnforcesPartLengthLimits) {
  const std::string max(Jid::kMaxPartBytes, 'a');
  const std::string over(Jid::kMaxPartBytes + 1, 'a');
  EXPECT_TRUE(Jid::parse(max + "@" + max + "/" + max));
  EXPECT_FALSE(Jid::parse(over + "@host"));
  EXPECT_FALSE(Jid::parse("user@" + over));
  EXPECT_FALSE(Jid::parse("user@host/" + over));
}

TEST(Jid, RejectsForbiddenCharacters) {
  for (const char* bad : {"a b@host", "a\"b@host", "a&b@host", "a'b@host", "a:b@host", "a<b@host", "a>b@host",
                          "user@ho st", "user@host\x01", "user@host/r\x01"}) {
    EXPECT_FALSE(Jid::parse(bad)) << bad;
  }
  EXPECT_FALSE(Jid::parse("user@host/\xff"));  // not UTF-8
  EXPECT_FALSE(Jid::parse("\xc0\xaf@host"));   // overlong
  const auto utf8 = Jid::parse("j\xc3\xb6rg@host/\xe2\x98\x83");
  ASSERT_TRUE(utf8);
  EXPECT_EQ(utf8->local(), "j\xc3\xb6rg");
}

TEST(Jid, MakeAndWithResourceValidate) {
  const auto jid = Jid::make("Alice", "Localhost", "smfront");
  ASSERT_TRUE(jid);
  EXPECT_EQ(jid->full(), "alice@localhost/smfront");
  EXPECT_FALSE(Jid::make("a@b", "localhost"));
  EXPECT_FALSE(Jid::make("alice", ""));
  EXPECT_EQ(jid->bare().withResource("r2")->full(), "alice@localhost/r2");
  EXPECT_FALSE(jid->withResource(""));
}

}  // namespace
}  // namespace smfront::xmpp
