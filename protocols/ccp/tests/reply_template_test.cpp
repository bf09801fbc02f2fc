#include "ccp/reply_template.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "problems.hpp"

namespace smfront::ccp {
namespace {

using ::testing::ElementsAre;
using testing::Kind;
using testing::kinds;

// The guide's GET example (Reply Template API, GET).
TEST(ReplyTemplate, SerializesTheGuidesExample) {
  const ReplyTemplate t{0, "My Reply Template 1", "http://sm/ccp-webapp/ccp/template/reply/10020", false,
                        "https://example.com/templates/1"};
  EXPECT_EQ(serializeReplyTemplate(t),
            "<Template><changeStamp>0</changeStamp><name>My Reply Template 1</name>"
            "<refURL>http://sm/ccp-webapp/ccp/template/reply/10020</refURL><systemDefined>false</systemDefined>"
            "<templateURL>https://example.com/templates/1</templateURL></Template>");
  EXPECT_EQ(serializeReplyTemplates({t, t}).rfind("<templates><Template>", 0), 0u);
  EXPECT_EQ(parseReplyTemplateView(serializeReplyTemplate(t)).value(), t);
}

TEST(ReplyTemplate, CreateNeedsNameAndUrlAndUpdateNeedsTheStamp) {
  const auto made = parseReplyTemplate("<Template><name> Mine </name><templateURL>https://x/t</templateURL></Template>", true);
  ASSERT_TRUE(made);
  EXPECT_EQ(made->name, "Mine");
  EXPECT_EQ(made->templateURL, "https://x/t");
  EXPECT_THAT(kinds(parseReplyTemplate("<Template><name> </name></Template>", true).problems()),
              ElementsAre(Kind{"invalidInput.fieldRequired", "name"}, Kind{"invalidInput.fieldRequired", "templateURL"}));
  const auto renamed = parseReplyTemplate("<Template><changeStamp>2</changeStamp><name>New</name></Template>", false);
  ASSERT_TRUE(renamed);
  EXPECT_EQ(renamed->name, "New");
  EXPECT_FALSE(renamed->templateURL) << "an absent URL stays as it is";
  EXPECT_EQ(renamed->changeStamp, 2);
  EXPECT_THAT(kinds(parseReplyTemplate("<Template><name>New</name></Template>", false).problems()),
              ElementsAre(Kind{"invalidInput.fieldRequired", "changeStamp"}));
  EXPECT_THAT(kinds(parseReplyTemplate("<Template><name>" + std::string(256, 'n') + "</name><templateURL>u</templateURL></Template>", true)
                        .problems()),
              ElementsAre(Kind{"invalidInput.outOfRange", "name"}));
  EXPECT_FALSE(parseReplyTemplate("<Feed/>", true));
}

}  // namespace
}  // namespace smfront::ccp
