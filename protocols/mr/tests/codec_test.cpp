#include "mr/codec.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "wire.hpp"

namespace smfront::mr {
namespace {

using testing::be16;
using testing::be32;
using testing::frameOf;
using testing::splitFrames;

const TaskId kTask{150000, 42, 1};

NewTask fullNewTask() {
  NewTask m;
  m.dialogue = {7, 1};
  m.invokeId = 12;
  m.mrDomainId = 1;
  m.previousTask = kTask;
  m.reason = TaskReason::Recovery;
  m.scriptSelector = "TaskDN";
  m.dialedNumber = "8000";
  m.text = "Help with my order";
  m.ani = "+1 555 0100";
  m.applicationString1 = "0123456789abcdef0123456789abcdef";
  m.applicationString2 = "callback";
  for (std::size_t i = 0; i < kCallVariableCount; ++i) m.callVariables[i] = "call variable value";
  m.namedVariables = {{"customerTier", "gold"}, {"language", "en"}};
  m.namedArrays = {{0, "items", "book"}, {3, "items", "pen"}};
  return m;
}

DoThisWithTask fullDoThisWithTask() {
  DoThisWithTask m;
  m.dialogue = {7, 3};
  m.taskId = kTask;
  m.peripheralId = 5000;
  m.icmAgentId = 5001;
  m.skillGroupId = 77;
  m.serviceId = kNone;
  m.label = "mary";
  m.agentId = "1001";
  m.callVariables[0] = "first";
  m.callVariables[9] = "tenth";
  m.namedVariables = {{"wrapup", "none"}};
  m.namedArrays = {{255, "arr", ""}};
  return m;
}

// One sample of every message of the table, every field set.
std::vector<Message> everyMessage() {
  return {
      FailureConf{3, ErrorCode::InvalidFieldTag},
      FailureEvent{ErrorCode::InvalidMessage, "bad length"},
      OpenReq{1, 1, 20, 5000},
      OpenConf{1, ErrorCode::NoError},
      HeartbeatReq{9},
      HeartbeatConf{9},
      CloseReq{4, ErrorCode::NoError, "shutting down"},
      CloseConf{4},
      fullNewTask(),
      NewTaskConf{{7, 1}, 12, kTask},
      TaskQueuedEvent{{7, 2}, kTask, 90},
      fullDoThisWithTask(),
      DialogueFailureEvent{{8, 2}, ErrorCode::NoScript, "no script for TaskDN"},
      DialogueFailureConf{{9, 1}, 13, ErrorCode::InvalidMrdId},
      CancelTask{{9, 2}, 15},
      CancelTaskConf{{9, 1}, 15, ErrorCode::OperationNotCancelled},
      RoutingStatusEvent{false},
  };
}

class RoundTrip : public ::testing::TestWithParam<FloatWidth> {};

TEST_P(RoundTrip, EveryMessageDecodesToWhatWasEncoded) {
  const CodecOptions options{GetParam()};
  const std::vector<Message> messages = everyMessage();
  ASSERT_EQ(messages.size(), std::size(kMessages));
  std::string bytes;
  for (const Message& m : messages) {
    EncodeReport report;
    encode(m, bytes, options, &report);
    EXPECT_TRUE(report.clean()) << messageName(typeOf(m));
  }
  const std::vector<Frame> frames = splitFrames(bytes);
  ASSERT_EQ(frames.size(), messages.size());
  for (std::size_t i = 0; i < frames.size(); ++i) {
    SCOPED_TRACE(messageName(typeOf(messages[i])));
    EXPECT_EQ(frames[i].type, static_cast<std::uint32_t>(typeOf(messages[i])));
    Message decoded;
    const DecodeStatus status = decode(frames[i], decoded, options);
    ASSERT_TRUE(status.ok()) << status.reason;
    EXPECT_EQ(decoded, messages[i]);
  }
}

TEST_P(RoundTrip, TypedDecodeReusesTheMessage) {
  const CodecOptions options{GetParam()};
  std::string bytes;
  encode(fullNewTask(), bytes, options);
  NewTask decoded = fullNewTask();
  decoded.namedVariables.push_back({"stale", "x"});
  decoded.text = "stale";
  ASSERT_TRUE(decode(splitFrames(bytes)[0], decoded, options).ok());
  EXPECT_EQ(decoded, fullNewTask());

  NewTask sparse;
  sparse.scriptSelector = "Sel";
  bytes.clear();
  encode(sparse, bytes, options);
  ASSERT_TRUE(decode(splitFrames(bytes)[0], decoded, options).ok());
  EXPECT_EQ(decoded, sparse) << "floats of the previous message must not survive";
}

INSTANTIATE_TEST_SUITE_P(Widths, RoundTrip, ::testing::Values(FloatWidth::TwoTwo, FloatWidth::OneOne),
                         [](const auto& info) { return info.param == FloatWidth::TwoTwo ? "TwoTwo" : "OneOne"; });

TEST(Encode, OpenReqIsHeaderThenFixedPartBigEndian) {
  std::string bytes;
  encode(OpenReq{1, 1, 20, 5000}, bytes);
  EXPECT_EQ(bytes, be32(16) + be32(3) + be32(1) + be32(1) + be32(20) + be32(5000));
}

TEST(Encode, AppendsToWhatIsThere) {
  std::string bytes = "xy";
  encode(HeartbeatConf{5}, bytes);
  EXPECT_EQ(bytes, "xy" + be32(4) + be32(6) + be32(5));
}

TEST(Encode, DialogueHeaderComesFirstAndBoolIsFourBytes) {
  std::string bytes;
  encode(CancelTask{{9, 2}, 15}, bytes);
  EXPECT_EQ(bytes, be32(12) + be32(26) + be32(9) + be32(2) + be32(15));
  bytes.clear();
  encode(RoutingStatusEvent{true}, bytes);
  EXPECT_EQ(bytes, be32(4) + be32(28) + be32(1));
}

TEST(Encode, StringsCarryTheirNulInTheLength) {
  DoThisWithTask m;
  m.label = "mary";
  std::string bytes;
  encode(m, bytes);
  // Dialogue header 8 + fixed 28, then Label: tag 300, length 5, "mary\0".
  EXPECT_EQ(bytes.substr(kHeaderBytes + 36), be16(300) + be16(5) + std::string("mary\0", 5));
  bytes.clear();
  encode(m, bytes, {FloatWidth::OneOne});
  EXPECT_EQ(bytes.substr(kHeaderBytes + 36), std::string("\x22\x05mary\0", 7)) << "Label is tag 34 in 1+1";
}

TEST(Encode, NamedVariableIsNameNulValueNul) {
  NewTask m;
  m.scriptSelector = "S";
  m.namedVariables = {{"ab", "cd"}};
  m.namedArrays = {{2, "x", "y"}};
  std::string bytes;
  encode(m, bytes);
  const std::string floats = bytes.substr(kHeaderBytes + 8 + 24);
  EXPECT_EQ(floats, be16(99) + be16(2) + std::string("S\0", 2) + be16(82) + be16(6) + std::string("ab\0cd\0", 6) +
                        be16(83) + be16(5) + std::string("\x02x\0y\0", 5));
}

TEST(Encode, EmptyStringsAreNotSent) {
  NewTask m;
  m.dialedNumber = "8000";
  std::string bytes;
  encode(m, bytes);
  EXPECT_EQ(bytes.size(), kHeaderBytes + 8 + 24 + 4 + 5);
}

TEST(Encode, RepairsNonAsciiAndOverlongStrings) {
  NewTask m;
  m.scriptSelector = std::string_view("Sel\xC3\xA9\n");
  const std::string longVariable(60, 'v');
  m.callVariables[0] = longVariable;
  EncodeReport report;
  std::string bytes;
  encode(m, bytes, {}, &report);
  EXPECT_EQ(report.replaced, 3u);
  EXPECT_EQ(report.truncated, 1u);
  NewTask decoded;
  ASSERT_TRUE(decode(splitFrames(bytes)[0], decoded).ok());
  EXPECT_EQ(decoded.scriptSelector, "Sel???");
  EXPECT_EQ(decoded.callVariables[0], std::string(40, 'v'));
}

TEST(Encode, DropsNamedDataBeyondTwoThousandBytes) {
  NewTask m;
  m.scriptSelector = "S";
  const std::string value(200, 'x');
  // Each item is "vNN\0" + 200 + NUL = 205 bytes: nine fit in 2000, the tenth does not.
  std::vector<std::string> names;
  for (int i = 0; i < 12; ++i) names.push_back("v" + std::to_string(10 + i));
  for (const auto& name : names) m.namedVariables.push_back({name, value});
  EncodeReport report;
  std::string bytes;
  encode(m, bytes, {}, &report);
  EXPECT_EQ(report.droppedVariables, 3u);
  NewTask decoded;
  ASSERT_TRUE(decode(splitFrames(bytes)[0], decoded).ok());
  EXPECT_EQ(decoded.namedVariables.size(), 9u);
}

TEST(Encode, TruncatesVariableNamesAndValues) {
  NewTask m;
  m.scriptSelector = "S";
  const std::string name(40, 'n');
  const std::string value(250, 'v');
  m.namedVariables = {{name, value}};
  EncodeReport report;
  std::string bytes;
  encode(m, bytes, {}, &report);
  EXPECT_EQ(report.truncated, 2u);
  NewTask decoded;
  ASSERT_TRUE(decode(splitFrames(bytes)[0], decoded).ok());
  ASSERT_EQ(decoded.namedVariables.size(), 1u);
  EXPECT_EQ(decoded.namedVariables[0].name.size(), 32u);
  EXPECT_EQ(decoded.namedVariables[0].value.size(), 210u);
}

// ---------------------------------------------------------------------------------------------
// Validation rules (spec §8.3, §8.4, §8.6)

// Body of a DO_THIS_WITH_TASK up to its floats.
std::string doThisHead() {
  return be32(7) + be32(3) + be32(1) + be32(2) + be32(3) + be32(5000) + be32(5001) + be32(1) + be32(2);
}
std::string labelMary() { return be16(300) + be16(5) + std::string("mary\0", 5); }

DecodeStatus decodeFrame(std::uint32_t type, const std::string& body, CodecOptions options = {}) {
  Message m;
  return decode(Frame{type, body}, m, options);
}

TEST(Decode, AcceptsAHandMadeDoThisWithTask) {
  Message m;
  const std::string body = doThisHead() + labelMary();
  ASSERT_TRUE(decode(Frame{23, body}, m).ok());
  const auto& d = std::get<DoThisWithTask>(m);
  EXPECT_EQ(d.dialogue, (DialogueHeader{7, 3}));
  EXPECT_EQ(d.taskId, (TaskId{1, 2, 3}));
  EXPECT_EQ(d.label, "mary");
}

TEST(Decode, UnknownMessageTypeIsInvalidMessage) {
  const DecodeStatus s = decodeFrame(99, be32(1));
  EXPECT_EQ(s.code, ErrorCode::InvalidMessage);
  EXPECT_EQ(s.type, 99u);
  EXPECT_FALSE(s.invokeId) << "unknown types are answered with FAILURE_EVENT";
}

TEST(Decode, BodyShorterThanTheFixedPart) {
  DecodeStatus s = decodeFrame(3, be32(5) + be32(1) + be32(20));
  EXPECT_EQ(s.code, ErrorCode::InvalidMessage);
  EXPECT_EQ(s.invokeId, 5u) << "InvokeID is read when the body reaches it";
  s = decodeFrame(5, "");
  EXPECT_EQ(s.code, ErrorCode::InvalidMessage);
  EXPECT_FALSE(s.invokeId);
  s = decodeFrame(20, be32(7) + be32(1) + be32(12));
  EXPECT_EQ(s.code, ErrorCode::InvalidMessage);
  EXPECT_EQ(s.dialogueId, 7u);
  EXPECT_EQ(s.invokeId, 12u);
}

TEST(Decode, FloatRunningPastTheEnd) {
  EXPECT_EQ(decodeFrame(23, doThisHead() + be16(300) + be16(6) + std::string("mary\0", 5)).code,
            ErrorCode::InvalidMessage);
  EXPECT_EQ(decodeFrame(23, doThisHead() + labelMary() + be16(5)).code, ErrorCode::InvalidMessage)
      << "truncated float header";
}

TEST(Decode, StringOverItsLimit) {
  const std::string agent12 = "12345678901";  // 11 chars + NUL = 12: the limit
  EXPECT_TRUE(decodeFrame(23, doThisHead() + labelMary() + be16(5) + be16(12) + agent12 + '\0').ok());
  EXPECT_EQ(decodeFrame(23, doThisHead() + labelMary() + be16(5) + be16(13) + agent12 + "2" + '\0').code,
            ErrorCode::InvalidMessage);
  EXPECT_EQ(decodeFrame(23, doThisHead() + labelMary() + be16(5) + be16(12) + agent12 + "2").code,
            ErrorCode::InvalidMessage)
      << "a missing NUL still counts against the limit";
}

TEST(Decode, MissingNulIsAccepted) {
  Message m;
  const std::string body = doThisHead() + be16(300) + be16(4) + "mary";
  ASSERT_TRUE(decode(Frame{23, body}, m).ok());
  EXPECT_EQ(std::get<DoThisWithTask>(m).label, "mary");
}

TEST(Decode, NonPrintableBytesAreRejected) {
  for (const std::string& bad : {std::string("ma\xE9y\0", 5), std::string("ma\ny\0", 5), std::string("ma\0y\0", 5)}) {
    EXPECT_EQ(decodeFrame(23, doThisHead() + be16(300) + be16(5) + bad).code, ErrorCode::InvalidMessage);
  }
}

TEST(Decode, EveryByteOfALongStringIsChecked) {
  // Strings are checked eight bytes at a time: put each bad byte at every position.
  for (const char bad : {'\x00', '\x1F', '\x7F', '\x80', '\xFF'}) {
    for (std::size_t at = 0; at < 20; ++at) {
      std::string label(20, 'a');
      label[at] = bad;
      const std::string body = doThisHead() + be16(300) + be16(21) + label + '\0';
      EXPECT_EQ(decodeFrame(23, body).code, ErrorCode::InvalidMessage) << int(bad) << " at " << at;
    }
  }
  for (const char good : {' ', '~'}) {
    const std::string label(20, good);
    EXPECT_TRUE(decodeFrame(23, doThisHead() + be16(300) + be16(21) + label + '\0').ok());
  }
}

TEST(Decode, RepeatedNonRepeatableTag) {
  EXPECT_EQ(decodeFrame(23, doThisHead() + labelMary() + labelMary()).code, ErrorCode::InvalidMessage);
}

TEST(Decode, NamedDataMayRepeat) {
  const std::string var = be16(82) + be16(4) + std::string("a\0b\0", 4);
  Message m;
  const std::string body = doThisHead() + labelMary() + var + var + var;
  ASSERT_TRUE(decode(Frame{23, body}, m).ok());
  EXPECT_EQ(std::get<DoThisWithTask>(m).namedVariables.size(), 3u);
}

TEST(Decode, UnknownTagIsInvalidFieldTag) {
  const DecodeStatus s = decodeFrame(23, doThisHead() + labelMary() + be16(250) + be16(1) + "x");
  EXPECT_EQ(s.code, ErrorCode::InvalidFieldTag);
  EXPECT_FALSE(s.invokeId) << "DO_THIS_WITH_TASK has no InvokeID: FAILURE_EVENT";
  const DecodeStatus conf = decodeFrame(21, be32(7) + be32(1) + be32(12) + be32(1) + be32(2) + be32(3) +
                                                be16(7) + be16(2) + std::string("x\0", 2));
  EXPECT_EQ(conf.code, ErrorCode::InvalidFieldTag) << "Text is not a float of NEW_TASK_CONF";
  EXPECT_EQ(conf.invokeId, 12u);
}

TEST(Decode, LabelUsesItsNarrowTagInOneOneMode) {
  const CodecOptions narrow{FloatWidth::OneOne};
  EXPECT_TRUE(decodeFrame(23, doThisHead() + std::string("\x22\x05mary\0", 7), narrow).ok());
  EXPECT_FALSE(decodeFrame(23, doThisHead() + labelMary(), narrow).ok()) << "2+2 floats do not parse as 1+1";
  EXPECT_EQ(decodeFrame(23, doThisHead() + be16(34) + be16(5) + std::string("mary\0", 5)).code,
            ErrorCode::InvalidFieldTag)
      << "34 is only Label in 1+1";
}

TEST(Decode, RequiredFloatMissing) {
  EXPECT_EQ(decodeFrame(23, doThisHead()).code, ErrorCode::InvalidMessage) << "Label is required";
  EXPECT_EQ(decodeFrame(23, doThisHead() + be16(300) + be16(1) + std::string(1, '\0')).code,
            ErrorCode::InvalidMessage)
      << "an empty Label counts as absent";
  const std::string newTaskHead = be32(7) + be32(1) + be32(12) + be32(1) + be32(kNone) + be32(kNone) +
                                  be32(kNone) + be32(0);
  EXPECT_EQ(decodeFrame(20, newTaskHead).code, ErrorCode::InvalidMessage) << "ScriptSelector or DialedNumber";
  EXPECT_TRUE(decodeFrame(20, newTaskHead + be16(11) + be16(5) + std::string("8000\0", 5)).ok());
  EXPECT_TRUE(decodeFrame(20, newTaskHead + be16(99) + be16(4) + std::string("Sel\0", 4)).ok());
}

TEST(Decode, ScriptSelectorOverThirtyTwoCharacters) {
  const std::string newTaskHead = be32(7) + be32(1) + be32(12) + be32(1) + be32(kNone) + be32(kNone) +
                                  be32(kNone) + be32(0);
  const std::string ok(32, 's');
  EXPECT_TRUE(decodeFrame(20, newTaskHead + be16(99) + be16(33) + ok + '\0').ok());
  EXPECT_EQ(decodeFrame(20, newTaskHead + be16(99) + be16(34) + ok + "s" + '\0').code, ErrorCode::InvalidMessage);
}

TEST(Decode, NamedDataOverTwoThousandBytes) {
  const std::string value(200, 'x');
  std::string floats = labelMary();
  // 10 x 205 = 2050 bytes of named data.
  for (int i = 0; i < 10; ++i) floats += be16(82) + be16(205) + "v" + std::to_string(10 + i) + '\0' + value + '\0';
  EXPECT_EQ(decodeFrame(23, doThisHead() + floats).code, ErrorCode::InvalidMessage);
}

TEST(Decode, MalformedNamedData) {
  const auto withVariable = [](std::string data) {
    return doThisHead() + labelMary() + be16(82) + be16(static_cast<std::uint32_t>(data.size())) + data;
  };
  EXPECT_TRUE(decodeFrame(23, withVariable(std::string("a\0b", 3))).ok()) << "the value's NUL may be missing";
  EXPECT_EQ(decodeFrame(23, withVariable("ab")).code, ErrorCode::InvalidMessage) << "no NUL after the name";
  EXPECT_EQ(decodeFrame(23, withVariable(std::string("\0b\0", 3))).code, ErrorCode::InvalidMessage)
      << "empty name";
  EXPECT_EQ(decodeFrame(23, withVariable(std::string(33, 'n') + '\0' + "v" + '\0')).code,
            ErrorCode::InvalidMessage)
      << "name over 32 characters";
  EXPECT_EQ(decodeFrame(23, withVariable(std::string("a\0b\0c\0", 6))).code, ErrorCode::InvalidMessage)
      << "a NUL inside the value";
  EXPECT_EQ(decodeFrame(23, doThisHead() + labelMary() + be16(83) + be16(0)).code, ErrorCode::InvalidMessage)
      << "NamedArray without its index";
}

TEST(Decode, TypedDecodeOfAnotherTypeIsInvalidMessage) {
  std::string bytes;
  encode(HeartbeatReq{4}, bytes);
  HeartbeatConf conf;
  const DecodeStatus s = decode(splitFrames(bytes)[0], conf);
  EXPECT_EQ(s.code, ErrorCode::InvalidMessage);
  EXPECT_EQ(s.invokeId, 4u);
}

TEST(Decode, EstimatedWaitNoneAndTaskIdNone) {
  std::string bytes;
  encode(TaskQueuedEvent{{1, 2}, TaskId{}, kNone}, bytes);
  TaskQueuedEvent m;
  ASSERT_TRUE(decode(splitFrames(bytes)[0], m).ok());
  EXPECT_TRUE(m.taskId.none());
  EXPECT_EQ(m.estimatedWaitTime, kNone);
}

}  // namespace
}  // namespace smfront::mr
