// Chat rooms bridged to the core chat service.
#include "hub_fixture.hpp"

namespace smfront::eventing::testing {
namespace {

std::string join(const std::string& room, const std::string& nick, const std::string& extra = {}) {
  return "<presence xmlns='jabber:client' to='" + room + "/" + nick +
         "'><x xmlns='http://jabber.org/protocol/muc'>" + extra + "</x></presence>";
}

std::string say(const std::string& room, const std::string& body, const std::string& id = "g1") {
  return "<message xmlns='jabber:client' type='groupchat' id='" + id + "' to='" + room + "'><body>" + body +
         "</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>";
}

std::string state(const std::string& room, const std::string& which) {
  return "<message xmlns='jabber:client' type='groupchat' to='" + room + "'><" + which +
         " xmlns='http://jabber.org/protocol/chatstates'/></message>";
}

TEST_F(HubTest, JoiningShowsTheCustomerThenSelfThenHistoryThenSubject) {
  const auto chat = startChat("Pat");
  ASSERT_TRUE(chats_.customerMessage(chat.sessionId, "hello?").ok());
  const SessionId mary = login("mary");
  hub_.receive(mary, parse(join(roomOf(chat), "Mary")));
  const auto stanzas = sink_.takeEach(mary);
  ASSERT_EQ(stanzas.size(), 4u);
  EXPECT_EQ(parse(stanzas[0]).attrOr("from", ""), roomOf(chat) + "/Pat");
  EXPECT_EQ(parse(stanzas[1]).attrOr("from", ""), roomOf(chat) + "/Mary");
  EXPECT_NE(stanzas[1].find("code=\"110\""), std::string::npos);
  EXPECT_NE(stanzas[2].find("hello?"), std::string::npos);
  EXPECT_NE(stanzas[2].find("urn:xmpp:delay"), std::string::npos);
  EXPECT_EQ(parse(stanzas[3]).childText("subject"), "Billing");
  EXPECT_EQ(contacts_.find(chat.contact.id)->status, core::ContactStatus::Reserved);
  EXPECT_EQ(contacts_.find(chat.contact.id)->statusUserId, "mary");
  pump();
  EXPECT_EQ(customerLog(chat.sessionId).back(), "presence Mary joined");
}

TEST_F(HubTest, MessagesAndTypingFlowBothWays) {
  const auto chat = startChat("Pat");
  const std::string room = roomOf(chat);
  const SessionId mary = login("mary");
  hub_.receive(mary, parse(join(room, "Mary")));
  sink_.take(mary);

  hub_.receive(mary, parse(state(room, "composing")));
  hub_.receive(mary, parse(say(room, "How can I help?", "m-1")));
  const xml::Element reflected = parse(sink_.take(mary));
  EXPECT_EQ(reflected.attrOr("from", ""), room + "/Mary");
  EXPECT_EQ(reflected.attrOr("id", ""), "m-1") << "the reflection keeps the sender's id";
  pump();
  auto log = customerLog(chat.sessionId);
  ASSERT_GE(log.size(), 3u);
  EXPECT_EQ(log[log.size() - 3], "typing Mary composing");
  EXPECT_EQ(log[log.size() - 2], "message Mary How can I help?");
  EXPECT_EQ(log[log.size() - 1], "typing Mary paused");

  ASSERT_TRUE(chats_.customerTyping(chat.sessionId, true).ok());
  ASSERT_TRUE(chats_.customerMessage(chat.sessionId, "My bill").ok());
  pump();
  const auto got = sink_.takeEach(mary);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_NE(got[0].find("<composing xmlns=\"http://jabber.org/protocol/chatstates\"/>"), std::string::npos) << got[0];
  const xml::Element customer = parse(got[1]);
  EXPECT_EQ(customer.attrOr("from", ""), room + "/Pat");
  EXPECT_EQ(customer.attrOr("type", ""), "groupchat");
  EXPECT_EQ(customer.childText("body"), "My bill");
}

TEST_F(HubTest, LeavingHandsTheContactBackAsHandled) {
  const auto chat = startChat("Pat");
  const std::string room = roomOf(chat);
  const SessionId mary = login("mary");
  hub_.receive(mary, parse(join(room, "Mary")));
  sink_.take(mary);
  hub_.receive(mary, parse("<presence xmlns='jabber:client' type='unavailable' to='" + room + "/Mary'/>"));
  const std::string self = sink_.take(mary);
  EXPECT_NE(self.find("type=\"unavailable\""), std::string::npos);
  EXPECT_NE(self.find("code=\"110\""), std::string::npos);
  pump();
  EXPECT_EQ(customerLog(chat.sessionId).back(), "presence Mary left");
  EXPECT_EQ(contacts_.find(chat.contact.id)->status, core::ContactStatus::Handled);
}

TEST_F(HubTest, AVanishedSessionLeavesWithAChatIssueFirst) {
  const auto chat = startChat("Pat");
  const SessionId mary = login("mary");
  hub_.receive(mary, parse(join(roomOf(chat), "Mary")));
  hub_.closed(mary);
  const auto log = customerLog(chat.sessionId);
  ASSERT_GE(log.size(), 2u);
  EXPECT_EQ(log[log.size() - 2], "status chat_issue");
  EXPECT_EQ(log.back(), "presence Mary left");
}

TEST_F(HubTest, TheCustomerLeavingShowsAsUnavailableAndTheRoomCloses) {
  const auto chat = startChat("Pat");
  const std::string room = roomOf(chat);
  const SessionId mary = login("mary");
  hub_.receive(mary, parse(join(room, "Mary")));
  sink_.take(mary);
  ASSERT_TRUE(chats_.customerLeave(chat.sessionId, false).ok());
  pump();
  const auto got = sink_.takeEach(mary);
  ASSERT_GE(got.size(), 2u);
  EXPECT_EQ(parse(got[0]).attrOr("from", ""), room + "/Pat");
  EXPECT_EQ(parse(got[0]).attrOr("type", ""), "unavailable");
  EXPECT_NE(got.back().find("<destroy"), std::string::npos) << "the chat ended, so the room is destroyed";

  // The agent's client leaves anyway (XEP-0045 7.14): it still gets its own unavailable presence.
  hub_.receive(mary, parse("<presence xmlns='jabber:client' type='unavailable' id='bye' to='" + room + "/Mary'/>"));
  const xml::Element self = parse(sink_.take(mary));
  EXPECT_EQ(self.attrOr("from", ""), room + "/Mary");
  EXPECT_EQ(self.attrOr("type", ""), "unavailable");
  EXPECT_EQ(self.attrOr("id", ""), "bye");
  ASSERT_NE(self.child("x"), nullptr);
  ASSERT_NE(self.child("x")->child("status"), nullptr);
  EXPECT_EQ(self.child("x")->child("status")->attrOr("code", ""), "110");
}

TEST_F(HubTest, JoinErrorsFollowTheSpec) {
  const auto chat = startChat("Pat");
  const std::string room = roomOf(chat);
  const SessionId mary = login("mary");
  const SessionId joe = login("joe");
  const SessionId guest = login("guest");
  const SessionId boss = login("boss");

  hub_.receive(mary, parse(join("socialminer_chat.999@conference.localhost", "Mary")));
  EXPECT_NE(sink_.take(mary).find("<item-not-found"), std::string::npos);
  hub_.receive(mary, parse(join(room, "Pat")));
  EXPECT_NE(sink_.take(mary).find("<conflict"), std::string::npos) << "the customer's nick";
  hub_.receive(guest, parse(join(room, "Guest")));
  EXPECT_NE(sink_.take(guest).find("<forbidden"), std::string::npos) << "no agent or admin role";

  hub_.receive(mary, parse(join(room, "Mary")));
  sink_.take(mary);
  hub_.receive(joe, parse(join(room, "Joe")));
  EXPECT_NE(sink_.take(joe).find("<forbidden"), std::string::npos) << "reserved by mary";
  hub_.receive(boss, parse(join(room, "Mary")));
  EXPECT_NE(sink_.take(boss).find("<conflict"), std::string::npos);
  hub_.receive(boss, parse(join(room, "Boss")));
  EXPECT_NE(sink_.take(boss).find("code=\"110\""), std::string::npos) << "admins may enter";
  EXPECT_NE(sink_.take(mary).find(room + "/Boss"), std::string::npos) << "occupants see the newcomer";
  hub_.receive(mary, parse(join(room, "Maria")));
  EXPECT_NE(sink_.take(mary).find("<not-allowed"), std::string::npos) << "nick changes";
  hub_.receive(mary, parse("<message xmlns='jabber:client' type='groupchat' to='" + room +
                           "'><subject>new</subject></message>"));
  EXPECT_NE(sink_.take(mary).find("<forbidden"), std::string::npos);
  hub_.receive(mary, parse("<message xmlns='jabber:client' type='chat' to='" + room + "/Pat'><body>psst</body></message>"));
  EXPECT_NE(sink_.take(mary).find("<feature-not-implemented"), std::string::npos);
}

TEST_F(HubTest, HistoryHonoursMaxStanzas) {
  const auto chat = startChat("Pat");
  for (const char* line : {"one", "two", "three"}) ASSERT_TRUE(chats_.customerMessage(chat.sessionId, line).ok());
  const SessionId mary = login("mary");
  hub_.receive(mary, parse(join(roomOf(chat), "Mary", "<history maxstanzas='1'/>")));
  const auto stanzas = sink_.takeEach(mary);
  ASSERT_EQ(stanzas.size(), 4u);
  EXPECT_NE(stanzas[2].find("three"), std::string::npos);
}

TEST_F(HubTest, HistoryIsTheNewestTwentyByDefault) {
  const auto chat = startChat("Pat");
  for (int i = 1; i <= 30; ++i) ASSERT_TRUE(chats_.customerMessage(chat.sessionId, "line " + std::to_string(i)).ok());
  const SessionId mary = login("mary");
  hub_.receive(mary, parse(join(roomOf(chat), "Mary")));
  const auto stanzas = sink_.takeEach(mary);
  std::size_t history = 0;
  for (const auto& s : stanzas) history += s.find("urn:xmpp:delay") != std::string::npos ? 1 : 0;
  EXPECT_EQ(history, 20u);
  EXPECT_NE(stanzas[stanzas.size() - 2].find("line 30"), std::string::npos) << "the newest comes last, before the subject";
  EXPECT_EQ(stanzas[2].find("line 10<"), std::string::npos);
  EXPECT_NE(stanzas[2].find("line 11<"), std::string::npos) << stanzas[2];
}

}  // namespace
}  // namespace smfront::eventing::testing
