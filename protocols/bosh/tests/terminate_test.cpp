#include <gtest/gtest.h>

#include "bosh/namespaces.hpp"
#include "bosh/tests/session_fixture.hpp"

namespace smfront::bosh {
namespace {

using namespace testing;
using Terminate = SessionTest;
using Restart = SessionTest;

constexpr std::string_view kUnavailable = "<presence xmlns='jabber:client' type='unavailable'/>";

TEST_F(Terminate, ClientTerminateIsAnsweredInKindAndReleasesHeld) {
  send(1001, at(1s));
  const Ticket held = lastTicket;
  session->deliver("<message xmlns='jabber:client'/>", at(1s));
  const Outcome out = send(1002, at(2s), "type='terminate'", kUnavailable);
  ASSERT_EQ(out.replies.size(), 2u);
  EXPECT_EQ(out.replies[0].ticket, held);
  EXPECT_EQ(out.replies[1].ticket, lastTicket);
  const std::string plain = "<body xmlns='http://jabber.org/protocol/httpbind' type='terminate'/>";
  for (const Reply& reply : out.replies) EXPECT_EQ(reply.body, plain);
  // Its payload still runs.
  ASSERT_EQ(out.inbound.size(), 1u);
  EXPECT_TRUE(out.inbound[0].terminate);
  ASSERT_EQ(out.inbound[0].stanzas.size(), 1u);
  EXPECT_EQ(out.inbound[0].stanzas[0].attrOr("type", ""), "unavailable");
  ASSERT_TRUE(out.ended);
  EXPECT_EQ(out.ended->reason, EndReason::ClientTerminated);
  EXPECT_EQ(out.ended->condition, Condition::None);
  EXPECT_TRUE(session->finished());
  EXPECT_FALSE(out.flushWanted);
}

TEST_F(Terminate, EarlyTerminateWaitsForItsTurn) {
  const Outcome early = send(1002, at(1s), "type='terminate'", kUnavailable);
  EXPECT_FALSE(early.ended);
  const Outcome gap = send(1001, at(2s), {}, "<message xmlns='jabber:client' id='last'/>");
  ASSERT_EQ(gap.inbound.size(), 2u);
  EXPECT_FALSE(gap.inbound[0].terminate);
  EXPECT_TRUE(gap.inbound[1].terminate);
  ASSERT_TRUE(gap.ended);
  EXPECT_EQ(gap.ended->reason, EndReason::ClientTerminated);
  EXPECT_EQ(gap.replies.size(), 2u);
}

TEST_F(Terminate, RemoteStreamErrorReachesTheHeldRequest) {
  send(1001, at(1s));
  const Ticket held = lastTicket;
  session->deliver("<message xmlns='jabber:client' id='before'/>", at(2s));
  const Outcome out =
      session->terminate(Condition::RemoteStreamError, at(2s), streamError("conflict", "Replaced by new connection"));
  const Reply reply = onlyReply(out);
  EXPECT_EQ(reply.ticket, held);
  const xml::Element body = parseBody(reply.body);
  EXPECT_EQ(body.attrOr("type", ""), "terminate");
  EXPECT_EQ(body.attrOr("condition", ""), "remote-stream-error");
  // Pending stanzas go first, then the stream error.
  std::vector<std::string> names;
  for (const xml::Element& child : body.children()) names.push_back(child.name());
  ASSERT_EQ(names.size(), 2u);
  EXPECT_EQ(names[0], "message");
  EXPECT_EQ(names[1], "error");
  const xml::Element* error = body.child("error", kStreamNs);
  ASSERT_NE(error, nullptr);
  EXPECT_NE(error->child("conflict", kStreamErrorNs), nullptr);
  EXPECT_EQ(error->childText("text", kStreamErrorNs), "Replaced by new connection");
  ASSERT_TRUE(out.ended);
  EXPECT_EQ(out.ended->reason, EndReason::ServerTerminated);
  EXPECT_EQ(out.ended->condition, Condition::RemoteStreamError);
  EXPECT_TRUE(session->finished());
}

TEST_F(Terminate, WithNothingHeldTheNextRequestCollectsIt) {
  const Outcome out = session->terminate(Condition::SystemShutdown, at(1s));
  EXPECT_TRUE(out.replies.empty());
  ASSERT_TRUE(out.ended);
  EXPECT_EQ(out.ended->condition, Condition::SystemShutdown);
  EXPECT_TRUE(session->ended());
  EXPECT_FALSE(session->finished());
  EXPECT_EQ(session->nextDeadline(), at(61s));
  // Reported once only.
  EXPECT_FALSE(session->terminate(Condition::SystemShutdown, at(2s)).ended);
  EXPECT_TRUE(session->deliver("<message xmlns='jabber:client'/>", at(2s)).replies.empty());

  const Outcome collected = send(1001, at(3s));
  EXPECT_EQ(onlyReply(collected).body, terminateBody(Condition::SystemShutdown));
  EXPECT_TRUE(collected.inbound.empty());
  EXPECT_FALSE(collected.ended);
  EXPECT_TRUE(session->finished());
}

TEST_F(Terminate, UncollectedTerminateExpiresAfterInactivity) {
  session->terminate(Condition::SystemShutdown, at(1s));
  EXPECT_FALSE(session->onTimer(at(60s)).ended);
  EXPECT_FALSE(session->finished());
  const Outcome out = session->onTimer(at(61s));
  EXPECT_FALSE(out.ended);  // already reported
  EXPECT_TRUE(session->finished());
}

TEST_F(Terminate, EveryOpenRequestIsToldAndTheFirstCarriesThePayload) {
  send(1001, at(1s));
  const Ticket held = lastTicket;
  send(1003, at(1s));  // parked
  const Ticket parked = lastTicket;
  const Outcome out = session->terminate(Condition::UndefinedCondition, at(2s), "<x xmlns='urn:x'/>");
  ASSERT_EQ(out.replies.size(), 2u);
  EXPECT_EQ(out.replies[0].ticket, held);
  EXPECT_EQ(out.replies[0].body, terminateBody(Condition::UndefinedCondition, "<x xmlns='urn:x'/>"));
  EXPECT_EQ(out.replies[1].ticket, parked);
  EXPECT_EQ(out.replies[1].body, terminateBody(Condition::UndefinedCondition));
}

TEST_F(Terminate, RejectedBodyEndsTheSessionItNames) {
  send(1001, at(1s));
  const Ticket held = lastTicket;
  const Outcome out = session->reject(77, Condition::BadRequest, at(2s));
  ASSERT_EQ(out.replies.size(), 2u);
  EXPECT_EQ(out.replies[0].ticket, held);
  EXPECT_EQ(out.replies[1].ticket, 77u);
  EXPECT_EQ(out.replies[1].body, terminateBody(Condition::BadRequest));
  ASSERT_TRUE(out.ended);
  EXPECT_EQ(out.ended->condition, Condition::BadRequest);
  EXPECT_TRUE(session->finished());
}

TEST_F(Terminate, UnknownSidAnswerIsItemNotFound) {
  // The door answers a sid it does not know with this body, as HTTP 200.
  const xml::Element body = parseBody(terminateBody(Condition::ItemNotFound));
  EXPECT_EQ(body.ns(), kHttpBindNs);
  EXPECT_EQ(body.attrOr("type", ""), "terminate");
  EXPECT_EQ(body.attrOr("condition", ""), "item-not-found");
}

TEST_F(Restart, IsReportedHeldAndItsPayloadDropped) {
  const Outcome out =
      send(1001, at(1s), "xmpp:restart='true' to='localhost' xml:lang='en'", "<iq xmlns='jabber:client' id='x'/>");
  ASSERT_EQ(out.inbound.size(), 1u);
  EXPECT_TRUE(out.inbound[0].restart);
  EXPECT_TRUE(out.inbound[0].stanzas.empty());
  EXPECT_TRUE(out.replies.empty());
  EXPECT_EQ(session->heldCount(), 1u);

  // The new features go out on it, with the stream prefix bound.
  session->deliver(
      "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>"
      "<session xmlns='urn:ietf:params:xml:ns:xmpp-session'><optional/></session></stream:features>",
      at(1s));
  const xml::Element body = parseBody(onlyReply(session->flush(at(1s))).body);
  const xml::Element* features = body.child("features", kStreamNs);
  ASSERT_NE(features, nullptr);
  EXPECT_NE(features->child("bind", "urn:ietf:params:xml:ns:xmpp-bind"), nullptr);
}

TEST_F(Restart, WithoutTheAttributeIsAnOrdinaryRequest) {
  const Outcome out = send(1001, at(1s), "xmpp:restart='false'", "<iq xmlns='jabber:client' id='x'/>");
  ASSERT_EQ(out.inbound.size(), 1u);
  EXPECT_FALSE(out.inbound[0].restart);
  EXPECT_EQ(out.inbound[0].stanzas.size(), 1u);
}

}  // namespace
}  // namespace smfront::bosh
