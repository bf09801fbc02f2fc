#include "xmpp/stream.hpp"

#include <gtest/gtest.h>

#include "xml/parser.hpp"

namespace smfront::xmpp {
namespace {

// Features and errors use the stream prefix, which a wrapper declares as a stream would.
xml::Element parseInStream(std::string_view text) {
  auto r = xml::parseDocument("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>" +
                              std::string(text) + "</stream:stream>");
  EXPECT_TRUE(r.ok()) << text;
  return *r.value().children().begin();
}

TEST(Stream, OpensWithBothNamespacesBound) {
  StreamHeader h;
  h.to = "example.com";
  EXPECT_EQ(streamOpen(h),
            "<?xml version='1.0'?><stream:stream xmlns=\"jabber:client\" "
            "xmlns:stream=\"http://etherx.jabber.org/streams\" to=\"example.com\" version=\"1.0\" xml:lang=\"en\">");
  EXPECT_EQ(streamClose(), "</stream:stream>");
}

TEST(Stream, ServerFeaturesBeforeAndAfterAuthentication) {
  const std::string before = featuresXml(preAuthFeatures({"SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN"}));
  EXPECT_EQ(before,
            "<stream:features><mechanisms xmlns=\"urn:ietf:params:xml:ns:xmpp-sasl\">"
            "<mechanism>SCRAM-SHA-256</mechanism><mechanism>SCRAM-SHA-1</mechanism><mechanism>PLAIN</mechanism>"
            "</mechanisms></stream:features>");
  const std::string after = featuresXml(postAuthFeatures());
  EXPECT_EQ(after,
            "<stream:features><bind xmlns=\"urn:ietf:params:xml:ns:xmpp-bind\"/>"
            "<session xmlns=\"urn:ietf:params:xml:ns:xmpp-session\"><optional/></session></stream:features>");
}

TEST(Stream, FeaturesRoundTrip) {
  StreamFeatures f;
  f.starttls = true;
  f.starttlsRequired = true;
  f.mechanisms = {"PLAIN"};
  f.bind = true;
  f.session = true;
  f.streamManagement = true;
  const xml::Element e = parseInStream(featuresXml(f));
  EXPECT_EQ(e.ns(), "http://etherx.jabber.org/streams");
  EXPECT_EQ(readFeatures(e), f);
  EXPECT_EQ(readFeatures(parseInStream(featuresXml(postAuthFeatures()))), postAuthFeatures());
}

TEST(Stream, ErrorsWriteAndRead) {
  const std::string xml = streamErrorXml(StreamErrorCondition::PolicyViolation, "too many failures");
  EXPECT_EQ(xml,
            "<stream:error><policy-violation xmlns=\"urn:ietf:params:xml:ns:xmpp-streams\"/>"
            "<text xmlns=\"urn:ietf:params:xml:ns:xmpp-streams\">too many failures</text></stream:error>");
  const auto info = readStreamError(parseInStream(xml));
  ASSERT_TRUE(info);
  EXPECT_EQ(info->condition, "policy-violation");
  EXPECT_EQ(info->text, "too many failures");
  EXPECT_FALSE(readStreamError(parseInStream("<stream:features/>")));
  EXPECT_EQ(toString(StreamErrorCondition::SeeOtherHost), "see-other-host");
  EXPECT_EQ(streamErrorConditionFromString("conflict"), StreamErrorCondition::Conflict);
}

}  // namespace
}  // namespace smfront::xmpp
