#include "ccp/form_encoding.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "problems.hpp"

namespace smfront::ccp {
namespace {

using ::testing::ElementsAre;
using testing::Kind;
using testing::kinds;

TEST(UrlFormEncode, FollowsJavaUrlEncoder) {
  EXPECT_EQ(urlFormEncode("How can I help?"), "How+can+I+help%3F");
  EXPECT_EQ(urlFormEncode("\xC3\xA9"), "%C3%A9");
  EXPECT_EQ(urlFormEncode("a.b-c*d_e"), "a.b-c*d_e");
  EXPECT_EQ(urlFormEncode("~"), "%7E");
  EXPECT_EQ(urlFormEncode("ABCxyz0189"), "ABCxyz0189");
  EXPECT_EQ(urlFormEncode("a+b&c=d/e%f'g!h(i)"), "a%2Bb%26c%3Dd%2Fe%25f%27g%21h%28i%29");
  EXPECT_EQ(urlFormEncode("line\nbreak\ttab"), "line%0Abreak%09tab");
  EXPECT_EQ(urlFormEncode("\xF0\x9F\x98\x80"), "%F0%9F%98%80");
  EXPECT_EQ(urlFormEncode(""), "");
}

TEST(FormDecode, DecodesPlusAndEscapes) {
  EXPECT_EQ(formDecode("How+can+I+help%3F"), "How can I help?");
  EXPECT_EQ(formDecode("%c3%a9%C3%A9"), "\xC3\xA9\xC3\xA9");
  EXPECT_EQ(formDecode("a%2Bb"), "a+b");
  EXPECT_EQ(formDecode(""), "");
}

TEST(FormDecode, RejectsBadEscapes) {
  EXPECT_FALSE(formDecode("%G1"));
  EXPECT_FALSE(formDecode("%1G"));
  EXPECT_FALSE(formDecode("abc%"));
  EXPECT_FALSE(formDecode("abc%4"));
  EXPECT_FALSE(formDecode("%%41"));
}

TEST(FormDecode, InvertsUrlFormEncode) {
  const std::string text = "Grüße, \"friends\" & <all> 100% ~ +1\n";
  EXPECT_EQ(formDecode(urlFormEncode(text)), text);
}

TEST(ParseFormFields, KeepsOrderAndEmptyValues) {
  const Parsed<std::vector<FormField>> r = parseFormFields("a=1&&b&c=&a=2&d=x%3Dy");
  ASSERT_TRUE(r);
  EXPECT_THAT(*r, ElementsAre(FormField{"a", "1"}, FormField{"b", ""}, FormField{"c", ""},
                              FormField{"a", "2"}, FormField{"d", "x=y"}));
}

TEST(ParseFormFields, NamesTheFieldWithABadEscape) {
  const Parsed<std::vector<FormField>> r = parseFormFields("title=%G1&author=ok&%ZZ=1");
  ASSERT_FALSE(r);
  EXPECT_THAT(kinds(r.problems()), ElementsAre(Kind{"invalidInput.invalidValue", "title"},
                                               Kind{"invalidInput.invalidValue", "body"}));
}

TEST(ParseChatForm, MapsFieldsAndDropsWidgetOnlyOnes) {
  const Parsed<ChatFormCreate> r = parseChatForm(
      "title=Billing+question&author=Web%20Guest&description=d&tags=a,%20b,,a&submit=Send"
      "&extensionField_ccxqueuetag=Chat_Csq1&extensionField_Name=Pat&extensionField_chatLogo=x.png"
      "&extensionField_chatWaiting=wait&extensionField_chatError=err"
      "&extensionField_contextServiceCustomFieldSets=cs&extensionField_chatAgentJoinTimeOut=No+agent");
  ASSERT_TRUE(r) << r.problems().front().errorMessage;
  const ContactCreate& c = r->contact;
  EXPECT_EQ(c.title, "Billing question");
  EXPECT_EQ(c.author, "Web Guest");
  EXPECT_EQ(c.description, "d");
  EXPECT_TRUE(c.feedRefURL.empty());
  EXPECT_THAT(c.tags, ElementsAre("a", "b"));
  EXPECT_THAT(c.extensionFields,
              ElementsAre(ExtensionField{"ccxqueuetag", "Chat_Csq1"}, ExtensionField{"Name", "Pat"}));
  EXPECT_EQ(r->chatAgentJoinTimeOut, "No agent");
}

TEST(ParseChatForm, FirstOccurrenceWins) {
  const Parsed<ChatFormCreate> r =
      parseChatForm("title=t1&author=a&title=t2&extensionField_x=1&extensionField_x=2");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->contact.title, "t1");
  EXPECT_THAT(r->contact.extensionFields, ElementsAre(ExtensionField{"x", "1"}));
  EXPECT_FALSE(r->chatAgentJoinTimeOut);
}

TEST(ParseChatForm, RequiresTitleAndAuthor) {
  const Parsed<ChatFormCreate> r = parseChatForm("description=only");
  ASSERT_FALSE(r);
  EXPECT_THAT(kinds(r.problems()), ElementsAre(Kind{"invalidInput.fieldRequired", "author"},
                                               Kind{"invalidInput.fieldRequired", "title"}));
}

TEST(ParseChatForm, RejectsNonUtf8NamingTheField) {
  const Parsed<ChatFormCreate> r = parseChatForm("title=caf%E9&author=a&extensionField_k=%FF");
  ASSERT_FALSE(r);
  EXPECT_THAT(kinds(r.problems()), ElementsAre(Kind{"invalidInput.invalidValue", "title"},
                                               Kind{"invalidInput.invalidValue", "extensionField.value"}));
}

TEST(ParseChatForm, AppliesCreateLimits) {
  std::string form = "title=t&author=" + std::string(101, 'a') + "&tags=";
  for (int i = 0; i < 21; ++i) form += "t" + std::to_string(i) + ",";
  const Parsed<ChatFormCreate> r = parseChatForm(form);
  ASSERT_FALSE(r);
  EXPECT_THAT(kinds(r.problems()), ElementsAre(Kind{"invalidInput.outOfRange", "author"},
                                               Kind{"invalidInput.outOfRange", "tags"}));
}

TEST(ParseChatForm, InvalidEscapeIsAProblem) {
  const Parsed<ChatFormCreate> r = parseChatForm("title=%G1&author=a");
  ASSERT_FALSE(r);
  EXPECT_THAT(kinds(r.problems()), ElementsAre(Kind{"invalidInput.invalidValue", "title"}));
}

TEST(ParseChatForm, RoundTrips) {
  ChatFormCreate c;
  c.contact.title = "Q & A = 100%?";
  c.contact.author = "Zoë Doe";
  c.contact.description = "multi\nline";
  c.contact.tags = {"vip", "gold"};
  c.contact.extensionFields = {{"ccxqueuetag", "Chat_Csq1"}};
  c.chatAgentJoinTimeOut = "Sorry, nobody is free";
  const Parsed<ChatFormCreate> r = parseChatForm(serializeChatForm(c));
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, c);
}

}  // namespace
}  // namespace smfront::ccp
