#include "ccp/request_body.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "problems.hpp"

namespace smfront::ccp {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::Kind;
using testing::kinds;
using ::testing::StartsWith;

TEST(EscapeBareAmpersands, EscapesOnlyBareOnes) {
  EXPECT_EQ(escapeBareAmpersands("AT&T"), "AT&amp;T");
  EXPECT_EQ(escapeBareAmpersands("a & b"), "a &amp; b");
  EXPECT_EQ(escapeBareAmpersands("&amp;&lt;&gt;&quot;&apos;&#38;&#x26;&#X26;"),
            "&amp;&lt;&gt;&quot;&apos;&#38;&#x26;&amp;#X26;");
  EXPECT_EQ(escapeBareAmpersands("&nbsp; &#; &#x; &amp"), "&amp;nbsp; &amp;#; &amp;#x; &amp;amp");
  EXPECT_EQ(escapeBareAmpersands("<![CDATA[a&b]]>&<!-- x&y -->"), "<![CDATA[a&b]]>&amp;<!-- x&y -->");
}

TEST(ParseXmlBody, RetriesOnceWithBareAmpersandsEscaped) {
  const Parsed<xml::Element> r = parseXmlBody("<Feed><name>Sales & Support &amp; more</name></Feed>", "Feed");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->childText("name"), "Sales & Support & more");
}

TEST(ParseXmlBody, MalformedIsOneInvalidValueProblem) {
  const Parsed<xml::Element> r = parseXmlBody("<Feed><name>x</Feed>", "Feed");
  ASSERT_FALSE(r);
  ASSERT_THAT(kinds(r.problems()), ElementsAre(Kind{"invalidInput.invalidValue", "body"}));
  EXPECT_THAT(r.problems()[0].errorMessage, StartsWith("the request body is not well-formed XML: "));
  EXPECT_THAT(r.problems()[0].errorMessage, HasSubstr("line 1"));
}

TEST(ParseXmlBody, StillMalformedAfterRetryFails) {
  const Parsed<xml::Element> r = parseXmlBody("<Feed><name>a & b</name>", "Feed");
  ASSERT_FALSE(r);
  EXPECT_THAT(kinds(r.problems()), ElementsAre(Kind{"invalidInput.invalidValue", "body"}));
}

TEST(ParseXmlBody, EmptyBodyIsInvalid) {
  const Parsed<xml::Element> r = parseXmlBody("", "Feed");
  ASSERT_FALSE(r);
  EXPECT_THAT(kinds(r.problems()), ElementsAre(Kind{"invalidInput.invalidValue", "body"}));
}

TEST(ParseXmlBody, RefusesDoctypeEvenWithBareAmpersand) {
  for (const char* body : {"<!DOCTYPE Feed [<!ENTITY x \"y\">]><Feed><name>&x;</name></Feed>",
                           "<!DOCTYPE Feed><Feed><name>a & b</name></Feed>"}) {
    const Parsed<xml::Element> r = parseXmlBody(body, "Feed");
    ASSERT_FALSE(r) << body;
    EXPECT_THAT(kinds(r.problems()), ElementsAre(Kind{"invalidInput.invalidValue", "body"}));
  }
}

TEST(ParseXmlBody, NamesNonUtf8) {
  const Parsed<xml::Element> r = parseXmlBody("<Feed><name>caf\xE9</name></Feed>", "Feed");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.problems(),
            (Problems{{"invalidInput.invalidValue", "body", "the request body is not valid UTF-8"}}));
}

TEST(ParseXmlBody, HonoursDeclaredLatin1) {
  const Parsed<xml::Element> r =
      parseXmlBody("<?xml version='1.0' encoding='ISO-8859-1'?><Feed><name>caf\xE9</name></Feed>", "Feed");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->childText("name"), "caf\xC3\xA9");
}

TEST(ParseXmlBody, RootNameAndCaseMustMatch) {
  const Parsed<xml::Element> r = parseXmlBody("<feed/>", "Feed");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.problems(),
            (Problems{{"invalidInput.invalidValue", "body", "expected root element Feed, found feed"}}));
}

TEST(ParseXmlBody, OversizedBodyIsOutOfRange) {
  const std::string body = "<Feed><name>" + std::string(kBodyLimits.maxBytes, 'x') + "</name></Feed>";
  const Parsed<xml::Element> r = parseXmlBody(body, "Feed");
  ASSERT_FALSE(r);
  EXPECT_THAT(kinds(r.problems()), ElementsAre(Kind{"invalidInput.outOfRange", "body"}));
}

TEST(RemoveForbiddenChars, KeepsWhitespaceAndText) {
  EXPECT_EQ(removeForbiddenChars("a\x01\x1F\tb\nc\rd\xEF\xBF\xBE\xEF\xBF\xBF\xEF\xBF\xBD\xC3\xA9"),
            "a\tb\nc\rd\xEF\xBF\xBD\xC3\xA9");
}

}  // namespace
}  // namespace smfront::ccp
