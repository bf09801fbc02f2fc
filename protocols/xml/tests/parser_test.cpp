#include "xml/parser.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace smfront::xml {
namespace {

constexpr const char* kBoshNs = "http://jabber.org/protocol/httpbind";
constexpr const char* kStreamNs = "http://etherx.jabber.org/streams";

Element parseOk(std::string_view xml) {
  ParseResult result = parseDocument(xml);
  if (!result) ADD_FAILURE() << "parse failed: " << result.error().message;
  return result ? std::move(result).value() : Element();
}

ErrorCode parseCode(std::string_view xml, const Limits& limits = {}) {
  ParseResult result = parseDocument(xml, limits);
  return result ? ErrorCode::None : result.error().code;
}

TEST(ParseDocument, ReadsSocialMinerContact) {
  const Element root = parseOk(
      "<SocialContact><author>A &amp; B</author><extensionFields>"
      "<extensionField><name>n</name><value>v</value></extensionField>"
      "</extensionFields></SocialContact>");
  EXPECT_EQ(root.name(), "SocialContact");
  EXPECT_EQ(root.ns(), "");
  EXPECT_EQ(root.childText("author"), "A & B");
  const Element* fields = root.child("extensionFields");
  ASSERT_NE(fields, nullptr);
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const Element& f : fields->children("extensionField")) {
    pairs.emplace_back(f.childText("name"), f.childText("value"));
  }
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_EQ(pairs[0].first, "n");
  EXPECT_EQ(pairs[0].second, "v");
}

TEST(ParseDocument, ResolvesDefaultAndPrefixedNamespaces) {
  const Element body = parseOk(
      "<body xmlns='http://jabber.org/protocol/httpbind' "
      "xmlns:stream='http://etherx.jabber.org/streams' rid='7'><stream:features/></body>");
  EXPECT_EQ(body.name(), "body");
  EXPECT_EQ(body.ns(), kBoshNs);
  // Namespace declarations are not attributes.
  ASSERT_EQ(body.attributes().size(), 1u);
  EXPECT_EQ(*body.attr("rid"), "7");
  const Element* features = body.child("features", kStreamNs);
  ASSERT_NE(features, nullptr);
  EXPECT_EQ(features->name(), "features");
  EXPECT_EQ(features->ns(), kStreamNs);
  EXPECT_EQ(body.child("features", kBoshNs), nullptr);
}

TEST(ParseDocument, ChildInheritsDefaultNamespaceAndCanResetIt) {
  const Element root = parseOk("<a xmlns='urn:a'><b><c xmlns=''/></b></a>");
  EXPECT_EQ(root.child("b")->ns(), "urn:a");
  EXPECT_EQ(root.child("b")->child("c")->ns(), "");
}

TEST(ParseDocument, XmlLangIsANamespacedAttribute) {
  const Element msg = parseOk("<message xml:lang='de' type='chat'><body>Hallo</body></message>");
  ASSERT_NE(msg.attr("lang", kXmlNamespace), nullptr);
  EXPECT_EQ(*msg.attr("lang", kXmlNamespace), "de");
  EXPECT_EQ(msg.attr("lang"), nullptr);
  EXPECT_EQ(msg.attrOr("type", ""), "chat");
}

TEST(ParseDocument, PrefixedAttributeKeepsItsNamespace) {
  const Element e = parseOk("<a xmlns:x='urn:x' x:k='1' k='2'/>");
  EXPECT_EQ(*e.attr("k", "urn:x"), "1");
  EXPECT_EQ(*e.attr("k"), "2");
}

TEST(ParseDocument, AcceptsXmlDeclarationAndSurroundingWhitespace) {
  const Element e = parseOk("<?xml version='1.0' encoding='UTF-8'?>\n<a>x</a>\n");
  EXPECT_EQ(e.text(), "x");
}

TEST(ParseDocument, HonoursDeclaredEncoding) {
  const Element e = parseOk("<?xml version='1.0' encoding='ISO-8859-1'?><a>caf\xE9</a>");
  EXPECT_EQ(e.text(), "caf\xC3\xA9");
}

TEST(ParseDocument, PreservesMixedContentInOrder) {
  const Element p = parseOk("<p>one <b>two</b> three<![CDATA[ <four> ]]>&#x41;<i/></p>");
  ASSERT_EQ(p.nodes().size(), 4u);
  EXPECT_EQ(*p.nodes()[0].text(), "one ");
  EXPECT_EQ(p.nodes()[1].element()->text(), "two");
  EXPECT_EQ(*p.nodes()[2].text(), " three <four> A");
  EXPECT_EQ(p.nodes()[3].element()->name(), "i");
  EXPECT_EQ(p.text(), "one  three <four> A");
}

TEST(ParseDocument, NormalizesLineEndsAndDecodesReferences) {
  const Element e = parseOk("<a v='x&#xA;y'>l1\r\nl2&#xD;&lt;&gt;&quot;&apos;</a>");
  EXPECT_EQ(e.text(), "l1\nl2\r<>\"'");
  EXPECT_EQ(*e.attr("v"), "x\ny");
}

TEST(ParseDocument, UnclosedTagIsUnexpectedEnd) {
  const ParseResult r = parseDocument("<a><b></b>");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::UnexpectedEnd);
  EXPECT_EQ(parseCode("<a"), ErrorCode::Malformed);
}

TEST(ParseDocument, EmptyInputIsUnexpectedEnd) {
  EXPECT_EQ(parseCode(""), ErrorCode::UnexpectedEnd);
  EXPECT_EQ(parseCode("  \n"), ErrorCode::UnexpectedEnd);
}

TEST(ParseDocument, MismatchedTagIsMalformedWithPosition) {
  const ParseResult r = parseDocument("<a>\n  <b></c></a>");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::Malformed);
  EXPECT_EQ(r.error().message, "mismatched tag");
  EXPECT_EQ(r.error().line, 2u);
  EXPECT_EQ(r.error().column, 8u);
}

TEST(ParseDocument, RejectsSecondRootAndTrailingText) {
  EXPECT_EQ(parseCode("<a/><b/>"), ErrorCode::Malformed);
  EXPECT_EQ(parseCode("<a/>junk"), ErrorCode::Malformed);
  EXPECT_EQ(parseCode("text<a/>"), ErrorCode::Malformed);
}

TEST(ParseDocument, RejectsBadUtf8) {
  EXPECT_EQ(parseCode("<a>\xFF</a>"), ErrorCode::Malformed);
  EXPECT_EQ(parseCode("<a>\xC3</a>"), ErrorCode::Malformed);
  EXPECT_EQ(parseCode("<a>\xED\xA0\x80</a>"), ErrorCode::Malformed);
  EXPECT_EQ(parseCode("<a>&#1;</a>"), ErrorCode::Malformed);
}

TEST(ParseDocument, RejectsDuplicateAndUnboundNames) {
  EXPECT_EQ(parseCode("<a x='1' x='2'/>"), ErrorCode::Malformed);
  EXPECT_EQ(parseCode("<p:a/>"), ErrorCode::Malformed);
}

TEST(ParseDocument, ResultExposesValueOrError) {
  ParseResult ok = parseDocument("<a/>");
  EXPECT_TRUE(ok.ok());
  EXPECT_EQ(ok->name(), "a");
  EXPECT_THROW((void)ok.error(), std::bad_variant_access);
  ParseResult bad = parseDocument("<a>");
  EXPECT_THROW((void)bad.value(), std::bad_variant_access);
  EXPECT_EQ(toString(bad.error().code), "unexpected-end");
}

}  // namespace
}  // namespace smfront::xml
