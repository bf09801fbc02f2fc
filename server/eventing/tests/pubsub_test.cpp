// The pubsub service: subscriptions, items, and contact changes from the bus.
#include "hub_fixture.hpp"

namespace smfront::eventing::testing {
namespace {

std::string subscribe(const std::string& node, const std::string& jid, const std::string& id = "s1") {
  return "<iq xmlns='jabber:client' type='set' id='" + id +
         "' to='pubsub.localhost'><pubsub xmlns='http://jabber.org/protocol/pubsub'><subscribe node='" + node +
         "' jid='" + jid + "'/></pubsub></iq>";
}

TEST_F(HubTest, ASubscriberReceivesEveryChatContactChange) {
  const SessionId mary = login("mary");
  hub_.receive(mary, parse(subscribe("ccp.contacts.chat", "mary@localhost")));
  const std::string answer = sink_.take(mary);
  EXPECT_NE(answer.find("subscription=\"subscribed\""), std::string::npos) << answer;
  EXPECT_NE(answer.find("subid="), std::string::npos);

  const auto chat = startChat();
  pump();
  const auto created = sink_.takeEach(mary);
  ASSERT_EQ(created.size(), 1u);
  const xml::Element message = parse(created[0]);
  EXPECT_EQ(message.attrOr("from", ""), "pubsub.localhost");
  EXPECT_EQ(message.attrOr("to", ""), "mary@localhost/console");
  const xml::Element* items = message.child("event", ns::kPubsubEvent)->child("items");
  ASSERT_NE(items, nullptr);
  EXPECT_EQ(items->attrOr("node", ""), "ccp.contacts.chat");
  EXPECT_EQ(items->child("item")->attrOr("id", ""), chat.contact.id);
  EXPECT_EQ(items->child("item")->child("SocialContact", ns::kPubsub)->childText("status"), "unread");

  // A claim is a change too.
  ASSERT_TRUE(contacts_.setStatus(chat.contact.id, core::ContactStatus::Reserved, "unknown",
                                  core::Actor{.isServer = false, .userName = "mary", .isAdmin = false,
                                              .currentStatusUserId = {}}));
  pump();
  EXPECT_NE(sink_.take(mary).find("<status>reserved</status>"), std::string::npos);
}

TEST_F(HubTest, RepeatsKeepTheSubscriptionAndUnsubscribeEndsIt) {
  const SessionId mary = login("mary");
  hub_.receive(mary, parse(subscribe("ccp.contacts.chat", "mary@localhost")));
  const std::string first = parse(sink_.take(mary)).child("pubsub")->child("subscription")->attrOr("subid", "");
  hub_.receive(mary, parse(subscribe("ccp.contacts.chat", "mary@localhost")));
  EXPECT_EQ(parse(sink_.take(mary)).child("pubsub")->child("subscription")->attrOr("subid", ""), first);

  hub_.receive(mary, parse("<iq xmlns='jabber:client' type='get' id='l' to='pubsub.localhost'>"
                           "<pubsub xmlns='http://jabber.org/protocol/pubsub'><subscriptions/></pubsub></iq>"));
  EXPECT_NE(sink_.take(mary).find("node=\"ccp.contacts.chat\""), std::string::npos);

  hub_.receive(mary, parse("<iq xmlns='jabber:client' type='set' id='u' to='pubsub.localhost'>"
                           "<pubsub xmlns='http://jabber.org/protocol/pubsub'><unsubscribe node='ccp.contacts.chat' "
                           "jid='mary@localhost'/></pubsub></iq>"));
  EXPECT_NE(sink_.take(mary).find("type=\"result\""), std::string::npos);
  startChat();
  pump();
  EXPECT_EQ(sink_.take(mary), "");
}

TEST_F(HubTest, SubscribeRefusesOtherJidsUnknownNodesAndUsersWithoutARole) {
  const SessionId mary = login("mary");
  hub_.receive(mary, parse(subscribe("ccp.contacts.chat", "joe@localhost")));
  const std::string foreign = sink_.take(mary);
  EXPECT_NE(foreign.find("<bad-request"), std::string::npos) << foreign;
  EXPECT_NE(foreign.find("<invalid-jid xmlns=\"http://jabber.org/protocol/pubsub#errors\""), std::string::npos);
  hub_.receive(mary, parse(subscribe("no.such.node", "mary@localhost")));
  EXPECT_NE(sink_.take(mary).find("<item-not-found"), std::string::npos);
  hub_.receive(mary, parse(subscribe("ccp.campaign.updates.nosuch", "mary@localhost")));
  EXPECT_NE(sink_.take(mary).find("<item-not-found"), std::string::npos);

  const SessionId guest = login("guest");
  hub_.receive(guest, parse(subscribe("ccp.contacts.chat", "guest@localhost")));
  EXPECT_NE(sink_.take(guest).find("<forbidden"), std::string::npos);
}

TEST_F(HubTest, OnlyTheServerPublishes) {
  const SessionId mary = login("mary");
  hub_.receive(mary, parse("<iq xmlns='jabber:client' type='set' id='p' to='pubsub.localhost'>"
                           "<pubsub xmlns='http://jabber.org/protocol/pubsub'><publish node='ccp.contacts.chat'>"
                           "<item><x xmlns='y'/></item></publish></pubsub></iq>"));
  EXPECT_NE(sink_.take(mary).find("<forbidden"), std::string::npos);
  hub_.receive(mary, parse("<iq xmlns='jabber:client' type='set' id='c' to='pubsub.localhost'>"
                           "<pubsub xmlns='http://jabber.org/protocol/pubsub#owner'><configure node='ccp.contacts.chat'/>"
                           "</pubsub></iq>"));
  EXPECT_NE(sink_.take(mary).find("<forbidden"), std::string::npos);
}

TEST_F(HubTest, ItemsHoldTheNewestStateOfEachContact) {
  const SessionId mary = login("mary");
  const auto a = startChat("A");
  const auto b = startChat("B");
  ASSERT_TRUE(contacts_.setStatus(a.contact.id, core::ContactStatus::Reserved, "unknown",
                                  core::Actor{.isServer = false, .userName = "mary", .isAdmin = false,
                                              .currentStatusUserId = {}}));
  pump();
  hub_.receive(mary, parse("<iq xmlns='jabber:client' type='get' id='i' to='pubsub.localhost'>"
                           "<pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='ccp.contacts.chat'/>"
                           "</pubsub></iq>"));
  const xml::Element answer = parse(sink_.take(mary));
  std::vector<std::string> ids;
  for (const auto& item : answer.child("pubsub")->child("items")->children("item")) ids.push_back(item.attrOr("id", ""));
  EXPECT_EQ(ids, (std::vector<std::string>{b.contact.id, a.contact.id})) << "one item per contact, newest last";

  hub_.receive(mary, parse("<iq xmlns='jabber:client' type='get' id='j' to='pubsub.localhost'>"
                           "<pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='ccp.contacts.chat' "
                           "max_items='1'/></pubsub></iq>"));
  const xml::Element newest = parse(sink_.take(mary));
  EXPECT_EQ(newest.child("pubsub")->child("items")->child("item")->attrOr("id", ""), a.contact.id);
}

}  // namespace
}  // namespace smfront::eventing::testing

namespace smfront::eventing::testing {
namespace {

class BoundedSink final : public SessionSink {
 public:
  void send(SessionId, std::string xml) override { sent.push_back(std::move(xml)); }
  bool offer(SessionId, std::string xml) override {
    if (xml.size() > room) return false;
    sent.push_back(std::move(xml));
    return true;
  }
  void end(SessionId, std::string) override {}
  std::size_t room = 1 << 20;
  std::vector<std::string> sent;
};

std::string payloadOf(std::size_t bytes) {
  return "<SocialContact xmlns='http://jabber.org/protocol/pubsub'><d>" + std::string(bytes, 'x') + "</d></SocialContact>";
}

class PubsubLimitsTest : public ::testing::Test {
 protected:
  PubsubLimitsTest() {
    const auto mary = xmpp::Jid::parse("mary@localhost/c");
    service_.handleIq(*mary, 1, parse(subscribe("ccp.contacts.chat", "mary@localhost")));
    sink_.sent.clear();
  }

  BoundedSink sink_;
  PubsubService service_{"pubsub.localhost", nullptr,
                         [](const xmpp::Jid&) { return std::vector<Recipient>{{1, "mary@localhost/c"}}; }, sink_};
};

TEST_F(PubsubLimitsTest, AnItemOverTheLimitIsNeitherSentNorKept) {
  service_.publish(kChatNode, "big", payloadOf(PubsubService::kMaxItemBytes));
  EXPECT_TRUE(sink_.sent.empty());
  service_.publish(kChatNode, "small", payloadOf(10));
  ASSERT_EQ(sink_.sent.size(), 1u);
  service_.handleIq(*xmpp::Jid::parse("mary@localhost/c"), 1,
                    parse("<iq xmlns='jabber:client' type='get' id='i' to='pubsub.localhost'><pubsub "
                          "xmlns='http://jabber.org/protocol/pubsub'><items node='ccp.contacts.chat'/></pubsub></iq>"));
  ASSERT_EQ(sink_.sent.size(), 2u);
  EXPECT_NE(sink_.sent[1].find("id=\"small\""), std::string::npos);
  EXPECT_EQ(sink_.sent[1].find("id=\"big\""), std::string::npos);
}

TEST_F(PubsubLimitsTest, EventsGoOutAsOptionalStanzas) {
  sink_.room = 100;
  service_.publish(kChatNode, "a", payloadOf(1000));
  EXPECT_TRUE(sink_.sent.empty()) << "the sink had no room for it";
}

TEST_F(PubsubLimitsTest, AnItemsAnswerCarriesTheNewestItemsThatFit) {
  for (int i = 0; i < 4; ++i) service_.publish(kChatNode, "i" + std::to_string(i), payloadOf(200 * 1024));
  sink_.sent.clear();
  service_.handleIq(*xmpp::Jid::parse("mary@localhost/c"), 1,
                    parse("<iq xmlns='jabber:client' type='get' id='i' to='pubsub.localhost'><pubsub "
                          "xmlns='http://jabber.org/protocol/pubsub'><items node='ccp.contacts.chat'/></pubsub></iq>"));
  ASSERT_EQ(sink_.sent.size(), 1u);
  const std::string& answer = sink_.sent[0];
  EXPECT_EQ(answer.find("id=\"i1\""), std::string::npos);
  EXPECT_NE(answer.find("id=\"i2\""), std::string::npos);
  EXPECT_LT(answer.find("id=\"i2\""), answer.find("id=\"i3\"")) << "oldest first";
}

}  // namespace
}  // namespace smfront::eventing::testing
