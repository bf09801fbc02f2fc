#include <gtest/gtest.h>

#include "bosh/namespaces.hpp"
#include "bosh/tests/session_fixture.hpp"
#include "xml/writer.hpp"

namespace smfront::bosh {
namespace {

using namespace testing;
using HoldAndWait = SessionTest;

constexpr std::string_view kOne = "<message xmlns='jabber:client' id='one'/>";
constexpr std::string_view kTwo = "<message xmlns='jabber:client' id='two'/>";

TEST_F(HoldAndWait, SecondRequestReleasesTheOlder) {
  send(1001, at(1s));
  const Ticket older = lastTicket;
  const Outcome out = send(1002, at(2s));
  const Reply released = onlyReply(out);
  EXPECT_EQ(released.ticket, older);
  EXPECT_EQ(released.body, emptyBody());
  EXPECT_EQ(session->heldCount(), 1u);
}

TEST_F(HoldAndWait, ReleasedRequestCarriesPendingStanzas) {
  send(1001, at(1s));
  session->deliver(kOne, at(1s));  // not flushed yet this turn
  const Outcome out = send(1002, at(1s));
  const Reply released = onlyReply(out);
  EXPECT_EQ(released.body, responseBody(kOne));
  EXPECT_EQ(session->pendingBytes(), 0u);
}

TEST_F(HoldAndWait, ThirdConcurrentRequestIsTolerated) {
  send(1001, at(1s));
  const Ticket first = lastTicket;
  send(1002, at(1s));
  const Ticket second = lastTicket;
  const Outcome third = send(1003, at(1s));
  EXPECT_FALSE(third.ended);
  EXPECT_FALSE(session->ended());
  EXPECT_EQ(onlyReply(third).ticket, second);
  EXPECT_NE(onlyReply(third).ticket, first);
  EXPECT_EQ(session->heldCount(), 1u);
  EXPECT_EQ(session->lastRid(), 1003u);
}

TEST_F(HoldAndWait, DeliveryWantsOneFlushAndSendsOneBatch) {
  send(1001, at(1s));
  const Ticket held = lastTicket;
  const Outcome first = session->deliver(kOne, at(2s));
  EXPECT_TRUE(first.replies.empty());
  EXPECT_TRUE(first.flushWanted);
  EXPECT_TRUE(session->deliver(kTwo, at(2s)).flushWanted);

  const Outcome flushed = session->flush(at(2s));
  const Reply reply = onlyReply(flushed);
  EXPECT_EQ(reply.ticket, held);
  EXPECT_EQ(reply.body, responseBody(std::string(kOne) + std::string(kTwo)));
  EXPECT_FALSE(flushed.flushWanted);
  EXPECT_EQ(session->heldCount(), 0u);

  // Nothing left: a second flush does nothing.
  EXPECT_TRUE(session->flush(at(2s)).replies.empty());
}

TEST_F(HoldAndWait, WithNothingHeldStanzasWaitForTheNextRequest) {
  const Outcome buffered = session->deliver(kOne, at(1s));
  EXPECT_FALSE(buffered.flushWanted);
  EXPECT_TRUE(session->flush(at(1s)).replies.empty());
  EXPECT_EQ(session->pendingBytes(), kOne.size());

  const Outcome arrived = send(1001, at(2s));
  EXPECT_TRUE(arrived.flushWanted);
  EXPECT_TRUE(arrived.replies.empty());
  EXPECT_EQ(onlyReply(session->flush(at(2s))).body, responseBody(kOne));
}

TEST_F(HoldAndWait, FlushWithNothingPendingKeepsTheRequestHeld) {
  send(1001, at(1s));
  EXPECT_TRUE(session->flush(at(1s)).replies.empty());
  EXPECT_EQ(session->heldCount(), 1u);
}

TEST_F(HoldAndWait, ElementsAreSerializedUnderTheBodyAndEscaped) {
  send(1001, at(1s));
  xml::Element message("message", "jabber:client");
  message.setAttr("to", "o'hara&co@localhost");
  xml::Element body("body", "jabber:client");
  body.addText("1 < 2 & \"quotes\" ]]>");
  message.addChild(std::move(body));
  session->deliver(message, at(1s));
  const xml::Element wrapper = parseBody(onlyReply(session->flush(at(1s))).body);
  const xml::Element* got = wrapper.child("message", kClientNs);
  ASSERT_NE(got, nullptr);
  EXPECT_EQ(*got, message);
}

TEST_F(HoldAndWait, HeldRequestGetsEmptyBodyExactlyAtWait) {
  send(1001, at(1s));
  const Ticket held = lastTicket;
  EXPECT_EQ(session->nextDeadline(), at(61s));
  EXPECT_TRUE(session->onTimer(at(61s) - 1ms).replies.empty());
  EXPECT_EQ(session->heldCount(), 1u);
  const Reply reply = onlyReply(session->onTimer(at(61s)));
  EXPECT_EQ(reply.ticket, held);
  EXPECT_EQ(reply.body, emptyBody());
  EXPECT_FALSE(session->ended());
}

TEST_F(HoldAndWait, LateTimerStillAnswersEveryExpiredRequest) {
  send(1001, at(1s));
  // A timer that fires late (never the plan) still answers, and does not end the session
  // for inactivity that only began now.
  const Outcome out = session->onTimer(at(100s));
  EXPECT_EQ(onlyReply(out).body, emptyBody());
  EXPECT_FALSE(out.ended);
  EXPECT_EQ(session->nextDeadline(), at(160s));
}

TEST_F(HoldAndWait, NegotiatedShorterWaitIsUsed) {
  create("wait='10' hold='1'");
  send(1001, at(1s));
  EXPECT_EQ(session->nextDeadline(), at(11s));
  EXPECT_EQ(onlyReply(session->onTimer(at(11s))).body, emptyBody());
}

TEST_F(HoldAndWait, WaitExpiryCarriesPendingStanzas) {
  send(1001, at(1s));
  session->deliver(kOne, at(30s));
  EXPECT_EQ(onlyReply(session->onTimer(at(61s))).body, responseBody(kOne));
}

TEST_F(HoldAndWait, BufferOverTheCapIsPolicyViolation) {
  config.maxPendingBytes = 100;
  create();
  const std::string stanza = "<message xmlns='jabber:client'><body>" + std::string(40, 'x') + "</body></message>";
  ASSERT_LT(stanza.size(), 100u);
  EXPECT_FALSE(session->deliver(stanza, at(1s)).ended);
  send(1001, at(2s));
  const Ticket held = lastTicket;
  // The second one no longer fits next to the first (nothing was flushed).
  const Outcome out = session->deliver(stanza, at(2s));
  ASSERT_TRUE(out.ended);
  EXPECT_EQ(out.ended->reason, EndReason::ServerTerminated);
  EXPECT_EQ(out.ended->condition, Condition::PolicyViolation);
  const Reply reply = onlyReply(out);
  EXPECT_EQ(reply.ticket, held);
  // The overflowing buffer is not sent.
  EXPECT_EQ(reply.body, terminateBody(Condition::PolicyViolation));
  EXPECT_TRUE(session->finished());
}

TEST_F(HoldAndWait, DefaultBufferCapIsOneMebibyte) {
  EXPECT_EQ(SessionConfig{}.maxPendingBytes, 1u << 20);
  const std::string big(1 << 20, ' ');
  EXPECT_FALSE(session->deliver(big, at(1s)).ended);
  EXPECT_TRUE(session->deliver(" ", at(1s)).ended);
}

TEST_F(HoldAndWait, OptionalStanzasFillThreeQuartersOfTheBufferAtMost) {
  config.maxPendingBytes = 100;
  create();
  EXPECT_TRUE(session->hasRoomForOptional(75));
  EXPECT_FALSE(session->hasRoomForOptional(76)) << "larger than the optional share on its own";
  session->deliver(std::string(50, ' '), at(1s));
  EXPECT_TRUE(session->hasRoomForOptional(25));
  EXPECT_FALSE(session->hasRoomForOptional(26));
  // What must be delivered still has the last quarter.
  EXPECT_FALSE(session->deliver(std::string(50, ' '), at(1s)).ended);
  EXPECT_FALSE(session->hasRoomForOptional(0 + 1));
  session->terminate(Condition::SystemShutdown, at(2s));
  EXPECT_FALSE(session->hasRoomForOptional(0)) << "nothing is queued for an ended session";
}

TEST_F(HoldAndWait, HoldTwoKeepsTwoRequests) {
  config.hold = 2;
  config.requests = 3;
  create("wait='60' hold='2'");
  EXPECT_EQ(session->hold(), 2u);
  EXPECT_TRUE(send(1001, at(1s)).replies.empty());
  const Ticket first = lastTicket;
  EXPECT_TRUE(send(1002, at(1s)).replies.empty());
  EXPECT_EQ(session->heldCount(), 2u);
  EXPECT_EQ(onlyReply(send(1003, at(1s))).ticket, first);
  // Stanzas leave on the oldest held request.
  session->deliver(kOne, at(2s));
  const Reply out = onlyReply(session->flush(at(2s)));
  EXPECT_EQ(out.ticket, first + 1);
}

}  // namespace
}  // namespace smfront::bosh
