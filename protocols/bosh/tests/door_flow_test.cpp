// A whole Strophe-style login and logout driven the way the HTTP door drives a session:
// replies sent, inbound run through a stand-in XMPP layer, one flush per turn.
#include <gtest/gtest.h>

#include <functional>
#include <map>

#include "bosh/namespaces.hpp"
#include "bosh/tests/session_fixture.hpp"

namespace smfront::bosh {
namespace {

using namespace testing;

class FakeDoor {
 public:
  /// Answers each client stanza with what the XMPP layer would say.
  std::function<std::string(const Inbound&, const xml::Element*)> xmpp;

  void handle(Session& session, Outcome out, Time now) {
    for (Reply& reply : out.replies) answered[reply.ticket] = std::move(reply.body);
    bool flush = out.flushWanted;
    for (const Inbound& batch : out.inbound) {
      if (batch.restart) flush |= session.deliver(xmpp(batch, nullptr), now).flushWanted;
      for (const xml::Element& stanza : batch.stanzas) {
        const std::string answer = xmpp(batch, &stanza);
        if (!answer.empty()) flush |= session.deliver(answer, now).flushWanted;
      }
    }
    if (out.ended) ended = out.ended;
    // End of the event-loop turn.
    if (flush) handle(session, session.flush(now), now);
  }

  std::map<Ticket, std::string> answered;
  std::optional<Ended> ended;
};

TEST(DoorFlow, LoginEventAndLogout) {
  FakeDoor door;
  door.xmpp = [](const Inbound& batch, const xml::Element* stanza) -> std::string {
    if (batch.restart) {
      return "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>";
    }
    if (stanza->name() == "auth") return "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>";
    if (stanza->name() == "iq") {
      return "<iq xmlns='jabber:client' type='result' id='" + stanza->attrOr("id", "") + "'/>";
    }
    return {};
  };

  const Time t0 = Time{} + 1h;
  Creation creation = Session::create(
      parseOrFail(bodyText("rid='100' to='localhost' wait='60' hold='1' ver='1.6' xmpp:version='1.0'")), {},
      std::string(kTestSid), kFeatures, t0);
  ASSERT_TRUE(creation);
  Session& session = *creation.session;
  const std::string sid = "sid='" + std::string(kTestSid) + "' ";
  auto request = [&](Ticket ticket, std::string_view attrs, std::string_view content, Time now) {
    door.handle(session, session.onRequest(parseOrFail(bodyText(sid + std::string(attrs), content)), ticket, now), now);
  };

  request(1, "rid='101'", "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGEAYg==</auth>", t0);
  ASSERT_TRUE(door.answered.contains(1));
  EXPECT_NE(parseBody(door.answered[1]).child("success", "urn:ietf:params:xml:ns:xmpp-sasl"), nullptr);

  request(2, "rid='102' xmpp:restart='true' to='localhost'", {}, t0 + 1s);
  ASSERT_TRUE(door.answered.contains(2));
  EXPECT_NE(parseBody(door.answered[2]).child("features", kStreamNs), nullptr);

  request(3, "rid='103'",
          "<iq xmlns='jabber:client' type='set' id='bind_1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>",
          t0 + 2s);
  ASSERT_TRUE(door.answered.contains(3));
  EXPECT_EQ(parseBody(door.answered[3]).child("iq", kClientNs)->attrOr("id", ""), "bind_1");

  // An idle poll, then a pubsub event from elsewhere in the server.
  request(4, "rid='104'", {}, t0 + 3s);
  EXPECT_FALSE(door.answered.contains(4));
  door.handle(session, session.deliver("<message xmlns='jabber:client' from='pubsub.localhost' id='n1'/>", t0 + 20s),
              t0 + 20s);
  ASSERT_TRUE(door.answered.contains(4));
  EXPECT_EQ(parseBody(door.answered[4]).child("message", kClientNs)->attrOr("id", ""), "n1");

  request(5, "rid='105'", {}, t0 + 21s);
  request(6, "rid='106' type='terminate'", "<presence xmlns='jabber:client' type='unavailable'/>", t0 + 22s);
  // The poll still held is told too (spec §4.3).
  EXPECT_EQ(door.answered[5], terminateBody(Condition::None));
  EXPECT_EQ(door.answered[6], terminateBody(Condition::None));
  ASSERT_TRUE(door.ended);
  EXPECT_EQ(door.ended->reason, EndReason::ClientTerminated);
  EXPECT_TRUE(session.finished());
}

}  // namespace
}  // namespace smfront::bosh
