#include "ccp/transcript.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace smfront::ccp {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

ChatTranscript sample() {
  ChatTranscript t;
  t.id = "6EEF968810000132000015F60A568DFB";
  t.refURL = "http://host/ccp-webapp/ccp/socialcontact/6EEF968810000132000015F60A568DFB";
  t.startDate = 1732800000000;
  t.participants = {{"mary", "Mary"}};
  t.chats = {{1732800005000, "Web Guest", "Hi"}, {1732800009000, "Mary", "Hello & welcome"}};
  return t;
}

TEST(ChatTranscript, CustomerFormMatchesSpec) {
  EXPECT_EQ(serializeCustomerTranscript(sample()),
            "<ChatTranscript><startDate>1732800000000</startDate><transcript>"
            "<chat><time>1732800005000</time><name>Web Guest</name><msg>Hi</msg></chat>"
            "<chat><time>1732800009000</time><name>Mary</name><msg>Hello &amp; welcome</msg></chat>"
            "</transcript></ChatTranscript>");
}

TEST(ChatTranscript, AdminFormHasEmptyEndDateWhileLive) {
  EXPECT_EQ(serializeAdminTranscript(sample()),
            "<ChatTranscript><id>6EEF968810000132000015F60A568DFB</id>"
            "<refURL>http://host/ccp-webapp/ccp/socialcontact/6EEF968810000132000015F60A568DFB</refURL>"
            "<startDate>1732800000000</startDate><endDate/>"
            "<participants><participant><agentName>mary</agentName><nickName>Mary</nickName></participant>"
            "</participants><transcript>"
            "<chat><time>1732800005000</time><name>Web Guest</name><msg>Hi</msg></chat>"
            "<chat><time>1732800009000</time><name>Mary</name><msg>Hello &amp; welcome</msg></chat>"
            "</transcript></ChatTranscript>");
}

TEST(ChatTranscript, AdminFormRoundTrips) {
  ChatTranscript t = sample();
  EXPECT_EQ(parseChatTranscript(serializeAdminTranscript(t)).value(), t);
  t.endDate = 1732800600000;
  EXPECT_EQ(parseChatTranscript(serializeAdminTranscript(t)).value(), t);
}

TEST(ChatTranscript, CustomerFormRoundTrips) {
  ChatTranscript t;
  t.startDate = 1732800000000;
  t.chats = sample().chats;
  EXPECT_EQ(parseChatTranscript(serializeCustomerTranscript(t)).value(), t);
  EXPECT_EQ(serializeCustomerTranscript(ChatTranscript{}),
            "<ChatTranscript><startDate>0</startDate><transcript/></ChatTranscript>");
}

TEST(ChatTranscript, ParseReportsBadNumbers) {
  const Parsed<ChatTranscript> r = parseChatTranscript(
      "<ChatTranscript><startDate>x</startDate>"
      "<transcript><chat><time>y</time></chat></transcript></ChatTranscript>");
  ASSERT_FALSE(r);
  ASSERT_EQ(r.problems().size(), 2u);
  EXPECT_EQ(r.problems()[0].errorData, "startDate");
  EXPECT_EQ(r.problems()[1].errorData, "time");
}

TEST(TranscriptHtml, IsACompletePageWithEverythingEscaped) {
  ChatTranscript t = sample();
  t.chats.push_back({1732800010000, "<b>Eve</b>", "<script>alert(\"x\")</script> & 'y'"});
  const std::string html = renderTranscriptHtml(t);
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
  EXPECT_THAT(html, HasSubstr("<meta charset=\"utf-8\">"));
  EXPECT_THAT(html, HasSubstr("</html>"));
  EXPECT_THAT(html, Not(HasSubstr("<script>")));
  EXPECT_THAT(html, Not(HasSubstr("<b>Eve")));
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"));
  EXPECT_THAT(html, HasSubstr("&lt;b&gt;Eve&lt;/b&gt;"));
  EXPECT_THAT(html, HasSubstr("Started 2024-11-28 13:20:00 UTC"));
  EXPECT_THAT(html, HasSubstr("<td>13:20:05</td><td>Web Guest</td><td class=\"msg\">Hi</td>"));
}

TEST(TranscriptFileName, FollowsDocumentedPattern) {
  EXPECT_EQ(transcriptFileName("Web Guest", 1732800000000),
            "ChatTranscript_Web_Guest-2024_28_Nov_13_20.html");
  EXPECT_EQ(transcriptFileName("Pat", 1709168523000), "ChatTranscript_Pat-2024_29_Feb_01_02.html");
  EXPECT_EQ(transcriptFileName("a\"b/c\\d\r\ne", 0), "ChatTranscript_a_b_c_d__e-1970_01_Jan_00_00.html");
  EXPECT_EQ(transcriptFileName("Zoë", 0), "ChatTranscript_Zoë-1970_01_Jan_00_00.html");
}

}  // namespace
}  // namespace smfront::ccp
