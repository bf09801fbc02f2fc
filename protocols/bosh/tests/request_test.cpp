#include "bosh/request.hpp"

#include <gtest/gtest.h>

#include <string>

#include "bosh/namespaces.hpp"
#include "xml/writer.hpp"

namespace smfront::bosh {
namespace {

Request parseOk(std::string_view bytes, const RequestLimits& limits = {}) {
  ParsedRequest parsed = parseRequest(bytes, limits);
  if (!parsed) ADD_FAILURE() << "refused: " << parsed.rejection().detail;
  return parsed ? std::move(parsed).value() : Request();
}

Rejection parseRefused(std::string_view bytes, const RequestLimits& limits = {}) {
  ParsedRequest parsed = parseRequest(bytes, limits);
  if (parsed) {
    ADD_FAILURE() << "accepted: " << bytes;
    return Rejection{Condition::None, {}, {}};
  }
  return parsed.rejection();
}

std::string bodyWith(std::string_view attributes, std::string_view content = {}) {
  std::string out = "<body xmlns='http://jabber.org/protocol/httpbind' ";
  out += attributes;
  if (content.empty()) return out + "/>";
  return out + ">" + std::string(content) + "</body>";
}

TEST(ParseRequest, ReadsStropheCreationRequest) {
  const Request r = parseOk(
      "<body rid='1573741820' xmlns='http://jabber.org/protocol/httpbind' to='localhost' xml:lang='en' "
      "wait='60' hold='1' content='text/xml; charset=utf-8' ver='1.6' xmpp:version='1.0' "
      "xmlns:xmpp='urn:xmpp:xbosh'/>");
  EXPECT_TRUE(r.isCreation());
  EXPECT_EQ(r.rid, 1573741820u);
  EXPECT_EQ(r.to, "localhost");
  EXPECT_EQ(r.lang, "en");
  EXPECT_EQ(r.wait, 60u);
  EXPECT_EQ(r.hold, 1u);
  EXPECT_EQ(r.content, "text/xml; charset=utf-8");
  EXPECT_EQ(r.ver, "1.6");
  EXPECT_EQ(r.xmppVersion, "1.0");
  EXPECT_FALSE(r.ack.has_value());
  EXPECT_FALSE(r.pause.has_value());
  EXPECT_FALSE(r.terminate);
  EXPECT_FALSE(r.restart);
  EXPECT_FALSE(r.hasKey);
  EXPECT_TRUE(r.route.empty());
  EXPECT_TRUE(r.payload.empty());
}

TEST(ParseRequest, ReadsSessionAttributes) {
  const Request r = parseOk(bodyWith("rid='8' sid='abc' ack='7' pause='30' route='xmpp:x:5222' key='k' newkey='n'"));
  EXPECT_FALSE(r.isCreation());
  EXPECT_EQ(r.sid, "abc");
  EXPECT_EQ(r.ack, 7u);
  EXPECT_EQ(r.pause, 30u);
  EXPECT_EQ(r.route, "xmpp:x:5222");
  EXPECT_TRUE(r.hasKey);
}

TEST(ParseRequest, NewkeyAloneCountsAsKey) {
  EXPECT_TRUE(parseOk(bodyWith("rid='8' newkey='n'")).hasKey);
}

TEST(ParseRequest, LargestRidParses) {
  EXPECT_EQ(parseOk(bodyWith("rid='9007199254740991' sid='s'")).rid, kMaxRid);
  EXPECT_EQ(kMaxRid, 9007199254740991u);
  EXPECT_EQ(parseOk(bodyWith("rid='1'")).rid, 1u);
}

TEST(ParseRequest, RidOutsideRangeOrNotDigitsIsBadRequest) {
  for (const char* rid : {"0", "9007199254740992", "18446744073709551616", "-1", "+5", " 5", "5 ", "1e3", "",
                          "0x10", "12a"}) {
    SCOPED_TRACE(rid);
    const Rejection r = parseRefused(bodyWith(std::string("sid='s1' rid='") + rid + "'"));
    EXPECT_EQ(r.condition, Condition::BadRequest);
    EXPECT_EQ(r.sid, "s1");  // so the door can end that session
  }
}

TEST(ParseRequest, MissingRidIsBadRequestNamingTheSession) {
  const Rejection r = parseRefused(bodyWith("sid='live'"));
  EXPECT_EQ(r.condition, Condition::BadRequest);
  EXPECT_EQ(r.sid, "live");
}

TEST(ParseRequest, MalformedNumbersAreBadRequest) {
  for (const char* attr : {"wait='sixty'", "hold='-1'", "ack='x'", "pause='1.5'", "wait=''"}) {
    SCOPED_TRACE(attr);
    EXPECT_EQ(parseRefused(bodyWith(std::string("rid='1' ") + attr)).condition, Condition::BadRequest);
  }
}

TEST(ParseRequest, ZeroHoldIsSyntacticallyFine) {
  // hold='0' is refused at session creation, where the rule lives.
  EXPECT_EQ(parseOk(bodyWith("rid='1' hold='0'")).hold, 0u);
}

TEST(ParseRequest, WrongRootOrNamespaceIsBadRequest) {
  EXPECT_EQ(parseRefused("<body rid='1'/>").condition, Condition::BadRequest);
  EXPECT_EQ(parseRefused("<body xmlns='jabber:client' rid='1'/>").condition, Condition::BadRequest);
  EXPECT_EQ(parseRefused("<bodyx xmlns='http://jabber.org/protocol/httpbind' rid='1'/>").condition,
            Condition::BadRequest);
  EXPECT_EQ(parseRefused("<stream:stream xmlns:stream='http://etherx.jabber.org/streams'/>").condition,
            Condition::BadRequest);
}

TEST(ParseRequest, UnparsableXmlIsBadRequest) {
  for (const char* bytes : {"", "not xml", "<body xmlns='http://jabber.org/protocol/httpbind' rid='1'>",
                            "<body xmlns='http://jabber.org/protocol/httpbind' rid='1'></bod>",
                            "<body xmlns='http://jabber.org/protocol/httpbind' rid='1' rid='2'/>",
                            "<body xmlns='http://jabber.org/protocol/httpbind' rid='1' xmpp:restart='true'/>",
                            "<body xmlns='http://jabber.org/protocol/httpbind' rid='1'/><body/>"}) {
    SCOPED_TRACE(bytes);
    const Rejection r = parseRefused(bytes);
    EXPECT_EQ(r.condition, Condition::BadRequest);
    EXPECT_TRUE(r.sid.empty());
    EXPECT_FALSE(r.detail.empty());
  }
}

TEST(ParseRequest, DoctypeAndEntitiesAreBadRequest) {
  EXPECT_EQ(parseRefused("<!DOCTYPE body [<!ENTITY x 'y'>]><body xmlns='http://jabber.org/protocol/httpbind' "
                         "rid='1'>&x;</body>")
                .condition,
            Condition::BadRequest);
}

TEST(ParseRequest, OversizeBodyIsPolicyViolation) {
  RequestLimits limits;
  limits.maxBodyBytes = 200;
  const std::string filler(200, 'a');
  const std::string big = bodyWith("rid='1'", "<message><body>" + filler + "</body></message>");
  ASSERT_GT(big.size(), 200u);
  EXPECT_EQ(parseRefused(big, limits).condition, Condition::PolicyViolation);

  std::string exact = bodyWith("rid='1'", "<message><body></body></message>");
  exact.insert(exact.find("</body></message>"), std::string(200 - exact.size(), 'b'));
  ASSERT_EQ(exact.size(), 200u);
  EXPECT_EQ(parseOk(exact, limits).payload.size(), 1u);
}

TEST(ParseRequest, DefaultCapIsOneMebibyte) {
  EXPECT_EQ(RequestLimits{}.maxBodyBytes, 1u << 20);
  std::string big = bodyWith("rid='1'", "<message><body>" + std::string(1 << 20, 'a') + "</body></message>");
  EXPECT_EQ(parseRefused(big).condition, Condition::PolicyViolation);
}

TEST(ParseRequest, TooDeepIsPolicyViolation) {
  RequestLimits limits;
  limits.maxDepth = 4;
  EXPECT_EQ(parseOk(bodyWith("rid='1'", "<a><b><c/></b></a>"), limits).payload.size(), 1u);
  EXPECT_EQ(parseRefused(bodyWith("rid='1'", "<a><b><c><d/></c></b></a>"), limits).condition,
            Condition::PolicyViolation);
}

TEST(ParseRequest, KeepsSeveralStanzasInOrderAndDropsWhitespace) {
  const Request r = parseOk(bodyWith("rid='2' sid='s'",
                                     "\n  <presence xmlns='jabber:client'/>\n"
                                     "  <message xmlns='jabber:client' to='a@localhost' id='m1'/>\n"
                                     "  <iq xmlns='jabber:client' type='get' id='i1'/>\n"));
  ASSERT_EQ(r.payload.size(), 3u);
  EXPECT_EQ(r.payload[0].name(), "presence");
  EXPECT_EQ(r.payload[1].name(), "message");
  EXPECT_EQ(*r.payload[1].attr("id"), "m1");
  EXPECT_EQ(r.payload[2].name(), "iq");
  for (const xml::Element& stanza : r.payload) EXPECT_EQ(stanza.ns(), kClientNs);
}

TEST(ParseRequest, StanzasInheritingTheBodyNamespaceMoveToJabberClient) {
  const Request r =
      parseOk(bodyWith("rid='2'", "<message to='a@b'><body>hi</body><x xmlns='urn:x'><y/></x></message>"));
  ASSERT_EQ(r.payload.size(), 1u);
  const xml::Element& message = r.payload[0];
  EXPECT_EQ(message.ns(), kClientNs);
  ASSERT_NE(message.child("body"), nullptr);
  EXPECT_EQ(message.child("body")->ns(), kClientNs);
  EXPECT_EQ(message.child("x")->ns(), "urn:x");
  EXPECT_EQ(message.child("x")->child("y")->ns(), "urn:x");
}

TEST(ParseRequest, OtherNamespacesAreKept) {
  const Request r = parseOk(bodyWith(
      "rid='2'", "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGJvYgBzZWNyZXQ=</auth>"));
  ASSERT_EQ(r.payload.size(), 1u);
  EXPECT_EQ(r.payload[0].ns(), "urn:ietf:params:xml:ns:xmpp-sasl");
  EXPECT_EQ(r.payload[0].text(), "AGJvYgBzZWNyZXQ=");
}

TEST(ParseRequest, CdataAndEscapesRoundTrip) {
  const Request r = parseOk(bodyWith(
      "rid='2'",
      "<message xmlns='jabber:client' to='a&amp;b@x' id=\"q'&quot;\"><body><![CDATA[1 < 2 && \"x\" > 'y']]></body>"
      "</message>"));
  ASSERT_EQ(r.payload.size(), 1u);
  const xml::Element& message = r.payload[0];
  EXPECT_EQ(*message.attr("to"), "a&b@x");
  EXPECT_EQ(*message.attr("id"), "q'\"");
  EXPECT_EQ(message.childText("body"), "1 < 2 && \"x\" > 'y'");

  // Serialized back into a body and parsed again, nothing changes.
  const std::string again = bodyWith("rid='3'", xml::serialize(message, kHttpBindNs));
  const Request r2 = parseOk(again);
  ASSERT_EQ(r2.payload.size(), 1u);
  EXPECT_EQ(r2.payload[0], message);
}

TEST(ParseRequest, TerminateAndRestartFlags) {
  EXPECT_TRUE(parseOk(bodyWith("rid='2' sid='s' type='terminate'")).terminate);
  EXPECT_FALSE(parseOk(bodyWith("rid='2' sid='s' type='error'")).terminate);
  const Request restart =
      parseOk(bodyWith("rid='3' sid='s' xmlns:xmpp='urn:xmpp:xbosh' xmpp:restart='true' to='localhost'"));
  EXPECT_TRUE(restart.restart);
  EXPECT_FALSE(parseOk(bodyWith("rid='3' xmlns:xmpp='urn:xmpp:xbosh' xmpp:restart='false'")).restart);
  // The attribute counts only in its namespace.
  EXPECT_FALSE(parseOk(bodyWith("rid='3' restart='true'")).restart);
  EXPECT_FALSE(parseOk(bodyWith("rid='3' xmlns:x='urn:other' x:restart='true'")).restart);
}

TEST(ParseUnsigned, IsStrict) {
  EXPECT_EQ(parseUnsigned("0"), 0u);
  EXPECT_EQ(parseUnsigned("007"), 7u);
  EXPECT_EQ(parseUnsigned("18446744073709551615"), UINT64_MAX);
  EXPECT_FALSE(parseUnsigned("18446744073709551616"));
  EXPECT_FALSE(parseUnsigned(""));
  EXPECT_FALSE(parseUnsigned("-0"));
  EXPECT_FALSE(parseUnsigned("1 "));
}

}  // namespace
}  // namespace smfront::bosh
