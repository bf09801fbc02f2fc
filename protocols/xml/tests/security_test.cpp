#include <gtest/gtest.h>

#include <string>

#include "xml/parser.hpp"

namespace smfront::xml {
namespace {

constexpr const char* kBillionLaughs = R"(<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<lolz>&lol9;</lolz>)";

Error parseError(std::string_view xml, const Limits& limits = {}) {
  ParseResult r = parseDocument(xml, limits);
  return r ? Error{} : r.error();
}

TEST(Security, RejectsDoctype) {
  const Error e = parseError("<!DOCTYPE html><html/>");
  EXPECT_EQ(e.code, ErrorCode::ForbiddenDoctype);
  EXPECT_EQ(e.message, "DOCTYPE declarations are not allowed");
}

TEST(Security, RejectsBillionLaughsBeforeReadingAnyEntity) {
  const Error e = parseError(kBillionLaughs);
  EXPECT_EQ(e.code, ErrorCode::ForbiddenDoctype);
  EXPECT_EQ(e.line, 2u);
}

TEST(Security, RejectsExternalEntities) {
  EXPECT_EQ(parseError(R"(<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><foo>&xxe;</foo>)").code,
            ErrorCode::ForbiddenDoctype);
  EXPECT_EQ(parseError(R"(<!DOCTYPE foo SYSTEM "file:///etc/passwd"><foo/>)").code,
            ErrorCode::ForbiddenDoctype);
}

TEST(Security, RejectsReferencesToUndeclaredEntities) {
  const Error e = parseError("<foo>&xxe;</foo>");
  EXPECT_EQ(e.code, ErrorCode::ForbiddenEntity);
  EXPECT_NE(e.message.find("entity"), std::string::npos);
}

TEST(Security, RejectsProcessingInstructions) {
  EXPECT_EQ(parseError("<a><?php echo 1; ?></a>").code, ErrorCode::ForbiddenProcessingInstruction);
  EXPECT_EQ(parseError("<?xml-stylesheet href='x.xsl'?><a/>").code,
            ErrorCode::ForbiddenProcessingInstruction);
  EXPECT_EQ(parseError("<a/><?pi?>").code, ErrorCode::ForbiddenProcessingInstruction);
}

TEST(Security, XmlDeclarationIsNotAProcessingInstruction) {
  EXPECT_TRUE(parseDocument("<?xml version='1.0'?><a/>"));
  // Only at the very start.
  EXPECT_EQ(parseError(" <?xml version='1.0'?><a/>").code, ErrorCode::Malformed);
}

TEST(Security, CommentsAreDroppedByDefault) {
  const ParseResult r = parseDocument("<!-- hi --><a>x<!-- c -->y</a><!-- bye -->");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->text(), "xy");
  EXPECT_EQ(r->nodes().size(), 1u);
}

TEST(Security, CommentsRejectedWhenDisallowed) {
  Limits limits;
  limits.allowComments = false;
  const Error e = parseError("<a><!-- c --></a>", limits);
  EXPECT_EQ(e.code, ErrorCode::ForbiddenComment);
  EXPECT_EQ(e.message, "XML comments are not allowed");
  EXPECT_TRUE(parseDocument("<a>no comment</a>", limits));
}

}  // namespace
}  // namespace smfront::xml
