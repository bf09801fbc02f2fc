#include "xmpp/server_stream.hpp"

#include <gtest/gtest.h>

#include "xml/parser.hpp"

namespace smfront::xmpp {
namespace {

using Action = StreamStep::Action;

xml::Element parseElement(std::string_view text) {
  auto r = xml::parseDocument("<w xmlns='jabber:client'>" + std::string(text) + "</w>");
  EXPECT_TRUE(r.ok()) << text;
  return *r.value().children().begin();
}

constexpr std::string_view kAuth = "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGEAYg==</auth>";
constexpr std::string_view kBind =
    "<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>console</resource></bind></iq>";
constexpr std::string_view kSession = "<iq type='set' id='s'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>";
constexpr std::string_view kMessage = "<message to='a@b'><body>hi</body></message>";

TEST(ServerStream, SaslThenBindThenStanzasInThatOrder) {
  ServerStream s;
  EXPECT_EQ(s.stage(), ServerStage::Authenticating);
  EXPECT_EQ(s.receive(parseElement(kAuth)).action, Action::Sasl);
  s.authenticated();
  EXPECT_EQ(s.stage(), ServerStage::Binding);
  EXPECT_EQ(s.receive(parseElement(kSession)).action, Action::Session) << "RFC 3921 clients may ask before binding";
  const auto bind = s.receive(parseElement(kBind));
  EXPECT_EQ(bind.action, Action::Bind);
  EXPECT_EQ(bind.resource, "console");
  s.bound();
  EXPECT_EQ(s.stage(), ServerStage::Established);
  EXPECT_EQ(s.receive(parseElement(kMessage)).action, Action::Stanza);
  EXPECT_EQ(s.receive(parseElement("<presence/>")).action, Action::Stanza);
  EXPECT_EQ(s.receive(parseElement(kSession)).action, Action::Stanza) << "after binding, an iq is an iq";
}

TEST(ServerStream, AnythingButSaslBeforeAuthenticationEndsTheStream) {
  ServerStream s;
  const auto step = s.receive(parseElement(kMessage));
  EXPECT_EQ(step.action, Action::EndStream);
  EXPECT_EQ(step.condition, StreamErrorCondition::NotAuthorized);
  EXPECT_EQ(s.stage(), ServerStage::Ended);
  s.authenticated();
  EXPECT_EQ(s.stage(), ServerStage::Ended) << "an ended stream stays ended";
}

TEST(ServerStream, StanzasBeforeBindingEndTheStream) {
  ServerStream s;
  s.authenticated();
  const auto step = s.receive(parseElement(kMessage));
  EXPECT_EQ(step.action, Action::EndStream);
  EXPECT_EQ(step.condition, StreamErrorCondition::NotAuthorized);
  EXPECT_EQ(step.text, "bind a resource first");
}

TEST(ServerStream, AnUnknownTopLevelElementIsAnUnsupportedStanzaType) {
  ServerStream s;
  s.authenticated();
  s.bound();
  EXPECT_EQ(s.receive(parseElement("<r xmlns='urn:xmpp:sm:3'/>")).condition, StreamErrorCondition::UnsupportedStanzaType);
}

TEST(ServerStream, StagesOnlyMoveForward) {
  ServerStream s;
  s.bound();
  EXPECT_EQ(s.stage(), ServerStage::Authenticating) << "no binding before authentication";
  s.authenticated();
  s.bound();
  s.authenticated();
  EXPECT_EQ(s.stage(), ServerStage::Established);
}

}  // namespace
}  // namespace smfront::xmpp
