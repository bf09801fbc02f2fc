#include "xmpp/stanza.hpp"

#include <gtest/gtest.h>

#include "xml/parser.hpp"
#include "xml/writer.hpp"
#include "xmpp/namespaces.hpp"

namespace smfront::xmpp {
namespace {

xml::Element parseStanza(std::string_view text) {
  // Stanzas inside a stream inherit jabber:client; a wrapper gives them the same namespace.
  auto r = xml::parseDocument("<w xmlns='jabber:client'>" + std::string(text) + "</w>");
  EXPECT_TRUE(r.ok()) << text;
  return *r.value().children().begin();
}

std::string out(const xml::Element& e) { return xml::serialize(e, ns::kClient); }

TEST(Stanza, ReadsTheHeader) {
  const StanzaHeader h = readHeader(parseStanza("<iq to='a@b' from='c@d/e' type='get' id='7'/>"));
  EXPECT_EQ(h, (StanzaHeader{StanzaKind::Iq, "a@b", "c@d/e", "get", "7"}));
  EXPECT_EQ(readHeader(parseStanza("<message/>")).kind, StanzaKind::Message);
  EXPECT_EQ(readHeader(parseStanza("<presence/>")).kind, StanzaKind::Presence);
  EXPECT_EQ(readHeader(parseStanza("<iq xmlns='other'/>")).kind, StanzaKind::Other);
}

TEST(Stanza, IqResultSwapsAddressesAndKeepsTheId) {
  const xml::Element request = parseStanza("<iq from='u@d/r' to='d' type='get' id='p1'><ping xmlns='urn:xmpp:ping'/></iq>");
  EXPECT_TRUE(isPing(request));
  EXPECT_EQ(out(iqResult(request)), R"(<iq to="u@d/r" from="d" id="p1" type="result"/>)");
  xml::Element payload("query", "jabber:iq:roster");
  EXPECT_EQ(out(iqResult(request, payload)),
            R"(<iq to="u@d/r" from="d" id="p1" type="result"><query xmlns="jabber:iq:roster"/></iq>)");
}

TEST(Stanza, ErrorRepliesCarryTypeConditionAndText) {
  const xml::Element request = parseStanza("<iq from='u@d/r' type='get' id='q'><query xmlns='x'/></iq>");
  EXPECT_EQ(out(errorReply(request, StanzaErrorCondition::ServiceUnavailable)),
            R"(<iq to="u@d/r" id="q" type="error"><error type="cancel">)"
            R"(<service-unavailable xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>)");
  const xml::Element message = parseStanza("<message from='u@d' to='x@d' id='m1'><body>hi</body></message>");
  EXPECT_EQ(out(errorReply(message, StanzaErrorCondition::ItemNotFound, "no such user")),
            R"(<message to="u@d" from="x@d" id="m1" type="error"><error type="cancel">)"
            R"(<item-not-found xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/>)"
            R"(<text xmlns="urn:ietf:params:xml:ns:xmpp-stanzas">no such user</text></error></message>)");
}

TEST(Stanza, ConditionsHaveRfcNamesAndDefaultTypes) {
  EXPECT_EQ(toString(StanzaErrorCondition::BadRequest), "bad-request");
  EXPECT_EQ(defaultErrorType(StanzaErrorCondition::BadRequest), ErrorType::Modify);
  EXPECT_EQ(defaultErrorType(StanzaErrorCondition::NotAuthorized), ErrorType::Auth);
  EXPECT_EQ(defaultErrorType(StanzaErrorCondition::FeatureNotImplemented), ErrorType::Cancel);
  EXPECT_EQ(defaultErrorType(StanzaErrorCondition::RemoteServerNotFound), ErrorType::Cancel);
  EXPECT_EQ(defaultErrorType(StanzaErrorCondition::ResourceConstraint), ErrorType::Wait);
  EXPECT_EQ(toString(StanzaErrorCondition::UnexpectedRequest), "unexpected-request");
  for (int i = 0; i <= static_cast<int>(StanzaErrorCondition::UnexpectedRequest); ++i) {
    const auto c = static_cast<StanzaErrorCondition>(i);
    EXPECT_EQ(stanzaErrorConditionFromString(toString(c)), c);
  }
  EXPECT_FALSE(stanzaErrorConditionFromString("no-such-thing"));
}

TEST(Stanza, ReadsErrorsBack) {
  const xml::Element reply = errorReply(parseStanza("<iq id='1' type='set'/>"),
                                        stanzaError(StanzaErrorCondition::Conflict, "taken"));
  EXPECT_EQ(readStanzaError(reply), (StanzaError{ErrorType::Cancel, StanzaErrorCondition::Conflict, "taken"}));
  EXPECT_FALSE(readStanzaError(parseStanza("<iq id='1' type='result'/>")));
  const auto unknown = readStanzaError(
      parseStanza("<message type='error'><error type='wait'><x xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>"));
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->type, ErrorType::Wait);
  EXPECT_EQ(unknown->condition, StanzaErrorCondition::UndefinedCondition);
}

TEST(Stanza, BuildsMessagesPresencesAndPings) {
  EXPECT_EQ(out(makeMessage("a@b", "x < y", "chat", "smf-1")),
            R"(<message to="a@b" type="chat" id="smf-1"><body>x &lt; y</body></message>)");
  EXPECT_EQ(out(makePresence({}, -1)), "<presence><priority>-1</priority></presence>");
  EXPECT_EQ(out(makePresence("unavailable")), R"(<presence type="unavailable"/>)");
  EXPECT_EQ(out(makePresence({}, 500)), "<presence><priority>127</priority></presence>");
  EXPECT_EQ(out(makePing("k1", "localhost")),
            R"(<iq to="localhost" type="get" id="k1"><ping xmlns="urn:xmpp:ping"/></iq>)");
  EXPECT_FALSE(isPing(parseStanza("<iq type='result' id='k1'><ping xmlns='urn:xmpp:ping'/></iq>")));
}

}  // namespace
}  // namespace smfront::xmpp
