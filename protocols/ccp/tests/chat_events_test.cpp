#include "ccp/chat_events.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "problems.hpp"

namespace smfront::ccp {
namespace {

using testing::compact;
using ::testing::ElementsAre;
using testing::Kind;
using testing::kinds;

// The poll reply of spec §3.4.
constexpr const char* kSpecExample = R"(<chatEvents>
  <StatusEvent><id>1</id><status>chat_ok</status><detail/></StatusEvent>
  <PresenceEvent><id>2</id><from>Mary</from><status>joined</status></PresenceEvent>
  <TypingEvent><id>3</id><from>Mary</from><status>composing</status></TypingEvent>
  <MessageEvent><id>5</id><from>Mary</from><body>How+can+I+help%3F</body></MessageEvent>
</chatEvents>)";

std::vector<ChatEvent> specEvents() {
  return {StatusEvent{1, std::string(chatStatus::kOk), ""}, PresenceEvent{2, "Mary", PresenceStatus::Joined},
          TypingEvent{3, "Mary", TypingStatus::Composing}, MessageEvent{5, "Mary", "How can I help?"}};
}

TEST(ChatEvents, MatchesSpecExample) { EXPECT_EQ(serializeChatEvents(specEvents()), compact(kSpecExample)); }

TEST(ChatEvents, EmptyIsSelfClosingLowerCaseRoot) { EXPECT_EQ(serializeChatEvents({}), "<chatEvents/>"); }

TEST(ChatEvents, ParsesSpecExample) {
  const Parsed<std::vector<ChatEvent>> r = parseChatEvents(kSpecExample);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, specEvents());
}

TEST(ChatEvents, RoundTripsEveryKind) {
  const std::vector<ChatEvent> events = {
      StatusEvent{1, std::string(chatStatus::kTimedOutWaitingForAgent), "No agent joined within 60 seconds"},
      PresenceEvent{7, "Bob <agent>", PresenceStatus::Left},
      TypingEvent{8, "Bob", TypingStatus::Paused},
      MessageEvent{9, "Zoë", "50% off & <free> shipping!\nReally ~ +1"},
  };
  const std::string xml = serializeChatEvents(events);
  EXPECT_THAT(xml,
              ::testing::HasSubstr("<body>50%25+off+%26+%3Cfree%3E+shipping%21%0AReally+%7E+%2B1</body>"));
  const Parsed<std::vector<ChatEvent>> r = parseChatEvents(xml);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, events);
  EXPECT_EQ(eventId(events[2]), 8);
}

TEST(ChatEvents, ParseSkipsUnknownAndReportsBadEvents) {
  const Parsed<std::vector<ChatEvent>> r = parseChatEvents(
      "<chatEvents><Other/><TypingEvent><id>2</id><status>Composing</status></TypingEvent>"
      "<MessageEvent><id>x</id><body>%G1</body></MessageEvent></chatEvents>");
  ASSERT_FALSE(r);
  EXPECT_THAT(kinds(r.problems()), ElementsAre(Kind{"invalidInput.invalidValue", "status"},
                                               Kind{"invalidInput.invalidValue", "id"},
                                               Kind{"invalidInput.invalidValue", "body"}));
}

TEST(ChatMessage, ReadsPlainText) {
  const Parsed<std::string> r = parseChatMessage("<Message><body>Hi, 50% &amp; more+</body></Message>");
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, "Hi, 50% & more+");
  EXPECT_EQ(parseChatMessage(serializeChatMessage("a < b & c")).value(), "a < b & c");
}

TEST(ChatMessage, StripsCharactersXmlCannotCarry) {
  // A control character, a vertical tab and U+FFFF, as string-building clients send them.
  const std::string text = std::string("a\x01") + "b\x0B" + "c\xEF\xBF\xBF" + "d & e";
  const Parsed<std::string> r = parseChatMessage("<Message><body>" + text + "</body></Message>");
  ASSERT_TRUE(r) << r.problems().front().errorMessage;
  EXPECT_EQ(*r, "abcd & e");
}

TEST(ChatMessage, MissingOrEmptyBodyIsRequired) {
  for (const char* body : {"<Message/>", "<Message><body/></Message>", "<Message><text>x</text></Message>"}) {
    const Parsed<std::string> r = parseChatMessage(body);
    ASSERT_FALSE(r) << body;
    EXPECT_EQ(r.problems(), (Problems{{"invalidInput.fieldRequired", "body", "body is required"}}));
  }
}

TEST(ChatMessage, LimitsLengthInCharacters) {
  std::string max;
  for (int i = 0; i < 10000; ++i) max += "\xC3\xA9";
  EXPECT_TRUE(parseChatMessage("<Message><body>" + max + "</body></Message>"));
  const Parsed<std::string> r = parseChatMessage("<Message><body>" + max + "x</body></Message>");
  ASSERT_FALSE(r);
  EXPECT_THAT(kinds(r.problems()), ElementsAre(Kind{"invalidInput.outOfRange", "body"}));
}

TEST(ChatMessage, WrongRootIsInvalid) {
  const Parsed<std::string> r = parseChatMessage("<message><body>x</body></message>");
  ASSERT_FALSE(r);
  EXPECT_THAT(kinds(r.problems()), ElementsAre(Kind{"invalidInput.invalidValue", "body"}));
}

TEST(TypingRequest, AcceptsComposingAndPausedOnly) {
  const Parsed<TypingRequest> composing =
      parseTypingRequest("<TypingEvent><from>x</from><status>composing</status></TypingEvent>");
  ASSERT_TRUE(composing);
  EXPECT_EQ(composing->status, TypingStatus::Composing);
  EXPECT_EQ(composing->from, "x");
  ASSERT_TRUE(parseTypingRequest("<TypingEvent><status>paused</status></TypingEvent>"));

  for (const char* status : {"Composing", "typing", ""}) {
    const Parsed<TypingRequest> r =
        parseTypingRequest("<TypingEvent><status>" + std::string(status) + "</status></TypingEvent>");
    ASSERT_FALSE(r) << status;
    EXPECT_THAT(kinds(r.problems()), ElementsAre(Kind{"invalidInput.invalidValue", "status"}));
  }
  const Parsed<TypingRequest> missing = parseTypingRequest("<TypingEvent><from>x</from></TypingEvent>");
  ASSERT_FALSE(missing);
  EXPECT_THAT(kinds(missing.problems()), ElementsAre(Kind{"invalidInput.fieldRequired", "status"}));
}

TEST(TypingRequest, RoundTrips) {
  const TypingRequest t{"Web Guest", TypingStatus::Paused};
  EXPECT_EQ(serializeTypingRequest(t),
            "<TypingEvent><from>Web Guest</from><status>paused</status></TypingEvent>");
  EXPECT_EQ(parseTypingRequest(serializeTypingRequest(t)).value(), t);
}

}  // namespace
}  // namespace smfront::ccp
