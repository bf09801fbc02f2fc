// Login, binding, the server's own IQs, presence and routing of the hub.
#include "hub_fixture.hpp"

namespace smfront::eventing::testing {
namespace {

std::string plainAuth(const std::string& user, const std::string& password) {
  return "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" +
         xmpp::base64Encode(std::string("\0", 1) + user + std::string("\0", 1) + password) + "</auth>";
}

TEST_F(HubTest, OffersTheThreeMechanismsThenBindAndSessionAfterTheRestart) {
  const std::string features = hub_.open(1, "127.0.0.1", true);
  EXPECT_NE(features.find("<mechanism>SCRAM-SHA-256</mechanism><mechanism>SCRAM-SHA-1</mechanism>"
                          "<mechanism>PLAIN</mechanism>"),
            std::string::npos)
      << features;
  hub_.receive(1, parse(plainAuth("mary", "secret")));
  EXPECT_NE(sink_.take(1).find("<success"), std::string::npos);
  hub_.restart(1);
  const std::string after = sink_.take(1);
  EXPECT_NE(after.find("urn:ietf:params:xml:ns:xmpp-bind"), std::string::npos) << after;
  EXPECT_NE(after.find("urn:ietf:params:xml:ns:xmpp-session"), std::string::npos) << after;
  hub_.receive(1, parse("<iq xmlns='jabber:client' type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>"));
  EXPECT_NE(sink_.take(1).find("<jid>mary@localhost/smf-"), std::string::npos) << "a generated resource";
  hub_.receive(1, parse("<iq xmlns='jabber:client' type='set' id='s'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>"));
  EXPECT_NE(sink_.take(1).find("type=\"result\""), std::string::npos);
  hub_.receive(1, parse("<iq xmlns='jabber:client' type='get' id='p' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>"));
  const std::string pong = sink_.take(1);
  EXPECT_NE(pong.find("id=\"p\""), std::string::npos);
  EXPECT_NE(pong.find("type=\"result\""), std::string::npos) << pong;
}

TEST_F(HubTest, BadPasswordsFailAndTheThirdFailureEndsTheStream) {
  hub_.open(1, "127.0.0.1", true);
  for (int i = 0; i < 2; ++i) {
    hub_.receive(1, parse(plainAuth("mary", "wrong")));
    EXPECT_NE(sink_.take(1).find("<not-authorized/>"), std::string::npos);
    EXPECT_FALSE(sink_.ended.contains(1));
  }
  hub_.receive(1, parse(plainAuth("nobody", "secret")));
  EXPECT_NE(sink_.take(1).find("<not-authorized/>"), std::string::npos);
  ASSERT_TRUE(sink_.ended.contains(1));
  EXPECT_NE(sink_.ended[1].find("policy-violation"), std::string::npos);
  EXPECT_EQ(hub_.sessions(), 0u);
}

TEST_F(HubTest, UnknownMechanismAndAbortAreAnsweredInKind) {
  hub_.open(1, "127.0.0.1", true);
  hub_.receive(1, parse("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='DIGEST-MD5'/>"));
  EXPECT_NE(sink_.take(1).find("<invalid-mechanism/>"), std::string::npos);
  hub_.receive(1, parse("<abort xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>"));
  EXPECT_NE(sink_.take(1).find("<aborted/>"), std::string::npos);
}

TEST_F(HubTest, StanzasBeforeAuthenticationOrBindingEndTheStream) {
  hub_.open(1, "127.0.0.1", true);
  hub_.receive(1, parse("<message xmlns='jabber:client' to='joe@localhost'><body>hi</body></message>"));
  ASSERT_TRUE(sink_.ended.contains(1));
  EXPECT_NE(sink_.ended[1].find("not-authorized"), std::string::npos);

  hub_.open(2, "127.0.0.1", true);
  hub_.receive(2, parse(plainAuth("mary", "secret")));
  hub_.receive(2, parse("<presence xmlns='jabber:client'/>"));
  ASSERT_TRUE(sink_.ended.contains(2));
  EXPECT_NE(sink_.ended[2].find("not-authorized"), std::string::npos);
}

TEST_F(HubTest, ASecondBindOfTheSameResourceReplacesTheFirst) {
  const SessionId first = login("mary", "desk");
  const SessionId second = login("mary", "desk");
  ASSERT_TRUE(sink_.ended.contains(first));
  EXPECT_NE(sink_.ended[first].find("<conflict"), std::string::npos);
  EXPECT_NE(sink_.ended[first].find("Replaced by new connection"), std::string::npos);
  EXPECT_FALSE(sink_.ended.contains(second));
  EXPECT_EQ(hub_.boundResources(), 1u);
}

TEST_F(HubTest, StanzasToUnknownDomainsAndServicesGetStanzaErrors) {
  const SessionId id = login("mary");
  hub_.receive(id, parse("<iq xmlns='jabber:client' type='get' id='r' to='example.org'><ping xmlns='urn:xmpp:ping'/></iq>"));
  EXPECT_NE(sink_.take(id).find("<remote-server-not-found"), std::string::npos);
  hub_.receive(id, parse("<iq xmlns='jabber:client' type='get' id='v' to='localhost'><vCard xmlns='vcard-temp'/></iq>"));
  EXPECT_NE(sink_.take(id).find("<service-unavailable"), std::string::npos);
  hub_.receive(id, parse("<message xmlns='jabber:client' to='nobody@localhost' id='m'><body>x</body></message>"));
  EXPECT_NE(sink_.take(id).find("<service-unavailable"), std::string::npos);
  hub_.receive(id, parse("<iq xmlns='jabber:client' type='set' id='ro' to='localhost'><query xmlns='jabber:iq:roster'/></iq>"));
  EXPECT_NE(sink_.take(id).find("<not-allowed"), std::string::npos);
}

TEST_F(HubTest, DiscoDescribesTheServerAndItsServices) {
  const SessionId id = login("mary");
  hub_.receive(id, parse("<iq xmlns='jabber:client' type='get' id='d' to='localhost'>"
                         "<query xmlns='http://jabber.org/protocol/disco#info'/></iq>"));
  const std::string info = sink_.take(id);
  EXPECT_NE(info.find("category=\"server\" type=\"im\""), std::string::npos) << info;
  EXPECT_NE(info.find("urn:xmpp:ping"), std::string::npos);
  hub_.receive(id, parse("<iq xmlns='jabber:client' type='get' id='i' to='localhost'>"
                         "<query xmlns='http://jabber.org/protocol/disco#items'/></iq>"));
  const std::string items = sink_.take(id);
  EXPECT_NE(items.find("conference.localhost"), std::string::npos);
  EXPECT_NE(items.find("pubsub.localhost"), std::string::npos);
  hub_.receive(id, parse("<iq xmlns='jabber:client' type='get' id='n' to='pubsub.localhost'>"
                         "<query xmlns='http://jabber.org/protocol/disco#items'/></iq>"));
  EXPECT_NE(sink_.take(id).find("node=\"ccp.contacts.chat\""), std::string::npos);
  const auto chat = startChat();
  hub_.receive(id, parse("<iq xmlns='jabber:client' type='get' id='c' to='" + roomOf(chat) +
                         "'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>"));
  const std::string room = sink_.take(id);
  EXPECT_NE(room.find("muc_semianonymous"), std::string::npos) << room;
  EXPECT_NE(room.find("name=\"Billing\""), std::string::npos) << room;
}

TEST_F(HubTest, MessagesReachEveryAvailableResourceOfABareJid) {
  const SessionId mary = login("mary");
  const SessionId joe1 = login("joe", "a");
  const SessionId joe2 = login("joe", "b");
  const SessionId joe3 = login("joe", "c", false);  // never sent presence
  hub_.receive(mary, parse("<message xmlns='jabber:client' to='joe@localhost' id='m1'><body>hello</body></message>"));
  EXPECT_NE(sink_.take(joe1).find("from=\"mary@localhost/console\""), std::string::npos);
  EXPECT_NE(sink_.take(joe2).find("hello"), std::string::npos);
  EXPECT_EQ(sink_.take(joe3), "");
  hub_.receive(mary, parse("<message xmlns='jabber:client' to='joe@localhost/c' id='m2'><body>direct</body></message>"));
  EXPECT_NE(sink_.take(joe3).find("direct"), std::string::npos);
}

// RFC 6121 4.2.2, 4.4.2, 4.5.2: a user's presence goes to all of the user's available
// resources, the sender's included, except that an unavailable one is not told it left.
TEST_F(HubTest, PresenceIsBroadcastToTheUsersOwnAvailableResources) {
  const SessionId mary = login("mary");
  const SessionId joe1 = login("joe", "a");
  const SessionId joe3 = login("joe", "c", false);  // bound, never available
  const SessionId joe2 = login("joe", "b", false);
  hub_.receive(joe2, parse("<presence xmlns='jabber:client'><status>on duty</status></presence>"));
  const std::string toJoe1 = sink_.take(joe1);
  EXPECT_NE(toJoe1.find("from=\"joe@localhost/b\""), std::string::npos) << toJoe1;
  EXPECT_NE(toJoe1.find("on duty"), std::string::npos);
  const std::string toSender = sink_.take(joe2);
  EXPECT_NE(toSender.find("from=\"joe@localhost/b\""), std::string::npos) << "initial presence comes back to its sender";
  EXPECT_EQ(sink_.take(joe3), "") << "a resource that is not available hears nothing";
  EXPECT_EQ(sink_.take(mary), "") << "nor does another user";

  hub_.receive(joe2, parse("<presence xmlns='jabber:client' type='unavailable'/>"));
  EXPECT_NE(sink_.take(joe1).find("type=\"unavailable\""), std::string::npos);
  EXPECT_EQ(sink_.take(joe2), "");
}

TEST_F(HubTest, AvailableAgentsCountForTheRouterUntilTheyGoAway) {
  const SessionId mary = login("mary");
  EXPECT_EQ(router_.agentsLoggedIn(), 1u);
  hub_.receive(mary, parse("<presence xmlns='jabber:client'><show>away</show></presence>"));
  EXPECT_EQ(router_.agentsLoggedIn(), 0u);
  hub_.receive(mary, parse("<presence xmlns='jabber:client'/>"));
  EXPECT_EQ(router_.agentsLoggedIn(), 1u);
  login("boss");  // an administrator is not an agent
  EXPECT_EQ(router_.agentsLoggedIn(), 1u);
  hub_.closed(mary);
  EXPECT_EQ(router_.agentsLoggedIn(), 0u);
}

}  // namespace
}  // namespace smfront::eventing::testing
