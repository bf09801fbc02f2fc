// What the hub refuses before anyone is logged in: PLAIN on cleartext, too
// many streams not yet logged in, and guesses after too many failed logins;
// and the pubsub subscriptions a user may hold.
#include "hub_fixture.hpp"
#include "security/login_throttle.hpp"

namespace smfront::eventing::testing {
namespace {

using namespace std::chrono_literals;

std::string plainAuth(const std::string& user, const std::string& password) {
  return "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" +
         xmpp::base64Encode(std::string("\0", 1) + user + std::string("\0", 1) + password) + "</auth>";
}

class DefendedHubTest : public HubTest {
 protected:
  HubOptions options() {
    HubOptions o;
    o.domain = "localhost";
    o.unknownUserKey = "k";
    o.maxUnauthenticated = 4;
    o.maxUnauthenticatedPerAddress = 2;
    o.subscriptionsPerUser = 3;
    o.loginThrottle = throttle_;
    return o;
  }

  std::shared_ptr<security::LoginThrottle> throttle_ = std::make_shared<security::LoginThrottle>(
      security::LoginThrottleOptions{.failuresBeforeDelay = 2, .firstDelay = 1000ms, .maxDelay = 8000ms});
  RecordingSink out_;
  XmppHub defended_{options(), HubServices{chats_, contacts_, catalog_, router_, time_}, users_, out_};
};

TEST_F(DefendedHubTest, PlainIsOfferedOverTlsOnlyUnlessConfigured) {
  EXPECT_EQ(defended_.open(1, "10.0.0.1", false).find("PLAIN"), std::string::npos);
  EXPECT_NE(defended_.open(2, "10.0.0.1", true).find("<mechanism>PLAIN</mechanism>"), std::string::npos);
  defended_.receive(1, parse(plainAuth("mary", "secret")));
  EXPECT_NE(out_.take(1).find("<invalid-mechanism/>"), std::string::npos) << "not offered, not accepted";

  HubOptions o = options();
  o.plainOnCleartext = true;
  RecordingSink sink;
  XmppHub open(o, HubServices{chats_, contacts_, catalog_, router_, time_}, users_, sink);
  EXPECT_NE(open.open(1, "10.0.0.1", false).find("<mechanism>PLAIN</mechanism>"), std::string::npos);
}

TEST_F(DefendedHubTest, StreamsNotLoggedInAreCappedPerAddressAndInAll) {
  EXPECT_EQ(defended_.admission("10.0.0.1"), XmppHub::Admission::Open);
  defended_.open(1, "10.0.0.1", true);
  defended_.open(2, "10.0.0.1", true);
  EXPECT_EQ(defended_.admission("10.0.0.1"), XmppHub::Admission::TooManyFromAddress);
  EXPECT_EQ(defended_.admission("10.0.0.2"), XmppHub::Admission::Open);
  defended_.open(3, "10.0.0.2", true);
  defended_.open(4, "10.0.0.3", true);
  EXPECT_EQ(defended_.admission("10.0.0.4"), XmppHub::Admission::TooMany);
  // Logging in, or going away, frees the place.
  defended_.receive(1, parse(plainAuth("mary", "secret")));
  EXPECT_NE(out_.take(1).find("<success"), std::string::npos);
  EXPECT_EQ(defended_.unauthenticated(), 3u);
  EXPECT_EQ(defended_.admission("10.0.0.1"), XmppHub::Admission::Open);
  defended_.closed(2);
  defended_.closed(1);
  EXPECT_EQ(defended_.unauthenticated(), 2u);
}

TEST_F(DefendedHubTest, FailedLoginsAreRefusedUncheckedThenAllowedAgain) {
  for (SessionId id = 1; id <= 2; ++id) {
    defended_.open(id, "10.0.0.1", true);
    defended_.receive(id, parse(plainAuth("mary", "wrong")));
    EXPECT_NE(out_.take(id).find("<not-authorized/>"), std::string::npos);
  }
  defended_.open(3, "10.0.0.1", true);
  defended_.receive(3, parse(plainAuth("mary", "secret")));
  const std::string refused = out_.take(3);
  EXPECT_NE(refused.find("<temporary-auth-failure/>"), std::string::npos) << refused;
  EXPECT_NE(refused.find("retry in 1 s"), std::string::npos) << refused;
  // Someone else, from elsewhere, logs in at once.
  defended_.open(4, "10.0.0.9", true);
  defended_.receive(4, parse(plainAuth("mary", "secret")));
  EXPECT_NE(out_.take(4).find("<success"), std::string::npos);
  // After the wait, the right password works from the failing address too.
  time_.advance(1000ms);
  defended_.receive(3, parse(plainAuth("mary", "secret")));
  EXPECT_NE(out_.take(3).find("<success"), std::string::npos);
}

TEST_F(DefendedHubTest, AScramProofIsNotCheckedWhileThrottled) {
  defended_.open(1, "10.0.0.1", true);
  // The first message names the user; the throttle starts before the proof arrives.
  defended_.receive(1, parse("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-1'>" +
                             xmpp::base64Encode("n,,n=mary,r=abcdefgh") + "</auth>"));
  EXPECT_NE(out_.take(1).find("<challenge"), std::string::npos);
  throttle_->failed("10.0.0.1", "mary", time_.steadyNow());
  throttle_->failed("10.0.0.1", "mary", time_.steadyNow());
  defended_.receive(1, parse("<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>" +
                             xmpp::base64Encode("c=biws,r=abcdefgh,p=AAAA") + "</response>"));
  EXPECT_NE(out_.take(1).find("<temporary-auth-failure/>"), std::string::npos);
}

TEST_F(DefendedHubTest, SubscriptionsPerUserAreCapped) {
  defended_.open(1, "10.0.0.1", true);
  defended_.receive(1, parse(plainAuth("mary", "secret")));
  defended_.restart(1);
  defended_.receive(1, parse("<iq xmlns='jabber:client' type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                             "<resource>r</resource></bind></iq>"));
  out_.take(1);
  auto subscribe = [&](const std::string& jid) {
    defended_.receive(1, parse("<iq xmlns='jabber:client' type='set' id='s' to='pubsub.localhost'>"
                               "<pubsub xmlns='http://jabber.org/protocol/pubsub'><subscribe node='ccp.contacts.chat' "
                               "jid='" + jid + "'/></pubsub></iq>"));
    return out_.take(1);
  };
  for (const char* jid : {"mary@localhost", "mary@localhost/a", "mary@localhost/b"}) {
    EXPECT_NE(subscribe(jid).find("subscribed"), std::string::npos) << jid;
  }
  EXPECT_NE(subscribe("mary@localhost/a").find("subscribed"), std::string::npos) << "a repeat is no new subscription";
  const std::string refused = subscribe("mary@localhost/c");
  EXPECT_NE(refused.find("<not-allowed"), std::string::npos) << refused;
  EXPECT_NE(refused.find("<too-many-subscriptions xmlns=\"http://jabber.org/protocol/pubsub#errors\""),
            std::string::npos)
      << refused;
  defended_.receive(1, parse("<iq xmlns='jabber:client' type='set' id='u' to='pubsub.localhost'>"
                             "<pubsub xmlns='http://jabber.org/protocol/pubsub'><unsubscribe node='ccp.contacts.chat' "
                             "jid='mary@localhost/a'/></pubsub></iq>"));
  out_.take(1);
  EXPECT_NE(subscribe("mary@localhost/c").find("subscribed"), std::string::npos) << "an unsubscribe frees a place";
}

}  // namespace
}  // namespace smfront::eventing::testing
