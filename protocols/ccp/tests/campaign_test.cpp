#include "ccp/campaign.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "problems.hpp"

namespace smfront::ccp {
namespace {

using ::testing::ElementsAre;
using testing::Kind;
using testing::kinds;

Campaign sampleCampaign() {
  Campaign c;
  c.name = "Web Chat";
  c.publicId = "Web_Chat";
  c.description = "all chats";
  c.includeExpr = "tag:vip";
  c.feeds = {"http://host/ccp-webapp/ccp/feed/100000"};
  c.filters = {"http://host/ccp-webapp/ccp/filter/1"};
  c.changeStamp = 1;
  c.refURL = "http://host/ccp-webapp/ccp/campaign/Web_Chat";
  c.resultsURL = "http://host/ccp-webapp/ccp/campaign/Web_Chat/results";
  c.suggestedTagsURL = "http://host/ccp-webapp/ccp/campaign/Web_Chat/suggestedtags";
  return c;
}

TEST(CampaignCreate, ReadsBothSpellingsOfPublicId) {
  const Parsed<Campaign> lower = parseCampaign("<Campaign><name>A</name><publicid>a_1</publicid></Campaign>");
  ASSERT_TRUE(lower);
  EXPECT_EQ(lower->publicId, "a_1");
  const Parsed<Campaign> camel = parseCampaign("<Campaign><name>A</name><publicId>b-2</publicId></Campaign>");
  ASSERT_TRUE(camel);
  EXPECT_EQ(camel->publicId, "b-2");
  const Parsed<Campaign> none = parseCampaign("<Campaign><name>A</name></Campaign>");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->publicId, "");
}

TEST(CampaignCreate, ReportsEveryProblem) {
  const Parsed<Campaign> r =
      parseCampaign("<Campaign><publicId>bad id</publicId><changeStamp>x</changeStamp></Campaign>");
  ASSERT_FALSE(r);
  EXPECT_THAT(kinds(r.problems()), ElementsAre(Kind{"invalidInput.invalidValue", "publicId"},
                                               Kind{"invalidInput.invalidValue", "changeStamp"},
                                               Kind{"invalidInput.fieldRequired", "name"}));
  const Parsed<Campaign> longName =
      parseCampaign("<Campaign><name>" + std::string(256, 'n') + "</name></Campaign>");
  ASSERT_FALSE(longName);
  EXPECT_THAT(kinds(longName.problems()), ElementsAre(Kind{"invalidInput.outOfRange", "name"}));
}

TEST(CampaignUpdate, RequiresChangeStampAndKeepsAbsentFields) {
  const Parsed<CampaignUpdate> missing = parseCampaignUpdate("<Campaign><name>A</name></Campaign>");
  ASSERT_FALSE(missing);
  EXPECT_THAT(kinds(missing.problems()), ElementsAre(Kind{"invalidInput.fieldRequired", "changeStamp"}));

  const Parsed<CampaignUpdate> r = parseCampaignUpdate(
      "<Campaign><changeStamp>1</changeStamp><publicId>Other</publicId><feeds/>"
      "<description>new</description></Campaign>");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->changeStamp, 1);
  EXPECT_EQ(r->publicId, "Other");
  Campaign c = sampleCampaign();
  applyCampaignUpdate(c, *r);
  Campaign expected = sampleCampaign();
  expected.feeds.clear();
  expected.description = "new";
  EXPECT_EQ(c, expected);
}

TEST(CampaignRepresentation, SerializesAlphabeticallyWithMetrics) {
  Campaign c = sampleCampaign();
  c.socialContactCount = 42;
  EXPECT_EQ(serializeCampaign(c),
            "<Campaign><changeStamp>1</changeStamp><chatInvitationFeed/><description>all chats</description>"
            "<excludeExpr/><feeds><feed>http://host/ccp-webapp/ccp/feed/100000</feed></feeds>"
            "<filters><filter>http://host/ccp-webapp/ccp/filter/1</filter></filters>"
            "<includeExpr>tag:vip</includeExpr><metrics><socialContactCount>42</socialContactCount></metrics>"
            "<name>Web Chat</name><publicId>Web_Chat</publicId>"
            "<refURL>http://host/ccp-webapp/ccp/campaign/Web_Chat</refURL>"
            "<resultsURL>http://host/ccp-webapp/ccp/campaign/Web_Chat/results</resultsURL>"
            "<suggestedTagsURL>http://host/ccp-webapp/ccp/campaign/Web_Chat/suggestedtags</suggestedTagsURL>"
            "</Campaign>");
}

TEST(CampaignRepresentation, RoundTrips) {
  Campaign c = sampleCampaign();
  EXPECT_EQ(parseCampaign(serializeCampaign(c)).value(), c);
  c.socialContactCount = 0;
  c.chatInvitationFeed = "http://host/ccp-webapp/ccp/feed/100000";
  EXPECT_EQ(parseCampaign(serializeCampaign(c)).value(), c);
}

TEST(CampaignList, RoundTrips) {
  Campaign second;
  second.name = "Callbacks";
  second.publicId = "Callbacks";
  const std::vector<Campaign> list = {sampleCampaign(), second};
  const std::string xml = serializeCampaigns(list);
  EXPECT_TRUE(xml.starts_with("<campaigns><Campaign>"));
  EXPECT_EQ(parseCampaigns(xml).value(), list);
  EXPECT_EQ(serializeCampaigns({}), "<campaigns/>");
}

}  // namespace
}  // namespace smfront::ccp
