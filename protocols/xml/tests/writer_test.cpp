#include "xml/writer.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "xml/parser.hpp"

namespace smfront::xml {
namespace {

TEST(Serialize, EmptyElementIsSelfClosing) { EXPECT_EQ(serialize(Element("presence")), "<presence/>"); }

TEST(Serialize, EscapesTextAndAttributeValues) {
  Element e("body");
  e.setAttr("q", "a\"b'c<d>&\n");
  e.addText("1 < 2 & 3 > 2\x01\xFF");
  EXPECT_EQ(serialize(e), "<body q=\"a&quot;b&apos;c&lt;d&gt;&amp;&#xA;\">1 &lt; 2 &amp; 3 &gt; 2</body>");
}

TEST(Serialize, DeclaresNamespaceOnlyWhereItChanges) {
  Element body("body", "http://jabber.org/protocol/httpbind");
  Element& message = body.addChild(Element("message", "jabber:client"));
  message.addChild(Element("body", "jabber:client")).addText("hi");
  message.addChild(Element("active", "http://jabber.org/protocol/chatstates"));
  message.addChild(Element("plain"));
  EXPECT_EQ(serialize(body),
            "<body xmlns=\"http://jabber.org/protocol/httpbind\">"
            "<message xmlns=\"jabber:client\"><body>hi</body>"
            "<active xmlns=\"http://jabber.org/protocol/chatstates\"/>"
            "<plain xmlns=\"\"/></message></body>");
}

TEST(Serialize, InheritedNamespaceIsNotRepeated) {
  Element message("message", "jabber:client");
  message.addChild(Element("body", "jabber:client")).addText("x");
  EXPECT_EQ(serialize(message, "jabber:client"), "<message><body>x</body></message>");
  EXPECT_EQ(serialize(Element("a")), "<a/>");
}

TEST(Serialize, NamespacedAttributesGetDeclaredPrefixes) {
  Element e("message", "jabber:client");
  e.setAttr("lang", "en", kXmlNamespace);
  e.setAttr("k", "1", "urn:x");
  Element& child = e.addChild(Element("c", "jabber:client"));
  child.setAttr("k", "2", "urn:x");
  child.setAttr("j", "3", "urn:y");
  e.addChild(Element("d", "jabber:client")).setAttr("k", "4", "urn:x");
  EXPECT_EQ(serialize(e),
            "<message xmlns=\"jabber:client\" xml:lang=\"en\" xmlns:ns0=\"urn:x\" ns0:k=\"1\">"
            "<c ns0:k=\"2\" xmlns:ns1=\"urn:y\" ns1:j=\"3\"/><d ns0:k=\"4\"/></message>");
}

TEST(Serialize, SkipsHeaderNamespaceRecords) {
  Element header("stream", "http://etherx.jabber.org/streams");
  header.setAttr("xmlns", "jabber:client", kXmlnsNamespace);
  EXPECT_EQ(serialize(header), "<stream xmlns=\"http://etherx.jabber.org/streams\"/>");
}

TEST(Serialize, RoundTripsAMixedContentTree) {
  Element root("html", "http://www.w3.org/1999/xhtml");
  root.setAttr("lang", "fr", kXmlNamespace);
  Element& p = root.addChild(Element("p", "http://www.w3.org/1999/xhtml"));
  p.setAttr("style", "a:\"b\"\tc\r\n");
  p.addText("Bonjour ");
  p.addChild(Element("em", "http://www.w3.org/1999/xhtml")).addText("<tout> & \"le\" monde");
  p.addText(" \xC3\xA9t\xC3\xA9\r\n");
  p.addChild(Element("x", "urn:ext")).setAttr("v", "1", "urn:attr");
  p.addChild(Element("none"));
  p.addText("]]> end");
  root.addChild(Element("br", "http://www.w3.org/1999/xhtml"));

  const std::string xml = serialize(root);
  const ParseResult parsed = parseDocument(xml);
  ASSERT_TRUE(parsed) << parsed.error().message << "\n" << xml;
  EXPECT_EQ(*parsed, root) << xml;
  EXPECT_EQ(serialize(*parsed), xml);
}

TEST(Writer, BuildsNestedElementsWithEscaping) {
  Writer w;
  w.open("presence").attr("to", "a&b@example.com").attr("type", "unavailable");
  w.leaf("status", "gone <fishing>");
  w.leaf("priority");
  w.close();
  EXPECT_EQ(w.take(),
            "<presence to=\"a&amp;b@example.com\" type=\"unavailable\">"
            "<status>gone &lt;fishing&gt;</status><priority/></presence>");
  EXPECT_EQ(w.depth(), 0u);
}

TEST(Writer, EmptyElementIsSelfClosedAndNamespaceHelperAddsXmlns) {
  Writer w;
  w.open("iq").attr("type", "result").attr("id", "1").close();
  w.open("query", "jabber:iq:roster").open("item").attr("jid", "x@y").close().close();
  EXPECT_EQ(w.take(),
            "<iq type=\"result\" id=\"1\"/>"
            "<query xmlns=\"jabber:iq:roster\"><item jid=\"x@y\"/></query>");
}

TEST(Writer, TakeLeavesElementsOpenForStreaming) {
  Writer w;
  w.open("stream:stream").attr("xmlns", "jabber:client").attr("version", "1.0");
  EXPECT_EQ(w.take(), "<stream:stream xmlns=\"jabber:client\" version=\"1.0\">");
  EXPECT_EQ(w.depth(), 1u);
  w.open("stream:features").close();
  EXPECT_EQ(w.take(), "<stream:features/>");
  w.close();
  EXPECT_EQ(w.take(), "</stream:stream>");
}

TEST(Writer, EmbedsTreesRawXmlAndText) {
  Element message("message", "jabber:client");
  message.addChild(Element("body", "jabber:client")).addText("hi");
  Writer w;
  w.open("body", "http://jabber.org/protocol/httpbind")
      .element(message)
      .raw("<presence/>")
      .text("\r")
      .closeAll();
  EXPECT_EQ(w.take(),
            "<body xmlns=\"http://jabber.org/protocol/httpbind\">"
            "<message xmlns=\"jabber:client\"><body>hi</body></message><presence/>&#xD;</body>");
}

TEST(Writer, StripsCharactersXmlCannotCarry) {
  Writer w;
  w.open("a").attr("v", "x\x02y\xC0").text("\x1B[31mred\xEF\xBF\xBF").close();
  EXPECT_EQ(w.take(), "<a v=\"xy\">[31mred</a>");
}

TEST(Writer, RejectsMisuse) {
  Writer w;
  EXPECT_THROW(w.close(), std::logic_error);
  w.open("a").text("t");
  EXPECT_THROW(w.attr("k", "v"), std::logic_error);
}

}  // namespace
}  // namespace smfront::xml
