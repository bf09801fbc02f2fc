#include <gtest/gtest.h>

#include "bosh/tests/session_fixture.hpp"

namespace smfront::bosh {
namespace {

using namespace testing;
using Inactivity = SessionTest;
using Pause = SessionTest;

void expectInactiveEnd(const Outcome& out, const Session& session) {
  ASSERT_TRUE(out.ended.has_value());
  EXPECT_EQ(out.ended->reason, EndReason::Inactive);
  EXPECT_TRUE(out.replies.empty());  // nobody to answer
  EXPECT_TRUE(session.finished());
  EXPECT_FALSE(session.nextDeadline().has_value());
}

TEST_F(Inactivity, SessionGoesAfterTheLimitWithNothingHeld) {
  EXPECT_FALSE(session->onTimer(at(60s) - 1ms).ended);
  EXPECT_FALSE(session->finished());
  expectInactiveEnd(session->onTimer(at(60s)), *session);
}

TEST_F(Inactivity, CountsFromTheLastAnswer) {
  send(1001, at(10s));
  send(1002, at(20s));  // 1001 answered, 1002 held
  EXPECT_EQ(onlyReply(session->onTimer(at(80s))).body, emptyBody());  // wait expiry
  EXPECT_EQ(session->nextDeadline(), at(140s));
  EXPECT_FALSE(session->onTimer(at(139s)).ended);
  expectInactiveEnd(session->onTimer(at(140s)), *session);
}

TEST_F(Inactivity, HeldPollCountsAsActivity) {
  config.inactivity = 30s;
  create();
  send(1001, at(1s));
  // Held for longer than the inactivity limit: still alive.
  const Outcome during = session->onTimer(at(50s));
  EXPECT_FALSE(during.ended);
  EXPECT_TRUE(during.replies.empty());
  EXPECT_EQ(session->nextDeadline(), at(61s));
  EXPECT_EQ(onlyReply(session->onTimer(at(61s))).body, emptyBody());
  EXPECT_FALSE(session->onTimer(at(90s)).ended);
  expectInactiveEnd(session->onTimer(at(91s)), *session);
}

TEST_F(Inactivity, ParkedRequestWithAnOpenHttpRequestCountsAsActivity) {
  send(1002, at(1s));
  EXPECT_FALSE(session->onTimer(at(59s)).ended);
  EXPECT_EQ(onlyReply(session->onTimer(at(61s))).body, emptyBody());
  EXPECT_FALSE(session->onTimer(at(120s)).ended);
  expectInactiveEnd(session->onTimer(at(121s)), *session);
}

TEST_F(Inactivity, ReplayedRequestRestartsTheCount) {
  EXPECT_EQ(onlyReply(send(1000, at(50s))).body, creationBody);
  EXPECT_EQ(session->nextDeadline(), at(110s));
  EXPECT_FALSE(session->onTimer(at(100s)).ended);
}

TEST_F(Inactivity, DeliveryIsNotClientActivity) {
  session->deliver("<message xmlns='jabber:client'/>", at(59s));
  expectInactiveEnd(session->onTimer(at(60s)), *session);
}

TEST_F(Inactivity, EndedSessionRefusesEverything) {
  session->onTimer(at(60s));
  ASSERT_TRUE(session->finished());
  EXPECT_TRUE(session->deliver("<message xmlns='jabber:client'/>", at(61s)).replies.empty());
  EXPECT_FALSE(session->terminate(Condition::SystemShutdown, at(61s)).ended);
  EXPECT_FALSE(session->onTimer(at(200s)).ended);
  EXPECT_EQ(onlyReply(send(1001, at(62s))).body, terminateBody(Condition::ItemNotFound));
}

TEST_F(Pause, AnswersAtOnceWithEveryHeldRequest) {
  send(1001, at(1s));
  const Ticket held = lastTicket;
  session->deliver("<message xmlns='jabber:client' id='p'/>", at(1s));
  const Outcome out = send(1002, at(2s), "pause='30'");
  const Ticket pausing = lastTicket;
  ASSERT_EQ(out.replies.size(), 2u);
  EXPECT_EQ(out.replies[0].ticket, held);
  EXPECT_EQ(out.replies[0].body, responseBody("<message xmlns='jabber:client' id='p'/>"));
  EXPECT_EQ(out.replies[1].ticket, pausing);
  EXPECT_EQ(out.replies[1].body, emptyBody());
  EXPECT_EQ(session->heldCount(), 0u);
  EXPECT_FALSE(out.ended);
  ASSERT_EQ(out.inbound.size(), 1u);
}

TEST_F(Pause, SetsTheInactivityLimitForThatGap) {
  send(1001, at(1s), "pause='20'");
  EXPECT_EQ(session->nextDeadline(), at(21s));
  EXPECT_FALSE(session->onTimer(at(21s) - 1ms).ended);
  expectInactiveEnd(session->onTimer(at(21s)), *session);
}

TEST_F(Pause, LongerPauseOutlivesTheNormalLimit) {
  send(1001, at(1s), "pause='120'");
  EXPECT_FALSE(session->onTimer(at(100s)).ended);
  // The client comes back: the gap is over and the normal limit applies again.
  send(1002, at(110s));
  EXPECT_EQ(onlyReply(session->onTimer(at(170s))).body, emptyBody());
  EXPECT_EQ(session->nextDeadline(), at(230s));
}

TEST_F(Pause, AboveMaxpauseIsPolicyViolation) {
  send(1001, at(1s));
  const Ticket held = lastTicket;
  const Outcome out = send(1002, at(2s), "pause='121'");
  ASSERT_TRUE(out.ended);
  EXPECT_EQ(out.ended->reason, EndReason::ServerTerminated);
  EXPECT_EQ(out.ended->condition, Condition::PolicyViolation);
  ASSERT_EQ(out.replies.size(), 2u);
  EXPECT_EQ(out.replies[0].ticket, held);
  EXPECT_EQ(out.replies[1].ticket, lastTicket);
  for (const Reply& reply : out.replies) EXPECT_EQ(reply.body, terminateBody(Condition::PolicyViolation));
  EXPECT_TRUE(session->finished());
}

TEST_F(Pause, ExactlyMaxpauseIsAllowed) {
  EXPECT_FALSE(send(1001, at(1s), "pause='120'").ended);
}

}  // namespace
}  // namespace smfront::bosh
