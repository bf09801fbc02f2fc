#include "ccp/social_contact.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "problems.hpp"

namespace smfront::ccp {
namespace {

using testing::compact;
using ::testing::ElementsAre;
using testing::Kind;
using testing::kinds;

// The chat create body of spec §3.2.
constexpr const char* kCreateExample = R"(<SocialContact>
  <feedRefURL>http://host/ccp-webapp/ccp/feed/100000</feedRefURL>
  <author>Web Guest</author><title>Billing question</title><description>optional</description>
  <tags><tag>optional</tag></tags>
  <extensionFields><extensionField><name>ccxqueuetag</name><value>Chat_Csq1</value></extensionField></extensionFields>
</SocialContact>)";

std::string repeat(std::string_view unit, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += unit;
  return out;
}

std::string createBody(std::string_view author, std::string_view title, std::string_view extra = "") {
  return "<SocialContact><feedRefURL>http://h/ccp-webapp/ccp/feed/100000</feedRefURL><author>" +
         std::string(author) + "</author><title>" + std::string(title) + "</title>" + std::string(extra) +
         "</SocialContact>";
}

SocialContact sampleContact() {
  SocialContact c;
  c.id = "6EEF968810000132000015F60A568DFB";
  c.author = "Web Guest";
  c.title = "Billing question";
  c.description = "Invoice <42> & more";
  c.tags = {"ccx_chat_req"};
  c.extensionFields = {{"h_chatRoom", "socialminer_chat.7@conference.localhost"},
                       {"chatRoom", "socialminer_chat.7@conference.localhost"}};
  c.status = ContactStatus::Reserved;
  c.statusReason = "unknown";
  c.statusTimestamp = 1732800004000;
  c.statusUserId = "mary";
  c.changeStamp = 3;
  c.createdDate = 1732800000000;
  c.publishedDate = 1732800000000;
  c.refURL = "http://host/ccp-webapp/ccp/socialcontact/6EEF968810000132000015F60A568DFB";
  c.sourceType = "chat";
  return c;
}

TEST(ContactCreate, ParsesSpecExample) {
  const Parsed<ContactCreate> r = parseContactCreate(kCreateExample);
  ASSERT_TRUE(r) << r.problems().front().errorMessage;
  EXPECT_EQ(r->feedRefURL, "http://host/ccp-webapp/ccp/feed/100000");
  EXPECT_EQ(r->author, "Web Guest");
  EXPECT_EQ(r->title, "Billing question");
  EXPECT_EQ(r->description, "optional");
  EXPECT_THAT(r->tags, ElementsAre("optional"));
  EXPECT_THAT(r->extensionFields, ElementsAre(ExtensionField{"ccxqueuetag", "Chat_Csq1"}));
  EXPECT_FALSE(r->publishedDate);
  EXPECT_EQ(feedIdFromRefUrl(r->feedRefURL), 100000);
}

TEST(ContactCreate, ReportsEveryMissingRequiredField) {
  const Parsed<ContactCreate> r =
      parseContactCreate("<SocialContact><description>x</description></SocialContact>");
  ASSERT_FALSE(r);
  EXPECT_THAT(kinds(r.problems()), ElementsAre(Kind{"invalidInput.fieldRequired", "feedRefURL"},
                                               Kind{"invalidInput.fieldRequired", "author"},
                                               Kind{"invalidInput.fieldRequired", "title"}));
  EXPECT_EQ(r.problems()[1], (ApiError{"invalidInput.fieldRequired", "author", "author is required"}));
}

TEST(ContactCreate, EmptyOrBlankRequiredFieldIsMissing) {
  const Parsed<ContactCreate> r = parseContactCreate(createBody("  ", ""));
  ASSERT_FALSE(r);
  EXPECT_THAT(kinds(r.problems()), ElementsAre(Kind{"invalidInput.fieldRequired", "author"},
                                               Kind{"invalidInput.fieldRequired", "title"}));
}

TEST(ContactCreate, LengthLimitsCountCharactersNotBytes) {
  // 100 and 255 two-byte characters are within the limits.
  EXPECT_TRUE(parseContactCreate(createBody(repeat("\xC3\xA9", 100), repeat("\xC3\xA9", 255))));
  const Parsed<ContactCreate> r = parseContactCreate(createBody(repeat("a", 101), repeat("b", 256)));
  ASSERT_FALSE(r);
  EXPECT_THAT(
      r.problems(),
      ElementsAre(ApiError{"invalidInput.outOfRange", "author", "author is longer than 100 characters"},
                  ApiError{"invalidInput.outOfRange", "title", "title is longer than 255 characters"}));
}

TEST(ContactCreate, LimitsTagsAndExtensionFields) {
  std::string tags = "<tags>";
  for (int i = 0; i < 21; ++i) tags += "<tag>t" + std::to_string(i) + "</tag>";
  tags += "</tags>";
  std::string fields = "<extensionFields>";
  for (int i = 0; i < 101; ++i) {
    fields += "<extensionField><name>f" + std::to_string(i) + "</name><value>v</value></extensionField>";
  }
  fields += "</extensionFields>";
  const Parsed<ContactCreate> r = parseContactCreate(createBody("a", "t", tags + fields));
  ASSERT_FALSE(r);
  EXPECT_THAT(kinds(r.problems()), ElementsAre(Kind{"invalidInput.outOfRange", "tags"},
                                               Kind{"invalidInput.outOfRange", "extensionFields"}));
}

TEST(ContactCreate, AcceptsExactlyTwentyTagsAndHundredFields) {
  std::string extra = "<tags>";
  for (int i = 0; i < 20; ++i) extra += "<tag>t" + std::to_string(i) + "</tag>";
  extra += "</tags><extensionFields>";
  for (int i = 0; i < 100; ++i) {
    extra += "<extensionField><name>f" + std::to_string(i) + "</name><value>v</value></extensionField>";
  }
  extra += "</extensionFields>";
  const Parsed<ContactCreate> r = parseContactCreate(createBody("a", "t", extra));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->tags.size(), 20u);
  EXPECT_EQ(r->extensionFields.size(), 100u);
}

TEST(ContactCreate, ExtensionFieldWithoutNameIsRequired) {
  const Parsed<ContactCreate> r = parseContactCreate(createBody(
      "a", "t", "<extensionFields><extensionField><value>v</value></extensionField></extensionFields>"));
  ASSERT_FALSE(r);
  EXPECT_THAT(kinds(r.problems()), ElementsAre(Kind{"invalidInput.fieldRequired", "extensionField.name"}));
}

TEST(ContactCreate, IgnoresUnknownElementsAndDuplicatesKeepFirst) {
  const Parsed<ContactCreate> r = parseContactCreate(
      createBody("a", "t",
                 "<unknown><x/></unknown><tags><tag> vip </tag><tag>vip</tag><tag/></tags>"
                 "<extensionFields><extensionField><name>n</name><value>1</value></extensionField>"
                 "<extensionField><name>n</name><value>2</value></extensionField></extensionFields>"
                 "<author>second</author>"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->author, "a");
  EXPECT_THAT(r->tags, ElementsAre("vip"));
  EXPECT_THAT(r->extensionFields, ElementsAre(ExtensionField{"n", "1"}));
}

TEST(ContactCreate, AcceptsBareAmpersandAndNamespacedRoot) {
  const Parsed<ContactCreate> r = parseContactCreate(
      "<SocialContact xmlns='urn:x'><feedRefURL>100000</feedRefURL><author>AT&T</author>"
      "<title>Q &amp; A</title></SocialContact>");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->author, "AT&T");
  EXPECT_EQ(r->title, "Q & A");
}

TEST(ContactCreate, RejectsNonUtf8AndDoctype) {
  const Parsed<ContactCreate> bad = parseContactCreate(createBody("caf\xE9", "t"));
  ASSERT_FALSE(bad);
  EXPECT_THAT(kinds(bad.problems()), ElementsAre(Kind{"invalidInput.invalidValue", "body"}));

  const Parsed<ContactCreate> dtd = parseContactCreate("<!DOCTYPE SocialContact []>" + createBody("a", "t"));
  ASSERT_FALSE(dtd);
  EXPECT_THAT(kinds(dtd.problems()), ElementsAre(Kind{"invalidInput.invalidValue", "body"}));
}

TEST(ContactCreate, RoundTrips) {
  ContactCreate c;
  c.feedRefURL = "http://host/ccp-webapp/ccp/feed/100000";
  c.author = "Web Guest";
  c.title = "<b>Billing</b> & more";
  c.description = "line1\nline2";
  c.tags = {"a", "b"};
  c.extensionFields = {{"ccxqueuetag", "Chat_Csq1"}, {"empty", ""}};
  c.publishedDate = 1732800000000;
  const Parsed<ContactCreate> r = parseContactCreate(serializeContactCreate(c));
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, c);
}

TEST(ContactUpdate, NotesWhichFieldsWerePresent) {
  const Parsed<ContactUpdate> r =
      parseContactUpdate("<SocialContact><status>Reserved</status></SocialContact>");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, ContactStatus::Reserved);
  EXPECT_FALSE(r->statusReason);
  EXPECT_FALSE(r->statusTimestamp);
  EXPECT_FALSE(r->changeStamp);
  EXPECT_FALSE(r->tags);
  EXPECT_FALSE(r->extensionFields);
}

TEST(ContactUpdate, ReadsEveryField) {
  const Parsed<ContactUpdate> r = parseContactUpdate(
      "<SocialContact><status>handled</status><statusReason>done</statusReason>"
      "<statusTimestamp>1732800004000</statusTimestamp><changeStamp>4</changeStamp><tags/>"
      "<extensionFields><extensionField><name>gone</name><value/></extensionField>"
      "<extensionField><name>k</name><value>v</value></extensionField></extensionFields></SocialContact>");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, ContactStatus::Handled);
  EXPECT_EQ(r->statusReason, "done");
  EXPECT_EQ(r->statusTimestamp, 1732800004000);
  EXPECT_EQ(r->changeStamp, 4);
  ASSERT_TRUE(r->tags);
  EXPECT_TRUE(r->tags->empty());
  ASSERT_TRUE(r->extensionFields);
  EXPECT_THAT(*r->extensionFields, ElementsAre(ExtensionField{"gone", ""}, ExtensionField{"k", "v"}));
}

TEST(ContactUpdate, ReportsEveryBadField) {
  std::string tags = "<tags>";
  for (int i = 0; i < 21; ++i) tags += "<tag>t" + std::to_string(i) + "</tag>";
  tags += "</tags>";
  const Parsed<ContactUpdate> r = parseContactUpdate(
      "<SocialContact><status>closed</status>"
      "<statusTimestamp>soon</statusTimestamp>"
      "<changeStamp>1.5</changeStamp>" +
      tags + "</SocialContact>");
  ASSERT_FALSE(r);
  EXPECT_THAT(kinds(r.problems()), ElementsAre(Kind{"invalidInput.invalidValue", "status"},
                                               Kind{"invalidInput.invalidValue", "statusTimestamp"},
                                               Kind{"invalidInput.invalidValue", "changeStamp"},
                                               Kind{"invalidInput.outOfRange", "tags"}));
}

TEST(ContactUpdate, RoundTrips) {
  ContactUpdate u;
  u.status = ContactStatus::Discarded;
  u.statusReason = "spam";
  u.changeStamp = 9;
  u.tags = std::vector<std::string>{"x"};
  u.extensionFields = std::vector<ExtensionField>{{"del", ""}};
  const Parsed<ContactUpdate> r = parseContactUpdate(serializeContactUpdate(u));
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, u);
  EXPECT_EQ(serializeContactUpdate(ContactUpdate{}), "<SocialContact/>");
}

TEST(ExtensionFields, MergeSetsReplacesAndDeletes) {
  std::vector<ExtensionField> fields = {{"a", "1"}, {"b", "2"}};
  mergeExtensionFields(fields, {{"b", ""}, {"a", "9"}, {"c", "3"}, {"missing", ""}});
  EXPECT_THAT(fields, ElementsAre(ExtensionField{"a", "9"}, ExtensionField{"c", "3"}));
}

TEST(SocialContactGet, SerializesAlphabeticalAdminForm) {
  SocialContact c = sampleContact();
  c.extensionFields = {{"h_chatRoom", "r@conference.localhost"}};
  EXPECT_EQ(serializeSocialContact(c),
            "<SocialContact><author>Web Guest</author><changeStamp>3</changeStamp>"
            "<createdDate>1732800000000</createdDate><description>Invoice &lt;42&gt; &amp; more</description>"
            "<extensionFields><extensionField><name>h_chatRoom</name><value>r@conference.localhost</value>"
            "</extensionField></extensionFields><id>6EEF968810000132000015F60A568DFB</id>"
            "<inviteStatus>none</inviteStatus><isInvited>false</isInvited><isSoftLocked>false</isSoftLocked>"
            "<link/><publishedDate>1732800000000</publishedDate>"
            "<refURL>http://host/ccp-webapp/ccp/socialcontact/6EEF968810000132000015F60A568DFB</refURL>"
            "<replyTemplateRefURL/><sourceType>chat</sourceType><status>reserved</status>"
            "<statusReason>unknown</statusReason><statusTimestamp>1732800004000</statusTimestamp>"
            "<statusUserId>mary</statusUserId><tags><tag>ccx_chat_req</tag></tags>"
            "<title>Billing question</title></SocialContact>");
}

TEST(SocialContactGet, RoundTrips) {
  SocialContact c = sampleContact();
  c.feedRefURL = "http://host/ccp-webapp/ccp/feed/100000";
  c.isSoftLocked = true;
  c.isInvited = true;
  c.link = "http://example.com/x";
  c.replyTemplateRefURL = "http://host/t";
  const Parsed<SocialContact> r = parseSocialContact(serializeSocialContact(c));
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, c);
  const Parsed<SocialContact> empty = parseSocialContact(serializeSocialContact(SocialContact{}));
  ASSERT_TRUE(empty);
  EXPECT_EQ(*empty, SocialContact{});
}

TEST(SocialContactEvent, MatchesSpecPubsubPayload) {
  SocialContact c = sampleContact();
  c.extensionFields = {{"h_chatRoom", "socialminer_chat.7@conference.localhost"}};
  EXPECT_EQ(serializeSocialContactEvent(c),
            compact(R"(<SocialContact xmlns="http://jabber.org/protocol/pubsub">
  <id>6EEF968810000132000015F60A568DFB</id><author>Web Guest</author><title>Billing question</title>
  <publishedDate>1732800000000</publishedDate>
  <refURL>http://host/ccp-webapp/ccp/socialcontact/6EEF968810000132000015F60A568DFB</refURL>
  <status>reserved</status><statusTimestamp>1732800004000</statusTimestamp><statusUserId>mary</statusUserId>
  <statusReason>unknown</statusReason><sourceType>chat</sourceType><chatIsInvited>false</chatIsInvited>
  <tags><tag>ccx_chat_req</tag></tags>
  <extensionFields><extensionField><name>h_chatRoom</name>
    <value>socialminer_chat.7@conference.localhost</value></extensionField></extensionFields>
</SocialContact>)"));
}

TEST(SocialContactEvent, ParsesBackItsSubset) {
  SocialContact c = sampleContact();
  c.description.clear();
  c.changeStamp = 0;
  c.createdDate = 0;
  c.isInvited = true;
  const Parsed<SocialContact> r = parseSocialContact(serializeSocialContactEvent(c));
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, c);
}

TEST(FeedIdFromRefUrl, TakesLastPathSegment) {
  EXPECT_EQ(feedIdFromRefUrl("http://host/ccp-webapp/ccp/feed/100000"), 100000);
  EXPECT_EQ(feedIdFromRefUrl("https://other:8443/anything/feed/100001/"), 100001);
  EXPECT_EQ(feedIdFromRefUrl("/ccp-webapp/ccp/feed/7?x=1"), 7);
  EXPECT_EQ(feedIdFromRefUrl("100002"), 100002);
  EXPECT_EQ(feedIdFromRefUrl(" 100003 "), 100003);
  EXPECT_FALSE(feedIdFromRefUrl("http://host/ccp-webapp/ccp/feed/"));
  EXPECT_FALSE(feedIdFromRefUrl("http://host/ccp-webapp/ccp/feed/abc"));
  EXPECT_FALSE(feedIdFromRefUrl("http://host/feed/-5"));
  EXPECT_FALSE(feedIdFromRefUrl(""));
  EXPECT_FALSE(feedIdFromRefUrl("http://host/feed/99999999999999999999"));
}

}  // namespace
}  // namespace smfront::ccp

namespace smfront::ccp {
namespace {

TEST(CustomerFieldLimits, DescriptionTagsAndExtensionFieldsAreBounded) {
  const auto problemsOf = [](std::string_view extra) {
    auto parsed = parseContactCreate(createBody("Ann", "Hi", extra));
    return parsed ? std::vector<Kind>{} : kinds(parsed.problems());
  };
  const Kind description{"invalidInput.outOfRange", "description"};
  EXPECT_THAT(problemsOf("<description>" + repeat("d", 4001) + "</description>"), ElementsAre(description));
  EXPECT_THAT(problemsOf("<description>" + repeat("\xC3\xA9", 4000) + "</description>"), ElementsAre())
      << "characters, not bytes";
  EXPECT_THAT(problemsOf("<tags><tag>" + repeat("t", 101) + "</tag></tags>"),
              ElementsAre(Kind{"invalidInput.outOfRange", "tags"}));
  const auto field = [](std::string name, std::size_t chars) {
    return "<extensionField><name>" + name + "</name><value>" + repeat("v", chars) + "</value></extensionField>";
  };
  EXPECT_THAT(problemsOf("<extensionFields>" + field("a", 2001) + "</extensionFields>"),
              ElementsAre(Kind{"invalidInput.outOfRange", "extensionField.value"}));
  EXPECT_THAT(problemsOf("<extensionFields>" + field(repeat("n", 101), 1) + "</extensionFields>"),
              ElementsAre(Kind{"invalidInput.outOfRange", "extensionField.name"}));
  std::string fourFull;
  for (int i = 0; i < 4; ++i) fourFull += field("f" + std::to_string(i), 1998);
  EXPECT_THAT(problemsOf("<extensionFields>" + fourFull + "</extensionFields>"), ElementsAre()) << "8,000 exactly";
  EXPECT_THAT(problemsOf("<extensionFields>" + fourFull + field("x", 3) + "</extensionFields>"),
              ElementsAre(Kind{"invalidInput.outOfRange", "extensionFields"}));
}

TEST(CustomerFieldLimits, AnUpdateIsCheckedByWhatTheContactWouldHold) {
  std::vector<ExtensionField> merged{{"a", repeat("v", 2000)}, {"b", repeat("v", 2000)}, {"c", repeat("v", 2000)}};
  mergeExtensionFields(merged, {{"d", repeat("v", 2000)}});
  Problems problems;
  checkExtensionFields(merged, problems);
  EXPECT_THAT(kinds(problems), ElementsAre(Kind{"invalidInput.outOfRange", "extensionFields"}));
  auto tagged = parseContactUpdate("<SocialContact><tags><tag>" + repeat("t", 101) + "</tag></tags></SocialContact>");
  ASSERT_FALSE(tagged);
  EXPECT_THAT(kinds(tagged.problems()), ElementsAre(Kind{"invalidInput.outOfRange", "tags"}));
}

}  // namespace
}  // namespace smfront::ccp
