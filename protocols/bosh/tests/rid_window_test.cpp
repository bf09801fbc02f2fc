#include <gtest/gtest.h>

#include "bosh/tests/session_fixture.hpp"

namespace smfront::bosh {
namespace {

using namespace testing;
using RidWindow = SessionTest;

constexpr std::string_view kMessage =
    "<message xmlns='jabber:client' to='a@localhost' id='m1'><body>hi</body></message>";

void expectTerminated(const Outcome& out, const Session& session, Condition condition) {
  ASSERT_TRUE(out.ended.has_value());
  EXPECT_EQ(out.ended->reason, EndReason::ServerTerminated);
  EXPECT_EQ(out.ended->condition, condition);
  ASSERT_FALSE(out.replies.empty());
  for (const Reply& reply : out.replies) EXPECT_EQ(reply.body, terminateBody(condition));
  EXPECT_TRUE(session.finished());
}

TEST_F(RidWindow, NextRidRunsAndIsHeld) {
  const Outcome out = send(1001, at(1s), {}, kMessage);
  EXPECT_TRUE(out.replies.empty());
  ASSERT_EQ(out.inbound.size(), 1u);
  EXPECT_EQ(out.inbound[0].rid, 1001u);
  EXPECT_FALSE(out.inbound[0].restart);
  EXPECT_FALSE(out.inbound[0].terminate);
  ASSERT_EQ(out.inbound[0].stanzas.size(), 1u);
  EXPECT_EQ(out.inbound[0].stanzas[0].name(), "message");
  EXPECT_EQ(session->lastRid(), 1001u);
  EXPECT_EQ(session->heldCount(), 1u);
  EXPECT_FALSE(out.ended);
}

TEST_F(RidWindow, EmptyRequestStillReportsAnInboundBatch) {
  // The XMPP layer sees every in-order request, e.g. to treat the one after SASL success as
  // a restart even without xmpp:restart.
  const Outcome out = send(1001, at(1s));
  ASSERT_EQ(out.inbound.size(), 1u);
  EXPECT_TRUE(out.inbound[0].stanzas.empty());
}

TEST_F(RidWindow, EarlyRidParksThenRunsInOrder) {
  const Outcome early = send(1002, at(1s), {}, "<presence xmlns='jabber:client' id='second'/>");
  const Ticket earlyTicket = lastTicket;
  EXPECT_TRUE(early.replies.empty());
  EXPECT_TRUE(early.inbound.empty());
  EXPECT_EQ(session->parkedCount(), 1u);
  EXPECT_EQ(session->lastRid(), 1000u);

  const Outcome gap = send(1001, at(2s), {}, "<presence xmlns='jabber:client' id='first'/>");
  ASSERT_EQ(gap.inbound.size(), 2u);
  EXPECT_EQ(gap.inbound[0].rid, 1001u);
  EXPECT_EQ(*gap.inbound[0].stanzas.at(0).attr("id"), "first");
  EXPECT_EQ(gap.inbound[1].rid, 1002u);
  EXPECT_EQ(*gap.inbound[1].stanzas.at(0).attr("id"), "second");
  EXPECT_EQ(session->lastRid(), 1002u);
  EXPECT_EQ(session->parkedCount(), 0u);
  // hold=1: 1001 was answered (empty) when 1002 took its place.
  const Reply released = onlyReply(gap);
  EXPECT_EQ(released.ticket, lastTicket);
  EXPECT_EQ(released.body, emptyBody());
  EXPECT_EQ(session->heldCount(), 1u);

  // The parked request is the held one now: the next delivery goes out on its ticket.
  session->deliver("<message xmlns='jabber:client' id='x'/>", at(3s));
  EXPECT_EQ(onlyReply(session->flush(at(3s))).ticket, earlyTicket);
}

TEST_F(RidWindow, RepeatReplaysIdenticalBodyWithoutRerunning) {
  send(1001, at(1s), {}, kMessage);
  session->deliver("<message xmlns='jabber:client' id='reply'><body>a &amp; b</body></message>", at(1s));
  const Reply first = onlyReply(session->flush(at(1s)));

  const Outcome again = send(1001, at(70s), {}, kMessage);
  const Reply replay = onlyReply(again);
  EXPECT_EQ(replay.body, first.body);
  EXPECT_EQ(replay.ticket, lastTicket);
  EXPECT_TRUE(again.inbound.empty());
  EXPECT_FALSE(session->ended());
  EXPECT_EQ(session->lastRid(), 1001u);
}

TEST_F(RidWindow, WaitExpiryAnswerIsReplayedToo) {
  send(1001, at(1s));
  const Reply expired = onlyReply(session->onTimer(at(61s)));
  EXPECT_EQ(expired.body, emptyBody());
  EXPECT_EQ(onlyReply(send(1001, at(62s))).body, expired.body);
}

TEST_F(RidWindow, RetransmissionOfHeldRidTakesItsPlace) {
  // Strophe aborts after 1.1 x wait and re-sends the same rid; that must never kill the session.
  send(1001, at(1s), {}, kMessage);
  const Ticket first = lastTicket;
  const Outcome retry = send(1001, at(2s), {}, kMessage);
  const Ticket second = lastTicket;
  const Reply old = onlyReply(retry);
  EXPECT_EQ(old.ticket, first);
  EXPECT_EQ(old.body, emptyBody());
  EXPECT_TRUE(retry.inbound.empty());
  EXPECT_EQ(session->heldCount(), 1u);
  EXPECT_FALSE(session->ended());
  // The wait restarts for the new HTTP request.
  EXPECT_EQ(session->nextDeadline(), at(62s));

  session->deliver(kMessage, at(3s));
  const Reply real = onlyReply(session->flush(at(3s)));
  EXPECT_EQ(real.ticket, second);
  EXPECT_NE(real.body.find("id='m1'"), std::string::npos);
  // And that answer is what a further repeat sees.
  EXPECT_EQ(onlyReply(send(1001, at(4s))).body, real.body);
}

TEST_F(RidWindow, RetransmissionOfParkedRidTakesItsPlace) {
  send(1002, at(1s), {}, kMessage);
  const Ticket first = lastTicket;
  const Outcome retry = send(1002, at(2s), {}, kMessage);
  const Ticket second = lastTicket;
  EXPECT_EQ(onlyReply(retry).ticket, first);
  EXPECT_EQ(onlyReply(retry).body, emptyBody());
  EXPECT_EQ(session->parkedCount(), 1u);

  const Outcome gap = send(1001, at(3s));
  ASSERT_EQ(gap.inbound.size(), 2u);
  EXPECT_EQ(gap.inbound[1].stanzas.size(), 1u);  // run once
  session->deliver(kMessage, at(3s));
  EXPECT_EQ(onlyReply(session->flush(at(3s))).ticket, second);
}

TEST_F(RidWindow, BeyondTheWindowIsItemNotFound) {
  send(1001, at(1s));
  const Ticket held = lastTicket;
  const Outcome out = send(1004, at(2s));
  expectTerminated(out, *session, Condition::ItemNotFound);
  ASSERT_EQ(out.replies.size(), 2u);
  EXPECT_EQ(out.replies[0].ticket, held);
  EXPECT_EQ(out.replies[1].ticket, lastTicket);
}

TEST_F(RidWindow, WindowFollowsRequests) {
  // requests=2: L+2 parks, L+3 is out.
  EXPECT_FALSE(send(1002, at(1s)).ended);
  expectTerminated(send(1003, at(1s)), *session, Condition::ItemNotFound);
}

TEST_F(RidWindow, LargerRequestsWidenTheWindow) {
  config.requests = 3;
  create();
  EXPECT_FALSE(send(1003, at(1s)).ended);
  EXPECT_EQ(session->parkedCount(), 1u);
  expectTerminated(send(1004, at(1s)), *session, Condition::ItemNotFound);
}

TEST_F(RidWindow, OldRidNotCachedIsItemNotFound) {
  send(1001, at(1s));
  send(1002, at(2s));  // answers 1001
  send(1003, at(3s));  // answers 1002; cache holds 1001 and 1002, creation (1000) dropped
  expectTerminated(send(1000, at(4s)), *session, Condition::ItemNotFound);
}

TEST_F(RidWindow, CacheKeepsTheLastTwoAnswers) {
  send(1001, at(1s));
  send(1002, at(2s));
  send(1003, at(3s));
  EXPECT_EQ(onlyReply(send(1001, at(4s))).body, emptyBody());
  EXPECT_EQ(onlyReply(send(1002, at(4s))).body, emptyBody());
  EXPECT_FALSE(session->ended());
}

TEST_F(RidWindow, ClientAckDropsCachedAnswers) {
  send(1001, at(1s));
  send(1002, at(2s));  // answers 1001
  // Without the ack, 1001 would still be replayable (see CacheKeepsTheLastTwoAnswers).
  EXPECT_FALSE(send(1003, at(3s), "ack='1001'").ended);
  expectTerminated(send(1001, at(4s)), *session, Condition::ItemNotFound);
}

TEST_F(RidWindow, AckBelowAnAnswerKeepsIt) {
  send(1001, at(1s));
  send(1002, at(2s), "ack='1000'");
  EXPECT_EQ(onlyReply(send(1001, at(3s))).body, emptyBody());
}

TEST_F(RidWindow, LargestRidsWork) {
  create("wait='60' hold='1'", kMaxRid - 2);
  EXPECT_FALSE(send(kMaxRid - 1, at(1s)).ended);
  const Outcome last = send(kMaxRid, at(2s));
  EXPECT_FALSE(last.ended);
  EXPECT_EQ(session->lastRid(), kMaxRid);
  // A request built by hand with a rid past the range ends the session like a parse refusal.
  Request beyond;
  beyond.rid = kMaxRid + 1;
  beyond.sid = std::string(kTestSid);
  const Outcome out = session->onRequest(std::move(beyond), 99, at(3s));
  ASSERT_TRUE(out.ended);
  EXPECT_EQ(out.ended->condition, Condition::BadRequest);
}

TEST_F(RidWindow, ServerAcksReportTheHighestRidWhenAnsweringAnOlderOne) {
  create("wait='60' hold='1' ack='1'");
  send(1001, at(1s));
  const Outcome out = send(1002, at(2s));
  EXPECT_EQ(parseBody(onlyReply(out).body).attrOr("ack", ""), "1002");
  // Answering the newest request needs no ack.
  session->deliver(kMessage, at(3s));
  EXPECT_EQ(parseBody(onlyReply(session->flush(at(3s))).body).attr("ack"), nullptr);
}

TEST_F(RidWindow, NoAcksUnlessNegotiated) {
  send(1001, at(1s));
  EXPECT_EQ(parseBody(onlyReply(send(1002, at(2s))).body).attr("ack"), nullptr);
}

TEST_F(RidWindow, ParkedRequestPastWaitGetsEmptyBodyAndStillRunsOnce) {
  send(1002, at(1s), {}, kMessage);
  const Ticket parked = lastTicket;
  EXPECT_EQ(session->nextDeadline(), at(61s));
  EXPECT_TRUE(session->onTimer(at(60s)).replies.empty());
  const Reply expired = onlyReply(session->onTimer(at(61s)));
  EXPECT_EQ(expired.ticket, parked);
  EXPECT_EQ(expired.body, emptyBody());
  EXPECT_EQ(session->parkedCount(), 1u);

  const Outcome gap = send(1001, at(62s));
  ASSERT_EQ(gap.inbound.size(), 2u);
  EXPECT_EQ(gap.inbound[1].stanzas.size(), 1u);
  // 1001 is held; 1002 has no HTTP request left, so nothing was released for it.
  EXPECT_TRUE(gap.replies.empty());
  EXPECT_EQ(session->heldCount(), 1u);
  EXPECT_EQ(session->lastRid(), 1002u);
  // Its replay is the empty body it already got.
  EXPECT_EQ(onlyReply(send(1002, at(63s))).body, emptyBody());
}

}  // namespace
}  // namespace smfront::bosh
