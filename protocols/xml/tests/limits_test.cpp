#include <gtest/gtest.h>

#include <string>

#include "xml/parser.hpp"

namespace smfront::xml {
namespace {

std::string nested(std::size_t depth) {
  std::string xml;
  for (std::size_t i = 0; i < depth; ++i) xml += "<d>";
  for (std::size_t i = 0; i < depth; ++i) xml += "</d>";
  return xml;
}

std::string withAttributes(std::size_t count) {
  std::string xml = "<a";
  for (std::size_t i = 0; i < count; ++i) xml += " a" + std::to_string(i) + "='v'";
  return xml + "/>";
}

TEST(Limits, DefaultsMatchTheDocumentedValues) {
  const Limits limits;
  EXPECT_EQ(limits.maxDepth, 32u);
  EXPECT_EQ(limits.maxBytes, 1u << 20);
  EXPECT_EQ(limits.maxAttributes, 32u);
  EXPECT_EQ(limits.maxTextBytes, 256u * 1024);
  EXPECT_TRUE(limits.allowComments);
}

TEST(Limits, DepthAtLimitIsAcceptedAndOneMoreIsRejected) {
  EXPECT_TRUE(parseDocument(nested(32)));
  const ParseResult r = parseDocument(nested(33));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::TooDeep);
  EXPECT_EQ(r.error().message, "XML nesting deeper than 32 levels");
  EXPECT_EQ(r.error().line, 1u);
  EXPECT_EQ(r.error().column, 3u * 32 + 1);
}

TEST(Limits, DepthLimitIsConfigurable) {
  Limits limits;
  limits.maxDepth = 2;
  EXPECT_TRUE(parseDocument("<a><b/></a>", limits));
  EXPECT_EQ(parseDocument("<a><b><c/></b></a>", limits).error().code, ErrorCode::TooDeep);
}

TEST(Limits, DocumentBytesAtLimitAreAcceptedAndOneMoreIsRejected) {
  Limits limits;
  limits.maxBytes = 64;
  const std::string atLimit = "<a>" + std::string(64 - 7, 'x') + "</a>";
  ASSERT_EQ(atLimit.size(), 64u);
  EXPECT_TRUE(parseDocument(atLimit, limits));
  const ParseResult r = parseDocument(atLimit + " ", limits);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::TooLarge);
  EXPECT_EQ(r.error().message, "XML document larger than 64 bytes");
}

TEST(Limits, AttributeCountAtLimitIsAcceptedAndOneMoreIsRejected) {
  EXPECT_TRUE(parseDocument(withAttributes(32)));
  const ParseResult r = parseDocument(withAttributes(33));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::TooManyAttributes);
  EXPECT_EQ(r.error().message, "XML element has more than 32 attributes");
}

TEST(Limits, NamespaceDeclarationsCountAsAttributes) {
  Limits limits;
  limits.maxAttributes = 2;
  EXPECT_TRUE(parseDocument("<a xmlns='urn:a' k='1'/>", limits));
  EXPECT_EQ(parseDocument("<a xmlns='urn:a' xmlns:p='urn:p' k='1'/>", limits).error().code,
            ErrorCode::TooManyAttributes);
}

TEST(Limits, TextAtLimitIsAcceptedAndOneMoreByteIsRejected) {
  Limits limits;
  limits.maxTextBytes = 16;
  EXPECT_TRUE(parseDocument("<a>" + std::string(16, 't') + "</a>", limits));
  // Split across runs (an element in between) still adds up per element.
  EXPECT_TRUE(parseDocument(
      "<a>" + std::string(8, 't') + "<b>" + std::string(16, 'u') + "</b>" + std::string(8, 't') + "</a>",
      limits));
  const ParseResult r =
      parseDocument("<a>" + std::string(8, 't') + "<b/>" + std::string(9, 't') + "</a>", limits);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::TextTooLarge);
  EXPECT_EQ(r.error().message, "XML element text larger than 16 bytes");
}

TEST(Limits, TextLimitCountsDecodedBytes) {
  Limits limits;
  limits.maxTextBytes = 4;
  EXPECT_TRUE(parseDocument("<a>&amp;&amp;&amp;&amp;</a>", limits));
  EXPECT_EQ(parseDocument("<a>&amp;&amp;&amp;&amp;&amp;</a>", limits).error().code, ErrorCode::TextTooLarge);
}

TEST(Limits, DefaultTextLimitRejectsHugeTextEarly) {
  const std::string xml = "<a>" + std::string(256 * 1024 + 1, 'x') + "</a>";
  const ParseResult r = parseDocument(xml);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::TextTooLarge);
  EXPECT_EQ(r.error().message, "XML element text larger than 262144 bytes");
}

TEST(Limits, ErrorCodesHaveStableNames) {
  EXPECT_EQ(toString(ErrorCode::None), "none");
  EXPECT_EQ(toString(ErrorCode::Malformed), "malformed");
  EXPECT_EQ(toString(ErrorCode::TooDeep), "too-deep");
  EXPECT_EQ(toString(ErrorCode::TooLarge), "too-large");
  EXPECT_EQ(toString(ErrorCode::TooManyAttributes), "too-many-attributes");
  EXPECT_EQ(toString(ErrorCode::TextTooLarge), "text-too-large");
  EXPECT_EQ(toString(ErrorCode::ForbiddenDoctype), "forbidden-doctype");
  EXPECT_EQ(toString(ErrorCode::ForbiddenEntity), "forbidden-entity");
  EXPECT_EQ(toString(ErrorCode::ForbiddenProcessingInstruction), "forbidden-processing-instruction");
  EXPECT_EQ(toString(ErrorCode::ForbiddenComment), "forbidden-comment");
  EXPECT_EQ(toString(ErrorCode::UnexpectedEnd), "unexpected-end");
}

}  // namespace
}  // namespace smfront::xml
