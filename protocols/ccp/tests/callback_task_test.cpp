#include "ccp/callback_task.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "problems.hpp"

namespace smfront::ccp {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::Kind;
using testing::kinds;

constexpr const char* kRequired = "invalidInput.fieldRequired";
constexpr const char* kOutOfRange = "invalidInput.outOfRange";
constexpr const char* kInvalid = "invalidInput.invalidValue";

// The callback create body of Cisco's callback POST page.
constexpr const char* kCallbackExample = R"(<Contact>
  <name>Customer</name>
  <title>Help</title>
  <mediaAddress>5551212</mediaAddress>
  <variables>
    <variable><name>cv_7</name><value>test7</value></variable>
    <variable><name>user_user.callback.test</name><value>ct7</value></variable>
    <variable><name>location</name><value>Boston, MA</value></variable>
  </variables>
</Contact>)";

// The task create body of spec §6.
constexpr const char* kTaskExample = R"(<Task><name>Pat</name><title>Review order</title><scriptSelector>TaskDN</scriptSelector>
  <variables><variable><name>cv_1</name><value>x</value></variable>
    <variable><name>mediaType</name><value>chat</value></variable></variables></Task>)";

std::string repeat(std::string_view unit, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += unit;
  return out;
}

std::string callbackBody(std::string_view name, std::string_view title, std::string_view mediaAddress,
                         std::string_view extra = "") {
  return "<Contact><name>" + std::string(name) + "</name><title>" + std::string(title) + "</title><mediaAddress>" +
         std::string(mediaAddress) + "</mediaAddress>" + std::string(extra) + "</Contact>";
}

std::string taskBody(std::string_view name, std::string_view title, std::string_view extra = "") {
  return "<Task><name>" + std::string(name) + "</name><title>" + std::string(title) + "</title>" +
         std::string(extra) + "</Task>";
}

std::string variablesXml(const std::vector<ExtensionField>& variables) {
  std::string out = "<variables>";
  for (const ExtensionField& v : variables)
    out += "<variable><name>" + v.name + "</name><value>" + v.value + "</value></variable>";
  return out + "</variables>";
}

std::string tagsXml(std::size_t n) {
  std::string out = "<tags>";
  for (std::size_t i = 0; i < n; ++i) out += "<tag>t" + std::to_string(i) + "</tag>";
  return out + "</tags>";
}

CallData mapped(const std::vector<ExtensionField>& variables, Problems& problems) {
  return mapVariables(variables, problems);
}

// ---------------------------------------------------------------------------------------------
// Callback create, POST

TEST(CallbackCreate, ParsesCiscoExample) {
  const Parsed<CallbackCreate> r = parseCallbackCreate(kCallbackExample);
  ASSERT_TRUE(r) << r.problems().front().errorMessage;
  EXPECT_EQ(r->name, "Customer");
  EXPECT_EQ(r->title, "Help");
  EXPECT_EQ(r->mediaAddress, "5551212");
  EXPECT_EQ(r->description, "");
  EXPECT_THAT(r->tags, IsEmpty());
  EXPECT_EQ(r->callData.callVariables[6], "test7");
  for (std::size_t i = 0; i < kCallVariableCount; ++i) {
    if (i != 6) {
      EXPECT_FALSE(r->callData.callVariables[i]) << i;
    }
  }
  EXPECT_THAT(r->callData.eccVariables, ElementsAre(ExtensionField{"user.callback.test", "ct7"}));
  EXPECT_THAT(r->callData.extensionFields, ElementsAre(ExtensionField{"location", "Boston, MA"}));
}

TEST(CallbackCreate, ReadsOptionalFields) {
  const Parsed<CallbackCreate> r = parseCallbackCreate(callbackBody(
      "\n  Pat Smith\n", "Call me", " +1 555 0100 ",
      "<description>About my order &amp; more</description><tags><tag> vip </tag><tag/><tag>vip</tag>"
      "<tag>billing</tag></tags>"));
  ASSERT_TRUE(r) << r.problems().front().errorMessage;
  EXPECT_EQ(r->name, "Pat Smith");
  EXPECT_EQ(r->mediaAddress, "+1 555 0100");
  EXPECT_EQ(r->description, "About my order & more");
  EXPECT_THAT(r->tags, ElementsAre("vip", "billing"));
}

TEST(CallbackCreate, ReportsEveryMissingRequiredField) {
  const Parsed<CallbackCreate> r = parseCallbackCreate("<Contact><description>x</description></Contact>");
  ASSERT_FALSE(r);
  EXPECT_THAT(kinds(r.problems()), ElementsAre(Kind{kRequired, "name"}, Kind{kRequired, "title"},
                                               Kind{kRequired, "mediaAddress"}));
  EXPECT_EQ(r.problems()[2], (ApiError{kRequired, "mediaAddress", "mediaAddress is required"}));
}

TEST(CallbackCreate, BlankRequiredFieldIsMissing) {
  const Parsed<CallbackCreate> r = parseCallbackCreate(callbackBody(" ", "\n\t", ""));
  ASSERT_FALSE(r);
  EXPECT_THAT(kinds(r.problems()), ElementsAre(Kind{kRequired, "name"}, Kind{kRequired, "title"},
                                               Kind{kRequired, "mediaAddress"}));
}

TEST(CallbackCreate, NameIsAtMost100Characters) {
  EXPECT_TRUE(parseCallbackCreate(callbackBody(repeat("n", 100), "t", "1")));
  const Parsed<CallbackCreate> r = parseCallbackCreate(callbackBody(repeat("n", 101), "t", "1"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.problems().front(), (ApiError{kOutOfRange, "name", "name is longer than 100 characters"}));
}

TEST(CallbackCreate, NameWithLineBreakIsInvalid) {
  for (const char* name : {"Pat\nSmith", "Pat&#13;Smith", "Pat\r\nSmith"}) {
    const Parsed<CallbackCreate> r = parseCallbackCreate(callbackBody(name, "t", "1"));
    ASSERT_FALSE(r) << name;
    EXPECT_EQ(r.problems().front(), (ApiError{kInvalid, "name", "name must not contain a line break"})) << name;
  }
}

TEST(CallbackCreate, NamesMayBeInAnyScriptButNotControlCharacters) {
  const Parsed<CallbackCreate> r = parseCallbackCreate(callbackBody("Jos\xC3\xA9", "t", "1"));
  ASSERT_TRUE(r) << r.problems().front().errorMessage;
  EXPECT_EQ(r->name, "Jos\xC3\xA9");
  EXPECT_THAT(kinds(parseCallbackCreate(callbackBody("a\tb", "t", "1")).problems()),
              ElementsAre(Kind{kInvalid, "name"}));
}

TEST(CallbackCreate, TitleIsAtMost255CharactersOfAnyScript) {
  EXPECT_TRUE(parseCallbackCreate(callbackBody("n", repeat("\xC3\xA9", 255), "1")));
  const Parsed<CallbackCreate> r = parseCallbackCreate(callbackBody("n", repeat("t", 256), "1"));
  ASSERT_FALSE(r);
  EXPECT_THAT(kinds(r.problems()), ElementsAre(Kind{kOutOfRange, "title"}));
}

TEST(CallbackCreate, MediaAddressIsShortPrintableAscii) {
  EXPECT_TRUE(parseCallbackCreate(callbackBody("n", "t", repeat("5", 40))));
  EXPECT_THAT(kinds(parseCallbackCreate(callbackBody("n", "t", repeat("5", 41))).problems()),
              ElementsAre(Kind{kOutOfRange, "mediaAddress"}));
  EXPECT_THAT(kinds(parseCallbackCreate(callbackBody("n", "t", "\xEF\xBC\x95\xEF\xBC\x95")).problems()),
              ElementsAre(Kind{kInvalid, "mediaAddress"}));
}

TEST(CallbackCreate, AtMost20Tags) {
  EXPECT_TRUE(parseCallbackCreate(callbackBody("n", "t", "1", tagsXml(20))));
  const Parsed<CallbackCreate> r = parseCallbackCreate(callbackBody("n", "t", "1", tagsXml(21)));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.problems().front(), (ApiError{kOutOfRange, "tags", "more than 20 tags"}));
}

TEST(CallbackCreate, WrongRootOrMalformedBodyIsOneProblem) {
  EXPECT_THAT(kinds(parseCallbackCreate(taskBody("n", "t")).problems()), ElementsAre(Kind{kInvalid, "body"}));
  EXPECT_THAT(kinds(parseCallbackCreate("<Contact><name>").problems()), ElementsAre(Kind{kInvalid, "body"}));
}

TEST(CallbackCreate, RetriesWithBareAmpersandsEscaped) {
  const Parsed<CallbackCreate> r = parseCallbackCreate(callbackBody("AT&T", "Q&A", "1"));
  ASSERT_TRUE(r) << r.problems().front().errorMessage;
  EXPECT_EQ(r->name, "AT&T");
  EXPECT_EQ(r->title, "Q&A");
}

TEST(CallbackCreate, ReportsAllProblemsTogether) {
  const Parsed<CallbackCreate> r = parseCallbackCreate(
      "<Contact><name>Pat\tSmith</name><mediaAddress>" + repeat("5", 41) + "</mediaAddress>" + tagsXml(21) +
      variablesXml({{"cv_11", "x"}, {"user_acct", repeat("v", 211)}, {"note", "fine \xC3\xA9"}}) + "</Contact>");
  ASSERT_FALSE(r);
  EXPECT_THAT(kinds(r.problems()),
              ElementsAre(Kind{kInvalid, "name"}, Kind{kRequired, "title"}, Kind{kOutOfRange, "mediaAddress"},
                          Kind{kOutOfRange, "tags"}, Kind{kInvalid, "cv_11"}, Kind{kOutOfRange, "user_acct"}));
}

TEST(CallbackCreate, KeepsTaskOnlyVariablesAsExtensionFields) {
  const Parsed<CallbackCreate> r =
      parseCallbackCreate(callbackBody("n", "t", "1", variablesXml({{"mediaType", "fax"}, {"podRefURL", "u"}})));
  ASSERT_TRUE(r) << r.problems().front().errorMessage;
  EXPECT_THAT(r->callData.extensionFields,
              ElementsAre(ExtensionField{"mediaType", "fax"}, ExtensionField{"podRefURL", "u"}));
}

TEST(CallbackCreate, RoundTripsThroughSerialize) {
  CallbackCreate c;
  c.name = "Pat";
  c.title = "Call <me> & soon";
  c.mediaAddress = "5551212";
  c.description = "d";
  c.tags = {"a", "b"};
  c.callData.callVariables[0] = "one";
  c.callData.callVariables[9] = "";
  c.callData.eccVariables = {{"user.acct", "42"}};
  c.callData.extensionFields = {{"location", "Boston, MA"}};
  const std::string body = serializeCallbackCreate(c);
  EXPECT_EQ(body,
            "<Contact><name>Pat</name><title>Call &lt;me&gt; &amp; soon</title><mediaAddress>5551212</mediaAddress>"
            "<description>d</description><tags><tag>a</tag><tag>b</tag></tags><variables>"
            "<variable><name>cv_1</name><value>one</value></variable>"
            "<variable><name>cv_10</name><value/></variable>"
            "<variable><name>user_user.acct</name><value>42</value></variable>"
            "<variable><name>location</name><value>Boston, MA</value></variable></variables></Contact>");
  const Parsed<CallbackCreate> r = parseCallbackCreate(body);
  ASSERT_TRUE(r) << r.problems().front().errorMessage;
  EXPECT_EQ(*r, c);
}

// ---------------------------------------------------------------------------------------------
// Callback create, GET query

TEST(CallbackQuery, ParsesCiscoGetExample) {
  const Parsed<CallbackCreate> r = parseCallbackQuery(
      "name=Customer&title=Help&mediaAddress=5551212&variable_cv_7=test7&variable_user_user.callback.test=ct7");
  ASSERT_TRUE(r) << r.problems().front().errorMessage;
  EXPECT_EQ(r->name, "Customer");
  EXPECT_EQ(r->title, "Help");
  EXPECT_EQ(r->mediaAddress, "5551212");
  EXPECT_EQ(r->callData.callVariables[6], "test7");
  EXPECT_THAT(r->callData.eccVariables, ElementsAre(ExtensionField{"user.callback.test", "ct7"}));
  EXPECT_THAT(r->callData.extensionFields, IsEmpty());
}

TEST(CallbackQuery, SplitsTagsAndDecodesValues) {
  const Parsed<CallbackCreate> r = parseCallbackQuery(
      "name=Pat+Smith&title=Q%26A&mediaAddress=555&description=caf%C3%A9&tags=tag1,+tag2,,tag1,tag3"
      "&variable_location=Boston%2C+MA&name=Other");
  ASSERT_TRUE(r) << r.problems().front().errorMessage;
  EXPECT_EQ(r->name, "Pat Smith");
  EXPECT_EQ(r->title, "Q&A");
  EXPECT_EQ(r->description, "caf\xC3\xA9");
  EXPECT_THAT(r->tags, ElementsAre("tag1", "tag2", "tag3"));
  EXPECT_THAT(r->callData.extensionFields, ElementsAre(ExtensionField{"location", "Boston, MA"}));
}

TEST(CallbackQuery, ReportsMissingFieldsAndLimits) {
  EXPECT_THAT(kinds(parseCallbackQuery("").problems()),
              ElementsAre(Kind{kRequired, "name"}, Kind{kRequired, "title"}, Kind{kRequired, "mediaAddress"}));
  EXPECT_THAT(kinds(parseCallbackQuery("name=" + repeat("n", 101) + "&title=t&mediaAddress=1&variable_cv_0=x")
                        .problems()),
              ElementsAre(Kind{kOutOfRange, "name"}, Kind{kInvalid, "cv_0"}));
  EXPECT_THAT(kinds(parseCallbackQuery("name=a%0Ab&title=t&mediaAddress=1").problems()),
              ElementsAre(Kind{kInvalid, "name"}));
  std::string tags = "tags=";
  for (int i = 0; i < 21; ++i) tags += "t" + std::to_string(i) + ",";
  EXPECT_THAT(kinds(parseCallbackQuery("name=n&title=t&mediaAddress=1&" + tags).problems()),
              ElementsAre(Kind{kOutOfRange, "tags"}));
}

TEST(CallbackQuery, BadEscapeIsInvalidValue) {
  EXPECT_THAT(kinds(parseCallbackQuery("name=%ZZ&title=t&mediaAddress=1").problems()),
              ElementsAre(Kind{kInvalid, "name"}));
}

TEST(CallbackQuery, RoundTripsThroughSerialize) {
  CallbackCreate c;
  c.name = "Pat Smith";
  c.title = "Q&A = 100%";
  c.mediaAddress = "+1 555";
  c.tags = {"a", "b"};
  c.callData.callVariables[1] = "two";
  c.callData.eccVariables = {{"user.x", "y"}};
  c.callData.extensionFields = {{"k", "v&w"}};
  const std::string query = serializeCallbackQuery(c);
  EXPECT_EQ(query,
            "name=Pat+Smith&title=Q%26A+%3D+100%25&mediaAddress=%2B1+555&tags=a%2Cb&variable_cv_2=two"
            "&variable_user_user.x=y&variable_k=v%26w");
  const Parsed<CallbackCreate> r = parseCallbackQuery(query);
  ASSERT_TRUE(r) << r.problems().front().errorMessage;
  EXPECT_EQ(*r, c);
  // The POST and GET forms of one request give the same struct.
  EXPECT_EQ(parseCallbackCreate(serializeCallbackCreate(c)).value(), *r);
}

// ---------------------------------------------------------------------------------------------
// Task create, POST

TEST(TaskCreate, ParsesSpecExample) {
  const Parsed<TaskCreate> r = parseTaskCreate(kTaskExample);
  ASSERT_TRUE(r) << r.problems().front().errorMessage;
  EXPECT_EQ(r->name, "Pat");
  EXPECT_EQ(r->title, "Review order");
  EXPECT_EQ(r->scriptSelector, "TaskDN");
  EXPECT_EQ(r->callData.callVariables[0], "x");
  EXPECT_EQ(r->mediaType, MediaType::Chat);
  // mediaType configures the task; it is not call data nor an extension field.
  EXPECT_THAT(r->callData.extensionFields, IsEmpty());
  EXPECT_THAT(r->callData.eccVariables, IsEmpty());
  EXPECT_FALSE(r->requeueOnRecovery);
  EXPECT_FALSE(r->podRefURL);
  EXPECT_FALSE(r->customerUID);
}

TEST(TaskCreate, DefaultsWhenOptionalFieldsAreAbsent) {
  const Parsed<TaskCreate> r = parseTaskCreate(taskBody("n", "t", "<scriptSelector> </scriptSelector>"));
  ASSERT_TRUE(r) << r.problems().front().errorMessage;
  EXPECT_FALSE(r->scriptSelector);
  EXPECT_FALSE(r->requeueOnRecovery);
  EXPECT_EQ(r->mediaType, MediaType::Event);
  EXPECT_EQ(r->callData, CallData{});
}

TEST(TaskCreate, ReadsEveryOptionalField) {
  const Parsed<TaskCreate> r = parseTaskCreate(taskBody(
      "Pat", "Review", "<description>desc</description><scriptSelector> TaskDN </scriptSelector>"
      "<customerUID>cust-42</customerUID><requeueOnRecovery>TRUE</requeueOnRecovery>"
      "<tags><tag>a</tag></tags>" +
          variablesXml({{"podRefURL", " https://cs/pod/1 "}, {"MEDIATYPE", "Video"}, {"user_x", "1"}})));
  ASSERT_TRUE(r) << r.problems().front().errorMessage;
  EXPECT_EQ(r->description, "desc");
  EXPECT_EQ(r->scriptSelector, "TaskDN");
  EXPECT_EQ(r->customerUID, "cust-42");
  EXPECT_TRUE(r->requeueOnRecovery);
  EXPECT_THAT(r->tags, ElementsAre("a"));
  EXPECT_EQ(r->podRefURL, "https://cs/pod/1");
  EXPECT_EQ(r->mediaType, MediaType::Video);
  EXPECT_THAT(r->callData.eccVariables, ElementsAre(ExtensionField{"x", "1"}));
  EXPECT_THAT(r->callData.extensionFields, IsEmpty());
}

TEST(TaskCreate, ReportsEveryMissingRequiredField) {
  const Parsed<TaskCreate> r = parseTaskCreate("<Task><scriptSelector>S</scriptSelector></Task>");
  ASSERT_FALSE(r);
  EXPECT_THAT(kinds(r.problems()), ElementsAre(Kind{kRequired, "name"}, Kind{kRequired, "title"}));
  EXPECT_EQ(r.problems()[0], (ApiError{kRequired, "name", "name is required"}));
}

TEST(TaskCreate, NameLimitsApply) {
  EXPECT_TRUE(parseTaskCreate(taskBody(repeat("n", 100), "t")));
  EXPECT_THAT(kinds(parseTaskCreate(taskBody(repeat("n", 101), "t")).problems()),
              ElementsAre(Kind{kOutOfRange, "name"}));
  EXPECT_THAT(kinds(parseTaskCreate(taskBody("a\nb", "t")).problems()), ElementsAre(Kind{kInvalid, "name"}));
  EXPECT_TRUE(parseTaskCreate(taskBody("\xE5\xBC\xA0", "t"))) << "a name in any script";
}

TEST(TaskCreate, ScriptSelectorIsAtMost32PrintableAscii) {
  EXPECT_TRUE(parseTaskCreate(taskBody("n", "t", "<scriptSelector>" + repeat("s", 32) + "</scriptSelector>")));
  const Parsed<TaskCreate> r =
      parseTaskCreate(taskBody("n", "t", "<scriptSelector>" + repeat("s", 33) + "</scriptSelector>"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.problems().front(),
            (ApiError{kOutOfRange, "scriptSelector", "scriptSelector is longer than 32 characters"}));
  EXPECT_THAT(kinds(parseTaskCreate(taskBody("n", "t", "<scriptSelector>D\xC3\xA9</scriptSelector>")).problems()),
              ElementsAre(Kind{kInvalid, "scriptSelector"}));
}

TEST(TaskCreate, RequeueOnRecoveryIsBoolean) {
  EXPECT_FALSE(parseTaskCreate(taskBody("n", "t", "<requeueOnRecovery>false</requeueOnRecovery>"))->requeueOnRecovery);
  EXPECT_FALSE(parseTaskCreate(taskBody("n", "t", "<requeueOnRecovery/>"))->requeueOnRecovery);
  const Parsed<TaskCreate> r = parseTaskCreate(taskBody("n", "t", "<requeueOnRecovery>yes</requeueOnRecovery>"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.problems().front(),
            (ApiError{kInvalid, "requeueOnRecovery", "requeueOnRecovery must be true or false"}));
}

TEST(TaskCreate, AtMost20Tags) {
  EXPECT_TRUE(parseTaskCreate(taskBody("n", "t", tagsXml(20))));
  EXPECT_THAT(kinds(parseTaskCreate(taskBody("n", "t", tagsXml(21))).problems()),
              ElementsAre(Kind{kOutOfRange, "tags"}));
}

TEST(TaskCreate, AcceptsEveryMediaTypeInAnyCase) {
  const std::vector<std::pair<std::string, MediaType>> cases = {
      {"chat", MediaType::Chat},     {"email", MediaType::Email}, {"event", MediaType::Event},
      {"mobile", MediaType::Mobile}, {"SOCIAL", MediaType::Social}, {"Video", MediaType::Video},
      {"voice", MediaType::Voice},   {" web ", MediaType::Web}};
  for (const auto& [text, type] : cases) {
    const Parsed<TaskCreate> r = parseTaskCreate(taskBody("n", "t", variablesXml({{"mediaType", text}})));
    ASSERT_TRUE(r) << text;
    EXPECT_EQ(r->mediaType, type) << text;
  }
  EXPECT_EQ(parseTaskCreate(taskBody("n", "t", variablesXml({{"mediaType", ""}})))->mediaType, MediaType::Event);
}

TEST(TaskCreate, UnknownMediaTypeIsInvalidValue) {
  const Parsed<TaskCreate> r =
      parseTaskCreate(taskBody("n", "t", variablesXml({{"mediatype", "fax"}, {"mediaType", "chat"}})));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.problems().front(),
            (ApiError{kInvalid, "mediaType",
                      "mediaType must be one of chat, email, event, mobile, social, video, voice, web"}));
}

TEST(TaskCreate, RoundTripsThroughSerialize) {
  TaskCreate t;
  t.name = "Pat";
  t.title = "Review";
  t.description = "d";
  t.scriptSelector = "TaskDN";
  t.customerUID = "c1";
  t.requeueOnRecovery = true;
  t.tags = {"x"};
  t.callData.callVariables[4] = "five";
  t.callData.extensionFields = {{"orderId", "7"}};
  t.mediaType = MediaType::Email;
  t.podRefURL = "https://cs/pod/1";
  const std::string body = serializeTaskCreate(t);
  EXPECT_EQ(body,
            "<Task><name>Pat</name><title>Review</title><description>d</description>"
            "<scriptSelector>TaskDN</scriptSelector><customerUID>c1</customerUID>"
            "<requeueOnRecovery>true</requeueOnRecovery><tags><tag>x</tag></tags><variables>"
            "<variable><name>cv_5</name><value>five</value></variable>"
            "<variable><name>orderId</name><value>7</value></variable>"
            "<variable><name>mediaType</name><value>email</value></variable>"
            "<variable><name>podRefURL</name><value>https://cs/pod/1</value></variable></variables></Task>");
  const Parsed<TaskCreate> r = parseTaskCreate(body);
  ASSERT_TRUE(r) << r.problems().front().errorMessage;
  EXPECT_EQ(*r, t);
}

// ---------------------------------------------------------------------------------------------
// Task create, GET query

TEST(TaskQuery, ParsesQueryForm) {
  const Parsed<TaskCreate> r = parseTaskQuery(
      "name=Pat&title=Review+order&scriptSelector=TaskDN&tags=a,b&variable_cv_1=x&variable_mediaType=chat"
      "&variable_podRefURL=https%3A%2F%2Fcs%2Fpod%2F1&variable_user_acct=9&variable_orderId=7");
  ASSERT_TRUE(r) << r.problems().front().errorMessage;
  EXPECT_EQ(r->name, "Pat");
  EXPECT_EQ(r->title, "Review order");
  EXPECT_EQ(r->scriptSelector, "TaskDN");
  EXPECT_THAT(r->tags, ElementsAre("a", "b"));
  EXPECT_EQ(r->callData.callVariables[0], "x");
  EXPECT_EQ(r->mediaType, MediaType::Chat);
  EXPECT_EQ(r->podRefURL, "https://cs/pod/1");
  EXPECT_THAT(r->callData.eccVariables, ElementsAre(ExtensionField{"acct", "9"}));
  EXPECT_THAT(r->callData.extensionFields, ElementsAre(ExtensionField{"orderId", "7"}));
}

TEST(TaskQuery, ReportsProblemsLikeThePostForm) {
  EXPECT_THAT(kinds(parseTaskQuery("scriptSelector=S").problems()),
              ElementsAre(Kind{kRequired, "name"}, Kind{kRequired, "title"}));
  EXPECT_THAT(kinds(parseTaskQuery("name=n&title=t&scriptSelector=" + repeat("s", 33) +
                                   "&requeueOnRecovery=maybe&variable_mediaType=fax&variable_cv_11=x")
                        .problems()),
              ElementsAre(Kind{kOutOfRange, "scriptSelector"}, Kind{kInvalid, "requeueOnRecovery"},
                          Kind{kInvalid, "cv_11"}, Kind{kInvalid, "mediaType"}));
}

TEST(TaskQuery, RoundTripsThroughSerialize) {
  TaskCreate t;
  t.name = "Pat";
  t.title = "Review order";
  t.scriptSelector = "TaskDN";
  t.tags = {"a", "b"};
  t.callData.callVariables[0] = "x";
  t.mediaType = MediaType::Chat;
  const std::string query = serializeTaskQuery(t);
  EXPECT_EQ(query,
            "name=Pat&title=Review+order&scriptSelector=TaskDN&tags=a%2Cb&variable_cv_1=x&variable_mediaType=chat");
  const Parsed<TaskCreate> r = parseTaskQuery(query);
  ASSERT_TRUE(r) << r.problems().front().errorMessage;
  EXPECT_EQ(*r, t);
  EXPECT_EQ(parseTaskCreate(serializeTaskCreate(t)).value(), *r);
}

// ---------------------------------------------------------------------------------------------
// Variable mapping

TEST(VariableMapping, PrefixesMatchInAnyCase) {
  Problems problems;
  const CallData d = mapped({{"CV_2", "two"}, {"Cv_3", "three"}, {"USER_A", "a"}, {"User_b", "b"}}, problems);
  EXPECT_THAT(problems, IsEmpty());
  EXPECT_EQ(d.callVariables[1], "two");
  EXPECT_EQ(d.callVariables[2], "three");
  EXPECT_THAT(d.eccVariables, ElementsAre(ExtensionField{"A", "a"}, ExtensionField{"b", "b"}));
  EXPECT_THAT(d.extensionFields, IsEmpty());
}

TEST(VariableMapping, CallVariablesAreCv1ToCv10) {
  Problems problems;
  const CallData d = mapped({{"cv_1", "first"}, {"cv_10", "last"}}, problems);
  EXPECT_THAT(problems, IsEmpty());
  EXPECT_EQ(d.callVariables[0], "first");
  EXPECT_EQ(d.callVariables[9], "last");

  mapped({{"cv_0", "x"}, {"cv_11", "x"}, {"CV_01", "x"}, {"cv_", "x"}, {"cv_1a", "x"}, {"cv_100", "x"}},
         problems);
  EXPECT_THAT(kinds(problems),
              ElementsAre(Kind{kInvalid, "cv_0"}, Kind{kInvalid, "cv_11"}, Kind{kInvalid, "CV_01"},
                          Kind{kInvalid, "cv_"}, Kind{kInvalid, "cv_1a"}, Kind{kInvalid, "cv_100"}));
  EXPECT_EQ(problems[1], (ApiError{kInvalid, "cv_11", "cv_11 is not a call variable: use cv_1 to cv_10"}));
}

TEST(VariableMapping, UserVariablesBecomeEccWithoutPrefix) {
  Problems problems;
  const CallData d = mapped({{"user_user.callback.test", "ct7"}, {"user_acct", "1"}}, problems);
  EXPECT_THAT(problems, IsEmpty());
  EXPECT_THAT(d.eccVariables,
              ElementsAre(ExtensionField{"user.callback.test", "ct7"}, ExtensionField{"acct", "1"}));
}

TEST(VariableMapping, AnythingElseIsAnExtensionField) {
  Problems problems;
  const CallData d =
      mapped({{"location", "Boston"}, {"cv1", "a"}, {"userx", "b"}, {"ccv_1", "c"}, {"note", "caf\xC3\xA9"}},
             problems);
  EXPECT_THAT(problems, IsEmpty());
  EXPECT_EQ(d.callVariables, CallData{}.callVariables);
  EXPECT_THAT(d.eccVariables, IsEmpty());
  EXPECT_THAT(d.extensionFields,
              ElementsAre(ExtensionField{"location", "Boston"}, ExtensionField{"cv1", "a"},
                          ExtensionField{"userx", "b"}, ExtensionField{"ccv_1", "c"},
                          ExtensionField{"note", "caf\xC3\xA9"}));
}

TEST(VariableMapping, FirstOccurrenceWins) {
  Problems problems;
  const CallData d = mapped(
      {{"cv_1", "a"}, {"CV_1", "b"}, {"user_x", "1"}, {"USER_x", "2"}, {"k", "v1"}, {"k", "v2"}}, problems);
  EXPECT_THAT(problems, IsEmpty());
  EXPECT_EQ(d.callVariables[0], "a");
  EXPECT_THAT(d.eccVariables, ElementsAre(ExtensionField{"x", "1"}));
  EXPECT_THAT(d.extensionFields, ElementsAre(ExtensionField{"k", "v1"}));
}

TEST(VariableMapping, CallVariableValuesAreAtMost40Characters) {
  Problems problems;
  const CallData d = mapped({{"cv_1", repeat("x", 40)}, {"cv_2", repeat("x", 41)}}, problems);
  EXPECT_EQ(d.callVariables[0], repeat("x", 40));
  EXPECT_FALSE(d.callVariables[1]);
  ASSERT_THAT(kinds(problems), ElementsAre(Kind{kOutOfRange, "cv_2"}));
  EXPECT_EQ(problems[0].errorMessage, "cv_2 is longer than 40 characters");
}

TEST(VariableMapping, EccNamesAndValuesHaveCceLimits) {
  Problems problems;
  const CallData d = mapped({{"user_" + repeat("n", 32), repeat("v", 210)},
                             {"user_" + repeat("m", 33), "v"},
                             {"user_big", repeat("v", 211)},
                             {"user_", "v"}},
                            problems);
  EXPECT_THAT(d.eccVariables, ElementsAre(ExtensionField{repeat("n", 32), repeat("v", 210)}));
  EXPECT_THAT(kinds(problems), ElementsAre(Kind{kOutOfRange, "user_" + repeat("m", 33)},
                                           Kind{kOutOfRange, "user_big"}, Kind{kInvalid, "user_"}));
}

// Cisco's guide: call and ECC variables are text. Values in any script are taken (the MR
// link carries them as printable ASCII, mr::printableText); ECC variable names, which
// name CCE configuration, stay printable ASCII.
TEST(VariableMapping, CallDataValuesAreTextAndEccNamesAscii) {
  Problems problems;
  const CallData d = mapped({{"cv_1", "caf\xC3\xA9"},
                             {"cv_2", "tab\there"},
                             {"user_acct", "\xE2\x82\xAC" "5"},
                             {"user_caf\xC3\xA9", "x"},
                             {"cv_3", "bad\xFF"},
                             {"note", "caf\xC3\xA9"}},
                            problems);
  EXPECT_EQ(d.callVariables[0], "caf\xC3\xA9");
  EXPECT_EQ(d.callVariables[1], "tab\there");
  EXPECT_FALSE(d.callVariables[2]);
  EXPECT_THAT(d.eccVariables, ElementsAre(ExtensionField{"acct", "\xE2\x82\xAC" "5"}));
  EXPECT_THAT(d.extensionFields, ElementsAre(ExtensionField{"note", "caf\xC3\xA9"}));
  EXPECT_THAT(kinds(problems), ElementsAre(Kind{kInvalid, "user_caf\xC3\xA9"}, Kind{kInvalid, "cv_3"}));
  EXPECT_EQ(problems[0].errorMessage, "the ECC variable name of user_caf\xC3\xA9 must be printable ASCII");
}

TEST(VariableMapping, NamesMustBePresentAndUtf8) {
  Problems problems;
  mapped({{"", "x"}, {"bad\xFF", "x"}, {"k", "bad\xFF"}}, problems);
  EXPECT_THAT(kinds(problems), ElementsAre(Kind{kRequired, "variable.name"}, Kind{kInvalid, "variable.name"},
                                           Kind{kInvalid, "k"}));
}

TEST(VariableMapping, AtMost100Variables) {
  std::vector<ExtensionField> variables;
  for (int i = 0; i < 101; ++i) variables.push_back({"v" + std::to_string(i), "x"});
  Problems problems;
  mapped(std::vector<ExtensionField>(variables.begin(), variables.begin() + 100), problems);
  EXPECT_THAT(problems, IsEmpty());
  mapped(variables, problems);
  EXPECT_THAT(kinds(problems), ElementsAre(Kind{kOutOfRange, "variables"}));
}

TEST(VariableMapping, CallDataInAnyScriptIsTakenWithTheRequest) {
  const Parsed<CallbackCreate> r = parseCallbackCreate(
      callbackBody("Ren\xC3\xA9", "Rappel s'il vous pla\xC3\xAEt", "1",
                   variablesXml({{"cv_3", "\xC3\xA9t\xC3\xA9"},
                                 {"user_city", "Z\xC3\xBCrich"},
                                 {"city", "Z\xC3\xBCrich"}})));
  ASSERT_TRUE(r) << "a French or German customer's call data is no reason to refuse the callback";
  EXPECT_EQ(r->callData.callVariables[2], "\xC3\xA9t\xC3\xA9");
  EXPECT_THAT(r->callData.eccVariables, ElementsAre(ExtensionField{"city", "Z\xC3\xBCrich"}));
}

// ---------------------------------------------------------------------------------------------
// Status representations

TEST(CallbackStatus, SerializesSpecExample) {
  CallbackStatus s;
  s.id = "6EEF968810000132000015F60A568DFB";
  s.refURL = "http://host/ccp/rest/callback/contact/6EEF968810000132000015F60A568DFB";
  s.status = "queued";
  s.statusReason = "externally_routed";
  s.estimatedWaitTime = 120;
  EXPECT_EQ(serializeCallbackStatus(s),
            "<Contact><id>6EEF968810000132000015F60A568DFB</id>"
            "<refURL>http://host/ccp/rest/callback/contact/6EEF968810000132000015F60A568DFB</refURL>"
            "<status>queued</status><statusReason>externally_routed</statusReason>"
            "<estimatedWaitTime>120</estimatedWaitTime></Contact>");
}

TEST(CallbackStatus, WaitTimeOnlyWhileQueuedAndEmptyElementsOmitted) {
  CallbackStatus s{"ID1", "http://h/ccp/callback/contact/ID1", "reserved", "externally_routed", 120};
  EXPECT_EQ(serializeCallbackStatus(s),
            "<Contact><id>ID1</id><refURL>http://h/ccp/callback/contact/ID1</refURL><status>reserved</status>"
            "<statusReason>externally_routed</statusReason></Contact>");
  s = {"ID1", "", "queued", "", -1};
  EXPECT_EQ(serializeCallbackStatus(s),
            "<Contact><id>ID1</id><status>queued</status><estimatedWaitTime>-1</estimatedWaitTime></Contact>");
  s = {"ID1", "", "queued", "externally_routed", std::nullopt};
  EXPECT_EQ(serializeCallbackStatus(s),
            "<Contact><id>ID1</id><status>queued</status><statusReason>externally_routed</statusReason></Contact>");
}

TEST(CallbackStatus, RoundTripsAndParsesLeniently) {
  const CallbackStatus s{"ID1", "http://h/ccp/rest/callback/contact/ID1", "discarded",
                         "notification_cce_callback_cancel_succeeded", std::nullopt};
  const Parsed<CallbackStatus> r = parseCallbackStatus(serializeCallbackStatus(s));
  ASSERT_TRUE(r) << r.problems().front().errorMessage;
  EXPECT_EQ(*r, s);

  const Parsed<CallbackStatus> loose = parseCallbackStatus(
      "<Contact><id> ID1 </id><status> QUEUED </status><statusReason>Externally_Routed</statusReason>"
      "<estimatedWaitTime>90</estimatedWaitTime><extra/></Contact>");
  ASSERT_TRUE(loose) << loose.problems().front().errorMessage;
  EXPECT_EQ(*loose, (CallbackStatus{"ID1", "", "queued", "externally_routed", 90}));
}

TEST(CallbackStatus, ParseRequiresStatusAndAValidWaitTime) {
  EXPECT_THAT(kinds(parseCallbackStatus("<Contact><id>x</id><estimatedWaitTime>-2</estimatedWaitTime></Contact>")
                        .problems()),
              ElementsAre(Kind{kRequired, "status"}, Kind{kOutOfRange, "estimatedWaitTime"}));
  EXPECT_THAT(kinds(parseCallbackStatus("<Task><status>queued</status></Task>").problems()),
              ElementsAre(Kind{kInvalid, "body"}));
  // White space is no status: accepted, it became an empty one the writer leaves out.
  EXPECT_THAT(kinds(parseCallbackStatus("<Contact><status> </status></Contact>").problems()),
              ElementsAre(Kind{kRequired, "status"}));
  EXPECT_THAT(kinds(parseTaskStatus("<Task><status>\n\t</status></Task>").problems()),
              ElementsAre(Kind{kRequired, "status"}));
}

TEST(TaskStatus, SerializesQueuedForm) {
  const TaskStatus s{"queued", "externally_routed", 120, "12345_23678_2", "mary"};
  // taskID and agentID belong to reserved or handled tasks only.
  EXPECT_EQ(serializeTaskStatus(s),
            "<Task><estimatedWaitTime>120</estimatedWaitTime><status>queued</status>"
            "<statusReason>externally_routed</statusReason></Task>");
}

TEST(TaskStatus, SerializesReservedAndHandledForms) {
  TaskStatus s{"reserved", "externally_routed", 120, "12345_23678_2", "mary"};
  EXPECT_EQ(serializeTaskStatus(s),
            "<Task><status>reserved</status><statusReason>externally_routed</statusReason>"
            "<taskID>12345_23678_2</taskID><agentID>mary</agentID></Task>");
  s = {"handled", "externally_handled", std::nullopt, "12345_23678_2", std::nullopt};
  EXPECT_EQ(serializeTaskStatus(s),
            "<Task><status>handled</status><statusReason>externally_handled</statusReason>"
            "<taskID>12345_23678_2</taskID></Task>");
  s = {"queued", "task_renotify_requested", -1, std::nullopt, std::nullopt};
  EXPECT_EQ(serializeTaskStatus(s),
            "<Task><estimatedWaitTime>-1</estimatedWaitTime><status>queued</status>"
            "<statusReason>task_renotify_requested</statusReason></Task>");
}

TEST(TaskStatus, RoundTripsAndParses) {
  for (const TaskStatus& s : {TaskStatus{"reserved", "externally_routed", std::nullopt, "1_2_3", "mary"},
                              TaskStatus{"queued", "externally_routed", 240, std::nullopt, std::nullopt},
                              TaskStatus{"unread", "", std::nullopt, std::nullopt, std::nullopt}}) {
    const Parsed<TaskStatus> r = parseTaskStatus(serializeTaskStatus(s));
    ASSERT_TRUE(r) << r.problems().front().errorMessage;
    EXPECT_EQ(*r, s);
  }
  EXPECT_THAT(kinds(parseTaskStatus("<Task><estimatedWaitTime>soon</estimatedWaitTime></Task>").problems()),
              ElementsAre(Kind{kInvalid, "estimatedWaitTime"}, Kind{kRequired, "status"}));
}

// ---------------------------------------------------------------------------------------------
// Task renotify

TEST(TaskRenotify, ParsesBothReasons) {
  const Parsed<TaskRenotify> transfer = parseTaskRenotify(
      "<Task><scriptSelector>X</scriptSelector><reNotifyReason>ROUTE_SERVICE_TRANSFER</reNotifyReason></Task>");
  ASSERT_TRUE(transfer) << transfer.problems().front().errorMessage;
  EXPECT_EQ(*transfer, (TaskRenotify{"X", RenotifyReason::RouteServiceTransfer}));

  const Parsed<TaskRenotify> recovery =
      parseTaskRenotify("<Task><reNotifyReason>\n ROUTE_SERVICE_RECOVERY \n</reNotifyReason></Task>");
  ASSERT_TRUE(recovery) << recovery.problems().front().errorMessage;
  EXPECT_EQ(*recovery, (TaskRenotify{std::nullopt, RenotifyReason::RouteServiceRecovery}));
}

TEST(TaskRenotify, ReasonIsRequiredAndExact) {
  EXPECT_THAT(kinds(parseTaskRenotify("<Task><scriptSelector>X</scriptSelector></Task>").problems()),
              ElementsAre(Kind{kRequired, "reNotifyReason"}));
  for (const char* reason : {"route_service_transfer", "ROUTE_SERVICE", "TRANSFER"}) {
    const Parsed<TaskRenotify> r =
        parseTaskRenotify(std::string("<Task><reNotifyReason>") + reason + "</reNotifyReason></Task>");
    ASSERT_FALSE(r) << reason;
    EXPECT_EQ(r.problems().front(),
              (ApiError{kInvalid, "reNotifyReason",
                        "reNotifyReason must be ROUTE_SERVICE_TRANSFER or ROUTE_SERVICE_RECOVERY"}));
  }
}

TEST(TaskRenotify, ScriptSelectorLimitAndAllProblemsTogether) {
  const Parsed<TaskRenotify> r = parseTaskRenotify("<Task><scriptSelector>" + repeat("s", 33) +
                                                   "</scriptSelector><reNotifyReason>X</reNotifyReason></Task>");
  ASSERT_FALSE(r);
  EXPECT_THAT(kinds(r.problems()),
              ElementsAre(Kind{kOutOfRange, "scriptSelector"}, Kind{kInvalid, "reNotifyReason"}));
  EXPECT_THAT(kinds(parseTaskRenotify("<Contact/>").problems()), ElementsAre(Kind{kInvalid, "body"}));
}

TEST(TaskRenotify, RoundTripsThroughSerialize) {
  const TaskRenotify a{"TaskDN", RenotifyReason::RouteServiceRecovery};
  EXPECT_EQ(serializeTaskRenotify(a),
            "<Task><scriptSelector>TaskDN</scriptSelector>"
            "<reNotifyReason>ROUTE_SERVICE_RECOVERY</reNotifyReason></Task>");
  EXPECT_EQ(parseTaskRenotify(serializeTaskRenotify(a)).value(), a);
  const TaskRenotify b{std::nullopt, RenotifyReason::RouteServiceTransfer};
  EXPECT_EQ(serializeTaskRenotify(b), "<Task><reNotifyReason>ROUTE_SERVICE_TRANSFER</reNotifyReason></Task>");
  EXPECT_EQ(parseTaskRenotify(serializeTaskRenotify(b)).value(), b);
}

}  // namespace
}  // namespace smfront::ccp
