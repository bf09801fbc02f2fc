#include "xml/escape.hpp"

#include <gtest/gtest.h>

#include <string>

namespace smfront::xml {
namespace {

TEST(Escape, TextEscapesMarkupAndCarriageReturn) {
  EXPECT_EQ(escapeText("a & b < c > d \" ' e"), "a &amp; b &lt; c &gt; d \" ' e");
  EXPECT_EQ(escapeText("]]>"), "]]&gt;");
  EXPECT_EQ(escapeText("l1\nl2\tx\r"), "l1\nl2\tx&#xD;");
}

TEST(Escape, AttributeEscapesQuotesAndWhitespace) {
  EXPECT_EQ(escapeAttribute("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&apos;f");
  EXPECT_EQ(escapeAttribute("x\ny\rz\tw"), "x&#xA;y&#xD;z&#x9;w");
}

TEST(Escape, DropsControlCharacters) {
  const std::string in{
      "a\x00"
      "b\x01\x08\x0B\x0C\x1F"
      "c\x7F",
      10};
  EXPECT_EQ(escapeText(in), "abc\x7F");
  EXPECT_EQ(escapeAttribute(in), "abc\x7F");
}

TEST(Escape, KeepsValidMultibyteCharacters) {
  const std::string in = "caf\xC3\xA9 \xE2\x82\xAC \xEF\xBF\xBD \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF";
  EXPECT_EQ(escapeText(in), in);
}

TEST(Escape, StripsInvalidUtf8) {
  EXPECT_EQ(escapeText("a\x80z"), "az");              // stray continuation byte
  EXPECT_EQ(escapeText("a\xC0\x80z"), "az");          // overlong NUL
  EXPECT_EQ(escapeText("a\xE0\x80\xAFz"), "az");      // overlong '/'
  EXPECT_EQ(escapeText("a\xED\xA0\x80z"), "az");      // encoded lone surrogate U+D800
  EXPECT_EQ(escapeText("a\xF4\x90\x80\x80z"), "az");  // above U+10FFFF
  EXPECT_EQ(escapeText("a\xF5\xFF\xFEz"), "az");      // bytes never valid in UTF-8
  EXPECT_EQ(escapeText("a\xE2\x82"), "a");            // truncated at the end
  EXPECT_EQ(escapeText("a\xE2\x82<"), "a&lt;");       // truncated before markup
  EXPECT_EQ(escapeText("\xC3\xA9\xC3"), "\xC3\xA9");  // valid then truncated
}

TEST(Escape, StripsNoncharactersFffeAndFfff) {
  EXPECT_EQ(escapeText("a\xEF\xBF\xBE"
                       "b\xEF\xBF\xBF"
                       "c"),
            "abc");
  EXPECT_EQ(escapeAttribute("\xEF\xBF\xBE"), "");
}

TEST(Escape, AppendVariantsExtendTheBuffer) {
  std::string out = "<a x=\"";
  appendEscapedAttribute(out, "1\"2");
  out += "\">";
  appendEscapedText(out, "3<4");
  EXPECT_EQ(out, "<a x=\"1&quot;2\">3&lt;4");
}

TEST(Escape, StripInvalidCharsLeavesMarkupAlone) {
  EXPECT_EQ(stripInvalidChars("<a>\x01\r\n\xFF&"), "<a>\r\n&");
}

}  // namespace
}  // namespace smfront::xml
