#include <gtest/gtest.h>

#include "bosh/namespaces.hpp"
#include "bosh/tests/session_fixture.hpp"

namespace smfront::bosh {
namespace {

using namespace testing;

Creation createFrom(std::string_view attributes, const SessionConfig& config = {}) {
  return Session::create(parseOrFail(bodyText(attributes)), config, std::string(kTestSid), kFeatures, Time{});
}

void expectRefused(std::string_view attributes, Condition condition) {
  SCOPED_TRACE(attributes);
  const Creation creation = createFrom(attributes);
  EXPECT_FALSE(creation);
  EXPECT_EQ(creation.condition, condition);
  // Answered as HTTP 200 with a terminate body naming the condition.
  const xml::Element body = parseBody(creation.body);
  EXPECT_EQ(body.ns(), kHttpBindNs);
  EXPECT_EQ(body.attrOr("type", ""), "terminate");
  EXPECT_EQ(body.attrOr("condition", ""), toString(condition));
}

TEST(SessionCreation, MissingOrBadWaitAndHoldAreBadRequest) {
  expectRefused("rid='1' to='localhost' hold='1'", Condition::BadRequest);
  expectRefused("rid='1' to='localhost' wait='60'", Condition::BadRequest);
  expectRefused("rid='1' to='localhost' wait='60' hold='0'", Condition::BadRequest);
}

TEST(SessionCreation, MissingToIsImproperAddressing) {
  expectRefused("rid='1' wait='60' hold='1'", Condition::ImproperAddressing);
  expectRefused("rid='1' wait='60' hold='1' to=''", Condition::ImproperAddressing);
}

TEST(SessionCreation, ForeignDomainIsHostUnknown) {
  expectRefused("rid='1' wait='60' hold='1' to='example.com'", Condition::HostUnknown);
  expectRefused("rid='1' wait='60' hold='1' to='localhost.'", Condition::HostUnknown);
}

TEST(SessionCreation, DomainMatchIgnoresCase) {
  EXPECT_TRUE(createFrom("rid='1' wait='60' hold='1' to='LocalHost'"));
}

TEST(SessionCreation, ResponseHasEveryAttributeAndFeatures) {
  const Creation creation = createFrom(
      "rid='1573741820' to='localhost' xml:lang='en' wait='60' hold='1' content='text/xml; charset=utf-8' "
      "ver='1.6' xmpp:version='1.0'");
  ASSERT_TRUE(creation);
  EXPECT_EQ(creation.condition, Condition::None);
  const xml::Element body = parseBody(creation.body);
  EXPECT_EQ(body.ns(), kHttpBindNs);
  EXPECT_EQ(body.attrOr("sid", ""), kTestSid);
  EXPECT_EQ(body.attrOr("authid", ""), kTestSid);
  EXPECT_EQ(body.attrOr("from", ""), "localhost");
  EXPECT_EQ(body.attrOr("wait", ""), "60");
  EXPECT_EQ(body.attrOr("hold", ""), "1");
  EXPECT_EQ(body.attrOr("requests", ""), "2");
  EXPECT_EQ(body.attrOr("inactivity", ""), "60");
  EXPECT_EQ(body.attrOr("polling", ""), "5");
  EXPECT_EQ(body.attrOr("maxpause", ""), "120");
  EXPECT_EQ(body.attrOr("ver", ""), "1.6");
  EXPECT_EQ(body.attrOr("secure", ""), "true");
  ASSERT_NE(body.attr("version", kXboshNs), nullptr);
  EXPECT_EQ(*body.attr("version", kXboshNs), "1.0");
  ASSERT_NE(body.attr("restartlogic", kXboshNs), nullptr);
  EXPECT_EQ(body.attr("ack"), nullptr);
  EXPECT_NE(creation.body.find("xmlns:stream='http://etherx.jabber.org/streams'"), std::string::npos);
  EXPECT_NE(body.child("features", kStreamNs), nullptr);

  const Session& s = *creation.session;
  EXPECT_EQ(s.sid(), kTestSid);
  EXPECT_EQ(s.lastRid(), 1573741820u);
  EXPECT_EQ(s.wait(), 60s);
  EXPECT_EQ(s.hold(), 1u);
  EXPECT_EQ(s.requests(), 2u);
  EXPECT_EQ(s.inactivity(), 60s);
  EXPECT_FALSE(s.acks());
  EXPECT_EQ(s.heldCount(), 0u);
  EXPECT_FALSE(s.ended());
}

TEST(SessionCreation, HoldAboveOneBecomesOne) {
  const Creation creation = createFrom("rid='1' to='localhost' wait='60' hold='2'");
  ASSERT_TRUE(creation);
  EXPECT_EQ(parseBody(creation.body).attrOr("hold", ""), "1");
  EXPECT_EQ(creation.session->hold(), 1u);
}

TEST(SessionCreation, WaitIsCappedButShorterWaitKept) {
  EXPECT_EQ(parseBody(createFrom("rid='1' to='localhost' wait='300' hold='1'").body).attrOr("wait", ""), "60");
  const Creation shorter = createFrom("rid='1' to='localhost' wait='20' hold='1'");
  EXPECT_EQ(parseBody(shorter.body).attrOr("wait", ""), "20");
  EXPECT_EQ(shorter.session->wait(), 20s);
}

TEST(SessionCreation, AckOnlyWhenAskedForAndEqualsTheRid) {
  const Creation asked = createFrom("rid='77' to='localhost' wait='60' hold='1' ack='1'");
  ASSERT_TRUE(asked);
  EXPECT_EQ(parseBody(asked.body).attrOr("ack", ""), "77");
  EXPECT_TRUE(asked.session->acks());
  const Creation other = createFrom("rid='77' to='localhost' wait='60' hold='1' ack='5'");
  EXPECT_EQ(parseBody(other.body).attr("ack"), nullptr);
  EXPECT_FALSE(other.session->acks());
}

TEST(SessionCreation, VerIsTheLowerOfClientsAndOurs) {
  EXPECT_EQ(parseBody(createFrom("rid='1' to='localhost' wait='60' hold='1' ver='1.10'").body).attrOr("ver", ""),
            "1.6");
  EXPECT_EQ(parseBody(createFrom("rid='1' to='localhost' wait='60' hold='1' ver='1.5'").body).attrOr("ver", ""),
            "1.5");
  EXPECT_EQ(parseBody(createFrom("rid='1' to='localhost' wait='60' hold='1' ver='2.0'").body).attrOr("ver", ""),
            "1.6");
  EXPECT_EQ(parseBody(createFrom("rid='1' to='localhost' wait='60' hold='1'").body).attrOr("ver", ""), "1.0");
  EXPECT_EQ(parseBody(createFrom("rid='1' to='localhost' wait='60' hold='1' ver='x'").body).attrOr("ver", ""), "1.0");
}

TEST(SessionCreation, ConfiguredValuesAreOffered) {
  SessionConfig config;
  config.domain = "smf.example";
  config.inactivity = 30s;
  config.maxPause = 90s;
  config.polling = 3s;
  config.secure = false;
  const Creation creation = createFrom("rid='1' to='smf.example' wait='60' hold='1'", config);
  ASSERT_TRUE(creation);
  const xml::Element body = parseBody(creation.body);
  EXPECT_EQ(body.attrOr("from", ""), "smf.example");
  EXPECT_EQ(body.attrOr("inactivity", ""), "30");
  EXPECT_EQ(body.attrOr("maxpause", ""), "90");
  EXPECT_EQ(body.attrOr("polling", ""), "3");
  EXPECT_EQ(body.attrOr("secure", ""), "false");
}

TEST(SessionCreation, RouteKeyAndContentAreAcceptedNotEnforced) {
  EXPECT_TRUE(createFrom("rid='1' to='localhost' wait='60' hold='1' route='xmpp:localhost:5222' key='abc' "
                         "content='text/xml'"));
}

using CreatedSession = SessionTest;

TEST_F(CreatedSession, CreationResponseIsReplayedForItsRid) {
  const Outcome out = send(kFirstRid, at(1s));
  EXPECT_EQ(onlyReply(out).body, creationBody);
  EXPECT_EQ(onlyReply(out).ticket, lastTicket);
  EXPECT_TRUE(out.inbound.empty());
  EXPECT_FALSE(session->ended());
}

TEST_F(CreatedSession, FirstDeadlineIsInactivityFromCreation) {
  EXPECT_EQ(session->nextDeadline(), t0 + 60s);
}

}  // namespace
}  // namespace smfront::bosh
