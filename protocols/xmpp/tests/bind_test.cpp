#include "xmpp/bind.hpp"

#include <gtest/gtest.h>

#include "xml/parser.hpp"
#include "xml/writer.hpp"
#include "xmpp/namespaces.hpp"

namespace smfront::xmpp {
namespace {

xml::Element parseStanza(std::string_view text) {
  auto r = xml::parseDocument("<w xmlns='jabber:client'>" + std::string(text) + "</w>");
  EXPECT_TRUE(r.ok()) << text;
  return *r.value().children().begin();
}

TEST(Bind, ReadsTheRequestedResource) {
  const auto r = readBindRequest(parseStanza(
      "<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>console</resource></bind></iq>"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->resource, "console");
  const auto none = readBindRequest(parseStanza("<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>"));
  ASSERT_TRUE(none);
  EXPECT_EQ(none->resource, "");
  EXPECT_FALSE(readBindRequest(parseStanza("<iq type='get' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>")));
  EXPECT_FALSE(readBindRequest(parseStanza("<iq type='set' id='b1'><bind xmlns='other'/></iq>")));
}

TEST(Bind, ResultCarriesTheFullJid) {
  const xml::Element request = parseStanza("<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
  EXPECT_EQ(xml::serialize(bindResult(request, *Jid::parse("alice@localhost/smf-0a1b2c3d")), ns::kClient),
            R"(<iq id="b1" type="result"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind">)"
            R"(<jid>alice@localhost/smf-0a1b2c3d</jid></bind></iq>)");
}

TEST(Bind, GeneratedResourceIsSmfAndEightHexDigits) {
  EXPECT_EQ(generatedResource([](std::size_t n) { return std::string("\x0a\x1b\x2c\xff", n); }), "smf-0a1b2cff");
  const std::string r = generatedResource();
  EXPECT_EQ(r.size(), 12u);
  EXPECT_TRUE(r.starts_with("smf-"));
}

TEST(Bind, RecognisesSessionRequests) {
  EXPECT_TRUE(isSessionRequest(parseStanza("<iq type='set' id='s'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>")));
  EXPECT_FALSE(isSessionRequest(parseStanza("<iq type='get' id='s'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>")));
}

}  // namespace
}  // namespace smfront::xmpp
