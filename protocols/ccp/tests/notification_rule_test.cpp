#include "ccp/notification_rule.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "problems.hpp"

namespace smfront::ccp {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using testing::Kind;
using testing::kinds;

constexpr std::string_view kCampaign = "http://host/ccp-webapp/ccp/campaign/Sales";

std::string imRule(std::string_view extra = {}) {
  return "<NotificationRule><name>VIP</name><type>im</type><campaignUrl>" + std::string(kCampaign) +
         "</campaignUrl><tags><tag>vip</tag></tags><targets><target>boss@localhost</target></targets>" +
         std::string(extra) + "</NotificationRule>";
}

TEST(NotificationRuleCreate, ReadsAnImRule) {
  const auto r = parseNotificationRule(imRule("<body>hi</body>"));
  ASSERT_TRUE(r) << r.problems().front().errorMessage;
  EXPECT_EQ(r->type, RuleType::Im);
  EXPECT_EQ(r->name, "VIP");
  EXPECT_EQ(r->tags, std::vector<std::string>{"vip"});
  EXPECT_EQ(r->targets, std::vector<std::string>{"boss@localhost"});
  EXPECT_EQ(r->body, "hi");
  EXPECT_EQ(campaignIdFromRefUrl(r->campaignUrl), "Sales");
}

TEST(NotificationRuleCreate, TypeIsCaseInsensitive) {
  const auto r = parseNotificationRule(
      "<NotificationRule><name>h</name><type>HTTP</type><campaignUrl>http://h/ccp-webapp/ccp/campaign/c</campaignUrl>"
      "<tags><tag>t</tag></tags><httpUrl>https://hooks.example.com/in</httpUrl></NotificationRule>");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->type, RuleType::Http);
  EXPECT_TRUE(r->sslVerifyCertificates);
}

TEST(NotificationRuleCreate, RefusesMissingFields) {
  const auto r = parseNotificationRule("<NotificationRule><type>im</type></NotificationRule>");
  ASSERT_FALSE(r);
  EXPECT_THAT(kinds(r.problems()), Contains(Kind{"invalidInput.fieldRequired", "name"}));
  EXPECT_THAT(kinds(r.problems()), Contains(Kind{"invalidInput.fieldRequired", "campaignUrl"}));
  EXPECT_THAT(kinds(r.problems()), Contains(Kind{"invalidInput.fieldRequired", "tags"}));
  EXPECT_THAT(kinds(r.problems()), Contains(Kind{"invalidInput.fieldRequired", "targets"}));
  const auto noType = parseNotificationRule("<NotificationRule><name>n</name></NotificationRule>");
  ASSERT_FALSE(noType);
  EXPECT_THAT(kinds(noType.problems()), ElementsAre(Kind{"invalidInput.fieldRequired", "type"}));
}

TEST(NotificationRuleCreate, RefusesTooManyTagsOrTargets) {
  std::string tags = "<tags>";
  for (int i = 0; i < 6; ++i) tags += "<tag>t" + std::to_string(i) + "</tag>";
  tags += "</tags>";
  std::string targets = "<targets>";
  for (int i = 0; i < 11; ++i) targets += "<target>u" + std::to_string(i) + "@localhost</target>";
  targets += "</targets>";
  const auto r = parseNotificationRule("<NotificationRule><name>n</name><type>im</type><campaignUrl>" +
                                       std::string(kCampaign) + "</campaignUrl>" + tags + targets +
                                       "</NotificationRule>");
  ASSERT_FALSE(r);
  EXPECT_THAT(kinds(r.problems()), Contains(Kind{"invalidInput.outOfRange", "tags"}));
  EXPECT_THAT(kinds(r.problems()), Contains(Kind{"invalidInput.outOfRange", "targets"}));
}

TEST(NotificationRuleCreate, RefusesBadUrlsTypesAndTargets) {
  const auto badUrl = parseNotificationRule(
      "<NotificationRule><name>h</name><type>http</type><campaignUrl>" + std::string(kCampaign) +
      "</campaignUrl><tags><tag>t</tag></tags><httpUrl>ftp://x/</httpUrl></NotificationRule>");
  ASSERT_FALSE(badUrl);
  EXPECT_THAT(kinds(badUrl.problems()), ElementsAre(Kind{"invalidInput.invalidValue", "httpUrl"}));
  const auto noUrl = parseNotificationRule("<NotificationRule><name>h</name><type>http</type><campaignUrl>" +
                                           std::string(kCampaign) + "</campaignUrl><tags><tag>t</tag></tags></NotificationRule>");
  ASSERT_FALSE(noUrl);
  EXPECT_THAT(kinds(noUrl.problems()), ElementsAre(Kind{"invalidInput.fieldRequired", "httpUrl"}));
  const auto badType = parseNotificationRule(imRule().replace(imRule().find("<type>im"), 8, "<type>sms"));
  ASSERT_FALSE(badType);
  EXPECT_THAT(kinds(badType.problems()), ElementsAre(Kind{"invalidInput.invalidValue", "type"}));
  const auto badJid = parseNotificationRule(
      "<NotificationRule><name>n</name><type>im</type><campaignUrl>" + std::string(kCampaign) +
      "</campaignUrl><tags><tag>t</tag></tags><targets><target>not a jid</target></targets></NotificationRule>");
  ASSERT_FALSE(badJid);
  EXPECT_THAT(kinds(badJid.problems()), ElementsAre(Kind{"invalidInput.invalidValue", "targets"}));
  const auto badCampaign = parseNotificationRule(
      "<NotificationRule><name>n</name><type>im</type><campaignUrl>http://h/feed/1</campaignUrl><tags><tag>t</tag>"
      "</tags><targets><target>a@b</target></targets></NotificationRule>");
  ASSERT_FALSE(badCampaign);
  EXPECT_THAT(kinds(badCampaign.problems()), ElementsAre(Kind{"invalidInput.invalidValue", "campaignUrl"}));
}

TEST(NotificationRuleCreate, CceNeedsScriptSelectorAndMrd) {
  const auto r = parseNotificationRule("<NotificationRule><name>c</name><type>cce</type><campaignUrl>" +
                                       std::string(kCampaign) + "</campaignUrl><tags><tag>t</tag></tags></NotificationRule>");
  ASSERT_FALSE(r);
  EXPECT_THAT(kinds(r.problems()), ElementsAre(Kind{"invalidInput.fieldRequired", "scriptSelector"},
                                               Kind{"invalidInput.fieldRequired", "mediaRoutingDomainId"}));
  const auto ok = parseNotificationRule("<NotificationRule><name>c</name><type>cce</type><campaignUrl>" +
                                        std::string(kCampaign) +
                                        "</campaignUrl><tags><tag>t</tag></tags><scriptSelector>Chat</scriptSelector>"
                                        "<mediaRoutingDomainId>5001</mediaRoutingDomainId></NotificationRule>");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->mediaRoutingDomainId, 5001);
}

TEST(NotificationRuleCreate, EmailSubjectAndBodyLimits) {
  const std::string longSubject(256, 's');
  const auto r = parseNotificationRule("<NotificationRule><name>e</name><type>email</type><campaignUrl>" +
                                       std::string(kCampaign) + "</campaignUrl><tags><tag>t</tag></tags><targets>"
                                       "<target>a@example.com</target></targets><subject>" + longSubject +
                                       "</subject></NotificationRule>");
  ASSERT_FALSE(r);
  EXPECT_THAT(kinds(r.problems()), ElementsAre(Kind{"invalidInput.outOfRange", "subject"}));
}

TEST(NotificationRuleUpdate, NeedsChangeStampAndKeepsMaskedPassword) {
  const auto missing = parseNotificationRuleUpdate("<NotificationRule><name>x</name></NotificationRule>");
  ASSERT_FALSE(missing);
  EXPECT_THAT(kinds(missing.problems()), ElementsAre(Kind{"invalidInput.fieldRequired", "changeStamp"}));
  NotificationRule rule;
  rule.type = RuleType::Http;
  rule.httpPassword = "secret";
  const auto u = parseNotificationRuleUpdate(
      "<NotificationRule><changeStamp>3</changeStamp><httpPassword>******</httpPassword><name>new</name></NotificationRule>");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->changeStamp, 3);
  applyNotificationRuleUpdate(rule, *u);
  EXPECT_EQ(rule.httpPassword, "secret");
  EXPECT_EQ(rule.name, "new");
}

TEST(NotificationRuleSerialize, RoundTripsWithPasswordMasked) {
  NotificationRule r;
  r.id = 100000;
  r.name = "Hook & co";
  r.type = RuleType::Http;
  r.campaignUrl = std::string(kCampaign);
  r.tags = {"vip", "web"};
  r.httpUrl = "http://127.0.0.1:8080/in?x=1&y=2";
  r.httpUsername = "u";
  r.httpPassword = "p";
  r.sslVerifyCertificates = false;
  r.changeStamp = 4;
  r.refURL = "http://host/ccp-webapp/ccp/notificationrule/100000";
  const std::string xml = serializeNotificationRule(r);
  EXPECT_NE(xml.find("<httpPassword>******</httpPassword>"), std::string::npos);
  const auto back = parseNotificationRule(xml);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->httpUrl, r.httpUrl);
  EXPECT_EQ(back->name, r.name);
  EXPECT_EQ(back->tags, r.tags);
  EXPECT_FALSE(back->sslVerifyCertificates);
  EXPECT_EQ(back->id, 100000);
  const std::vector<NotificationRule> list{r};
  EXPECT_EQ(serializeNotificationRules(list).rfind("<NotificationRules><NotificationRule>", 0), 0u);
}

TEST(NotificationPayload, AddsTagAndScreenPopUrl) {
  EXPECT_EQ(notificationPayload("<SocialContact><id>1</id></SocialContact>", "vip", "http://h/x?a=1&b=2"),
            "<SocialContact><id>1</id><notificationTag>vip</notificationTag>"
            "<screenPopUrl>http://h/x?a=1&amp;b=2</screenPopUrl></SocialContact>");
}

TEST(HttpUrl, Checks) {
  EXPECT_TRUE(isHttpUrl("http://127.0.0.1:80/x"));
  EXPECT_TRUE(isHttpUrl("HTTPS://example.com"));
  EXPECT_FALSE(isHttpUrl("http://"));
  EXPECT_FALSE(isHttpUrl("http:///x"));
  EXPECT_FALSE(isHttpUrl("http://a b/"));
  EXPECT_FALSE(isHttpUrl("mailto:a@b"));
}

}  // namespace
}  // namespace smfront::ccp
