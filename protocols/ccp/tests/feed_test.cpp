#include "ccp/feed.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "problems.hpp"

namespace smfront::ccp {
namespace {

using ::testing::ElementsAre;
using testing::Kind;
using testing::kinds;

Feed sampleFeed() {
  Feed f;
  f.id = 100000;
  f.name = "Chat & Web";
  f.description = "website chat";
  f.type = FeedType::Chat;
  f.status = 1;
  f.tags = {"ccx_chat_req", "web"};
  f.pushFeedURL = "http://host/ccp-webapp/ccp/chatfeed/100000";
  f.refURL = "http://host/ccp-webapp/ccp/feed/100000";
  f.chatJoinTimeout = 90;
  f.chatInactivityTimeout = 600;
  f.changeStamp = 2;
  f.mrRouting = true;
  return f;
}

TEST(FeedCreate, AppliesDefaults) {
  const Parsed<Feed> r = parseFeed("<Feed><name>Chat</name><type>8</type></Feed>");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->name, "Chat");
  EXPECT_EQ(r->type, FeedType::Chat);
  EXPECT_EQ(r->chatJoinTimeout, 60);
  EXPECT_EQ(r->chatInactivityTimeout, 300);
  EXPECT_EQ(r->status, 1);
  EXPECT_FALSE(r->mrRouting);
  EXPECT_FALSE(r->id);
}

TEST(FeedCreate, AcceptsEveryDocumentedType) {
  for (const int type : {7, 8, 10, 12}) {
    const Parsed<Feed> r = parseFeed("<Feed><name>n</name><type>" + std::to_string(type) + "</type></Feed>");
    ASSERT_TRUE(r) << type;
    EXPECT_EQ(static_cast<int>(r->type), type);
  }
}

TEST(FeedCreate, ReportsEveryProblem) {
  const Parsed<Feed> missing = parseFeed("<Feed><description>d</description></Feed>");
  ASSERT_FALSE(missing);
  EXPECT_THAT(kinds(missing.problems()), ElementsAre(Kind{"invalidInput.fieldRequired", "name"},
                                                     Kind{"invalidInput.fieldRequired", "type"}));

  const Parsed<Feed> bad =
      parseFeed("<Feed><name>" + std::string(256, 'n') +
                "</name><type>9</type><chatJoinTimeout>0</chatJoinTimeout>"
                "<chatInactivityTimeout>abc</chatInactivityTimeout>"
                "<pollingInterval>-1</pollingInterval><mrRouting>yes</mrRouting></Feed>");
  ASSERT_FALSE(bad);
  EXPECT_THAT(kinds(bad.problems()),
              ElementsAre(Kind{"invalidInput.outOfRange", "name"}, Kind{"invalidInput.invalidValue", "type"},
                          Kind{"invalidInput.outOfRange", "pollingInterval"},
                          Kind{"invalidInput.outOfRange", "chatJoinTimeout"},
                          Kind{"invalidInput.invalidValue", "chatInactivityTimeout"},
                          Kind{"invalidInput.invalidValue", "mrRouting"}));
  EXPECT_EQ(bad.problems()[0].errorMessage, "name is longer than 255 characters");
}

TEST(FeedCreate, NonNumericTypeIsInvalid) {
  const Parsed<Feed> r = parseFeed("<Feed><name>n</name><type>chat</type></Feed>");
  ASSERT_FALSE(r);
  EXPECT_THAT(kinds(r.problems()), ElementsAre(Kind{"invalidInput.invalidValue", "type"}));
}

TEST(FeedUpdate, RequiresChangeStamp) {
  for (const char* body : {"<Feed><name>n</name></Feed>", "<Feed><changeStamp/></Feed>"}) {
    const Parsed<FeedUpdate> r = parseFeedUpdate(body);
    ASSERT_FALSE(r) << body;
    EXPECT_EQ(r.problems(),
              (Problems{{"invalidInput.fieldRequired", "changeStamp", "changeStamp is required"}}));
  }
}

TEST(FeedUpdate, AbsentFieldsStayUnchanged) {
  const Parsed<FeedUpdate> r = parseFeedUpdate(
      "<Feed><changeStamp>2</changeStamp><chatJoinTimeout>120</chatJoinTimeout><tags/></Feed>");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->changeStamp, 2);
  EXPECT_FALSE(r->name);
  EXPECT_FALSE(r->type);
  Feed feed = sampleFeed();
  applyFeedUpdate(feed, *r);
  Feed expected = sampleFeed();
  expected.chatJoinTimeout = 120;
  expected.tags.clear();
  EXPECT_EQ(feed, expected);
}

TEST(FeedUpdate, ChecksPresentFields) {
  const Parsed<FeedUpdate> r =
      parseFeedUpdate("<Feed><changeStamp>1</changeStamp><name/><type>3</type></Feed>");
  ASSERT_FALSE(r);
  EXPECT_THAT(kinds(r.problems()), ElementsAre(Kind{"invalidInput.invalidValue", "type"},
                                               Kind{"invalidInput.fieldRequired", "name"}));
}

TEST(FeedRepresentation, SerializesAlphabetically) {
  EXPECT_EQ(serializeFeed(sampleFeed()),
            "<Feed><changeStamp>2</changeStamp><chatInactivityTimeout>600</chatInactivityTimeout>"
            "<chatJoinTimeout>90</chatJoinTimeout><description>website chat</description><id>100000</id>"
            "<minAge>0</minAge><mrRouting>true</mrRouting><name>Chat &amp; Web</name>"
            "<pollingInterval>0</pollingInterval>"
            "<pushFeedURL>http://host/ccp-webapp/ccp/chatfeed/100000</pushFeedURL>"
            "<refURL>http://host/ccp-webapp/ccp/feed/100000</refURL><replyTemplateRefURL/>"
            "<status>1</status><tags><tag>ccx_chat_req</tag><tag>web</tag></tags><type>8</type></Feed>");
}

TEST(FeedRepresentation, RoundTrips) {
  const Feed f = sampleFeed();
  EXPECT_EQ(parseFeed(serializeFeed(f)).value(), f);
  Feed plain;
  plain.name = "x";
  plain.type = FeedType::Task;
  EXPECT_EQ(parseFeed(serializeFeed(plain)).value(), plain);
}

TEST(FeedList, FullRoundTripsAndSummaryKeepsFourFields) {
  Feed second = sampleFeed();
  second.id = 100001;
  second.name = "Callbacks";
  second.type = FeedType::Callback;
  second.refURL = "http://host/ccp-webapp/ccp/feed/100001";
  const std::vector<Feed> feeds = {sampleFeed(), second};
  EXPECT_EQ(parseFeeds(serializeFeeds(feeds, false)).value(), feeds);

  EXPECT_EQ(serializeFeeds(feeds, true),
            "<feeds><Feed><name>Chat &amp; Web</name><refURL>http://host/ccp-webapp/ccp/feed/100000</refURL>"
            "<status>1</status><type>8</type></Feed>"
            "<Feed><name>Callbacks</name><refURL>http://host/ccp-webapp/ccp/feed/100001</refURL>"
            "<status>1</status><type>10</type></Feed></feeds>");
  const std::vector<Feed> summary = parseFeeds(serializeFeeds(feeds, true)).value();
  ASSERT_EQ(summary.size(), 2u);
  EXPECT_EQ(summary[1].name, "Callbacks");
  EXPECT_EQ(summary[1].type, FeedType::Callback);
  EXPECT_EQ(summary[1].refURL, second.refURL);
  EXPECT_EQ(serializeFeeds({}, true), "<feeds/>");
}

}  // namespace
}  // namespace smfront::ccp
