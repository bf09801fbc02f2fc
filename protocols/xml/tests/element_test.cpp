#include "xml/element.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace smfront::xml {
namespace {

Element makeContact() {
  Element root("SocialContact", "urn:sm");
  root.setAttr("id", "42");
  root.addChild(Element("author", "urn:sm")).addText("A & B");
  root.addText("between");
  root.addChild(Element("tag", "urn:sm")).addText("one");
  root.addChild(Element("tag", "urn:other")).addText("two");
  return root;
}

TEST(Element, ReportsNameNamespaceAndAttributes) {
  Element e("message", "jabber:client");
  e.setAttr("to", "bob@example.com").setAttr("lang", "en", kXmlNamespace);
  EXPECT_EQ(e.name(), "message");
  EXPECT_EQ(e.ns(), "jabber:client");
  ASSERT_NE(e.attr("to"), nullptr);
  EXPECT_EQ(*e.attr("to"), "bob@example.com");
  // A namespaced attribute is not found under its bare local name.
  EXPECT_EQ(e.attr("lang"), nullptr);
  ASSERT_NE(e.attr("lang", kXmlNamespace), nullptr);
  EXPECT_EQ(*e.attr("lang", kXmlNamespace), "en");
  EXPECT_EQ(e.attrOr("type", "normal"), "normal");
  EXPECT_EQ(e.attrOr("to", "x"), "bob@example.com");
}

TEST(Element, SetAttrReplacesAndRemoveAttrDeletes) {
  Element e("a");
  e.setAttr("k", "1").setAttr("k", "2");
  ASSERT_EQ(e.attributes().size(), 1u);
  EXPECT_EQ(*e.attr("k"), "2");
  EXPECT_TRUE(e.removeAttr("k"));
  EXPECT_FALSE(e.removeAttr("k"));
  EXPECT_TRUE(e.attributes().empty());
}

TEST(Element, AddTextMergesAdjacentRuns) {
  Element e("a");
  e.addText("one ").addText("two");
  e.addChild(Element("b"));
  e.addText("three").addText("");
  ASSERT_EQ(e.nodes().size(), 3u);
  EXPECT_EQ(*e.nodes()[0].text(), "one two");
  EXPECT_TRUE(e.nodes()[1].isElement());
  EXPECT_EQ(e.text(), "one twothree");
}

TEST(Element, FindsChildrenByNameAndNamespace) {
  const Element root = makeContact();
  ASSERT_NE(root.child("tag"), nullptr);
  EXPECT_EQ(root.child("tag")->text(), "one");
  ASSERT_NE(root.child("tag", "urn:other"), nullptr);
  EXPECT_EQ(root.child("tag", "urn:other")->text(), "two");
  EXPECT_EQ(root.child("tag", ""), nullptr);
  EXPECT_EQ(root.child("missing"), nullptr);
  EXPECT_EQ(root.childText("author"), "A & B");
  EXPECT_EQ(root.childText("missing"), "");
  EXPECT_EQ(root.childText("tag", "urn:other"), "two");
}

TEST(Element, IteratesElementChildrenSkippingText) {
  const Element root = makeContact();
  std::vector<std::string> all;
  for (const Element& c : root.children()) all.push_back(c.name());
  EXPECT_EQ(all, (std::vector<std::string>{"author", "tag", "tag"}));

  std::vector<std::string> tags;
  for (const Element& c : root.children("tag")) tags.push_back(c.text());
  EXPECT_EQ(tags, (std::vector<std::string>{"one", "two"}));

  std::vector<std::string> smTags;
  for (const Element& c : root.children("tag", "urn:sm")) smTags.push_back(c.text());
  EXPECT_EQ(smTags, (std::vector<std::string>{"one"}));

  EXPECT_TRUE(root.children("nothing").empty());
  EXPECT_TRUE(Element("leaf").children().empty());
}

TEST(Element, IteratorOutlivesTheRangeObject) {
  const Element root = makeContact();
  auto it = root.children("tag").begin();
  EXPECT_EQ(it->text(), "one");
  ++it;
  EXPECT_EQ(it->text(), "two");
}

TEST(Element, IsEmptyMeansNoChildNodes) {
  Element e("a");
  e.setAttr("x", "1");
  EXPECT_TRUE(e.isEmpty());
  e.addText("t");
  EXPECT_FALSE(e.isEmpty());
}

TEST(Element, MutableChildLookupEditsInPlace) {
  Element root = makeContact();
  root.child("author")->setAttr("role", "customer");
  EXPECT_EQ(*root.child("author")->attr("role"), "customer");
}

TEST(Element, CopiesAreDeepAndCompareEqual) {
  const Element a = makeContact();
  Element b = a;
  EXPECT_EQ(a, b);
  b.child("author")->addText("!");
  EXPECT_NE(a, b);
  Element moved = std::move(b);
  EXPECT_EQ(moved.childText("author"), "A & B!");
}

}  // namespace
}  // namespace smfront::xml
