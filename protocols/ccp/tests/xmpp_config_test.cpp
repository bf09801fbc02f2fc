#include "ccp/xmpp_config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "problems.hpp"

namespace smfront::ccp {
namespace {

using ::testing::ElementsAre;
using testing::Kind;
using testing::kinds;

TEST(XmppConfig, ParsesTheDocumentedExample) {
  const auto u = parseXmppConfigUpdate(
      "<Xmpp><xmppEnabled>true</xmppEnabled><xmppHost>127.0.0.1</xmppHost><xmppPort>5222</xmppPort>"
      "<xmppService>example.com</xmppService><xmppServiceLookup>false</xmppServiceLookup>"
      "<xmppServiceUsername>smfront</xmppServiceUsername><xmppServicePassword>secret</xmppServicePassword></Xmpp>");
  ASSERT_TRUE(u);
  XmppConfig c;
  EXPECT_TRUE(applyXmppConfigUpdate(c, *u).empty());
  EXPECT_TRUE(c.xmppEnabled);
  EXPECT_EQ(c.xmppHost, "127.0.0.1");
  EXPECT_EQ(c.xmppPort, 5222);
  EXPECT_EQ(c.xmppService, "example.com");
  EXPECT_EQ(c.xmppServiceUsername, "smfront");
  EXPECT_EQ(c.xmppServicePassword, "secret");
}

TEST(XmppConfig, AcceptsUserNameSpellingAndKeepsMaskedPassword) {
  XmppConfig c;
  c.xmppServicePassword = "stored";
  const auto u = parseXmppConfigUpdate(
      "<Xmpp><xmppServiceUserName>bot</xmppServiceUserName><xmppServicePassword>******</xmppServicePassword></Xmpp>");
  ASSERT_TRUE(u);
  applyXmppConfigUpdate(c, *u);
  EXPECT_EQ(c.xmppServiceUsername, "bot");
  EXPECT_EQ(c.xmppServicePassword, "stored");
}

TEST(XmppConfig, RefusesBadValues) {
  const auto u = parseXmppConfigUpdate("<Xmpp><xmppPort>70000</xmppPort><xmppHost>a b</xmppHost><xmppEnabled>yes</xmppEnabled></Xmpp>");
  ASSERT_FALSE(u);
  EXPECT_THAT(kinds(u.problems()), ElementsAre(Kind{"invalidInput.invalidValue", "xmppEnabled"},
                                               Kind{"invalidInput.invalidValue", "xmppHost"},
                                               Kind{"invalidInput.outOfRange", "xmppPort"}));
  XmppConfig c;
  const auto enable = parseXmppConfigUpdate("<Xmpp><xmppEnabled>true</xmppEnabled></Xmpp>");
  ASSERT_TRUE(enable);
  EXPECT_THAT(kinds(applyXmppConfigUpdate(c, *enable)),
              ElementsAre(Kind{"invalidInput.fieldRequired", "xmppService"}, Kind{"invalidInput.fieldRequired", "xmppHost"},
                          Kind{"invalidInput.fieldRequired", "xmppServiceUsername"}));
}

TEST(XmppConfig, SerializesWithPasswordMasked) {
  XmppConfig c;
  c.xmppEnabled = true;
  c.xmppHost = "127.0.0.1";
  c.xmppService = "example.com";
  c.xmppServiceUsername = "smfront";
  c.xmppServicePassword = "secret";
  c.refURL = "http://h/ccp-webapp/ccp/xmpp/default";
  EXPECT_EQ(serializeXmppConfig(c),
            "<Xmpp><xmppEnabled>true</xmppEnabled><xmppHost>127.0.0.1</xmppHost><xmppPort>5222</xmppPort>"
            "<xmppService>example.com</xmppService><xmppServiceLookup>false</xmppServiceLookup>"
            "<xmppServiceUsername>smfront</xmppServiceUsername><xmppServicePassword>******</xmppServicePassword>"
            "<refURL>http://h/ccp-webapp/ccp/xmpp/default</refURL></Xmpp>");
}

}  // namespace
}  // namespace smfront::ccp
