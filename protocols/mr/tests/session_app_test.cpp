#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "mr/link.hpp"
#include "mr/session.hpp"
#include "wire.hpp"

namespace smfront::mr {
namespace {

using namespace std::chrono_literals;
using testing::as;
using testing::find;
using testing::Wire;

const TimePoint t0{std::chrono::hours(1000)};
const TaskId kTask{150000, 42, 0};

// The application (smfront) end, driven message by message as the PIM would.
class AppSession : public ::testing::Test {
 protected:
  AppSession() : session(SessionOptions{}, t0) {}

  void open(std::uint32_t idle = 20) {
    testing::receive(session, OpenReq{1, kVersionNumber, idle, 5000}, t0);
    ASSERT_EQ(session.state(), LinkState::Open);
    wire.take(session);
    session.clearEvents();
  }

  std::uint32_t start(TimePoint now = t0) {
    NewTask task;
    task.scriptSelector = "TaskDN";
    const auto id = session.startTask(task, now);
    EXPECT_TRUE(id);
    wire.take(session);
    return id.value_or(0);
  }

  Session session;
  Wire wire;
};

TEST_F(AppSession, OpenReqIsAnsweredWithOpenConf) {
  EXPECT_EQ(session.state(), LinkState::Connected);
  EXPECT_EQ(session.nextDeadline(), t0 + 20s);
  testing::receive(session, OpenReq{1, 1, 20, 5000}, t0 + 1s);
  const auto out = wire.take(session);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(as<OpenConf>(out[0]), (OpenConf{1, ErrorCode::NoError}));
  EXPECT_EQ(session.state(), LinkState::Open);
  const auto* opened = find<event::Opened>(session.events());
  ASSERT_NE(opened, nullptr);
  EXPECT_EQ(opened->peripheralId, 5000u);
  EXPECT_EQ(opened->idleTimeoutSeconds, 20u);
  EXPECT_TRUE(session.routingAvailable());
  EXPECT_EQ(session.nextDeadline(), t0 + 21s) << "idle check from the last message";
}

TEST_F(AppSession, OtherVersionIsRefusedAndClosed) {
  testing::receive(session, OpenReq{1, 2, 20, 5000}, t0);
  const auto out = wire.take(session);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(as<FailureConf>(out[0]), (FailureConf{1, ErrorCode::InvalidVersion}));
  EXPECT_EQ(session.closeDecision(), CloseReason::InvalidVersion);
  EXPECT_EQ(session.state(), LinkState::Closed);
}

TEST_F(AppSession, TrafficBeforeOpenIsSessionNotActive) {
  testing::receive(session, HeartbeatReq{4}, t0);
  NewTaskConf conf{{1, 1}, 9, kTask};
  testing::receive(session, conf, t0);
  testing::receive(session, RoutingStatusEvent{true}, t0);
  const auto out = wire.take(session);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(as<FailureConf>(out[0]), (FailureConf{4, ErrorCode::SessionNotActive}));
  EXPECT_EQ(as<FailureConf>(out[1]), (FailureConf{9, ErrorCode::SessionNotActive}));
  EXPECT_EQ(as<FailureEvent>(out[2]).status, ErrorCode::SessionNotActive) << "no InvokeID: FAILURE_EVENT";
  EXPECT_EQ(session.state(), LinkState::Connected) << "answered, not closed";
}

TEST_F(AppSession, NoOpenReqWithinTwentySecondsCloses) {
  session.tick(t0 + 19s);
  EXPECT_FALSE(session.closeDecision());
  session.tick(t0 + 20s);
  EXPECT_EQ(session.closeDecision(), CloseReason::OpenTimeout);
  EXPECT_NE(find<event::Closed>(session.events()), nullptr);
  EXPECT_EQ(session.nextDeadline(), TimePoint::max());
}

TEST_F(AppSession, SecondOpenReqIsRefusedButTheSessionKept) {
  open();
  testing::receive(session, OpenReq{2, 1, 20, 5000}, t0);
  const auto out = wire.take(session);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(as<FailureConf>(out[0]), (FailureConf{2, ErrorCode::SessionAlreadyActive}));
  EXPECT_EQ(session.state(), LinkState::Open);
}

TEST_F(AppSession, SecondPeerIsRefusedAndClosed) {
  session.setPeerSessionActive(true);
  testing::receive(session, OpenReq{1, 1, 20, 5000}, t0);
  const auto out = wire.take(session);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(as<FailureConf>(out[0]), (FailureConf{1, ErrorCode::SessionAlreadyActive}));
  EXPECT_EQ(session.closeDecision(), CloseReason::SessionAlreadyActive);
}

TEST_F(AppSession, HeartbeatIsEchoed) {
  open();
  testing::receive(session, HeartbeatReq{77}, t0 + 5s);
  const auto out = wire.take(session);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(as<HeartbeatConf>(out[0]).invokeId, 77u);
}

TEST_F(AppSession, IdleTimeoutDropsTheLinkAndItsDialogues) {
  open(20);
  const auto a = start();
  const auto b = start();
  testing::receive(session, HeartbeatReq{2}, t0 + 10s);
  session.tick(t0 + 29s);
  EXPECT_FALSE(session.closeDecision());
  EXPECT_EQ(session.nextDeadline(), t0 + 30s);
  session.tick(t0 + 30s);
  EXPECT_EQ(session.closeDecision(), CloseReason::IdleTimeout);
  std::vector<std::uint32_t> lost;
  for (const Event& e : session.events()) {
    if (const auto* ended = std::get_if<event::DialogueEnded>(&e)) {
      EXPECT_EQ(ended->code, ErrorCode::PgOffline);
      EXPECT_EQ(ended->how, DialogueEnd::LinkLost);
      lost.push_back(ended->dialogueId);
    }
  }
  EXPECT_EQ(lost, (std::vector<std::uint32_t>{a, b}));
}

TEST_F(AppSession, IdleTimeoutZeroMeansTwentyAndNoneMeansNoCheck) {
  open(0);
  EXPECT_EQ(session.nextDeadline(), t0 + 20s);
  Session quiet(SessionOptions{}, t0);
  testing::receive(quiet, OpenReq{1, 1, kNone, 5000}, t0);
  EXPECT_EQ(quiet.nextDeadline(), TimePoint::max());
  quiet.tick(t0 + 10h);
  EXPECT_EQ(quiet.state(), LinkState::Open);
  EXPECT_FALSE(find<event::Opened>(quiet.events())->idleTimeoutSeconds);
}

TEST_F(AppSession, NewTaskNeedsAnOpenSession) {
  NewTask task;
  task.scriptSelector = "S";
  EXPECT_FALSE(session.startTask(task, t0));
  EXPECT_TRUE(session.outbox().empty());
}

TEST_F(AppSession, NewTaskGetsIncreasingDialoguesAndInvokeIds) {
  open();
  NewTask task;
  task.scriptSelector = "TaskDN";
  task.callVariables[0] = "cv1";
  ASSERT_EQ(session.startTask(task, t0), 1u);
  ASSERT_EQ(session.startTask(task, t0), 2u);
  const auto out = wire.take(session);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(as<NewTask>(out[0]).dialogue, (DialogueHeader{1, 1}));
  EXPECT_EQ(as<NewTask>(out[0]).invokeId, 1u);
  EXPECT_EQ(as<NewTask>(out[1]).dialogue, (DialogueHeader{2, 1}));
  EXPECT_EQ(as<NewTask>(out[1]).invokeId, 2u);
  EXPECT_EQ(as<NewTask>(out[1]).callVariables[0], "cv1");
  EXPECT_EQ(session.openDialogues(), 2u);
}

TEST_F(AppSession, RoutedDialogue) {
  open();
  const auto id = start();
  testing::receive(session, NewTaskConf{{id, 1}, 1, kTask}, t0);
  testing::receive(session, TaskQueuedEvent{{id, 2}, kTask, kNone}, t0);
  DoThisWithTask result;
  result.dialogue = {id, 3};
  result.taskId = kTask;
  result.label = "mary";
  testing::receive(session, result, t0);
  const auto& events = session.events();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(std::get<event::TaskAccepted>(events[0]).taskId, kTask);
  EXPECT_FALSE(std::get<event::TaskQueued>(events[1]).estimatedWaitSeconds) << "none = unknown";
  const auto& routed = std::get<event::TaskRouted>(events[2]);
  EXPECT_EQ(routed.message->label, "mary");
  EXPECT_FALSE(routed.cancelRequested);
  EXPECT_FALSE(session.hasDialogue(id));
  EXPECT_TRUE(session.outbox().empty());
}

TEST_F(AppSession, DialogueFailures) {
  open();
  const auto a = start();
  const auto b = start();
  testing::receive(session, DialogueFailureEvent{{a, 1}, ErrorCode::NoScript, "no script"}, t0);
  testing::receive(session, DialogueFailureConf{{b, 1}, 2, ErrorCode::InvalidMrdId}, t0);
  const auto& events = session.events();
  ASSERT_EQ(events.size(), 2u);
  const auto& failed = std::get<event::DialogueEnded>(events[0]);
  EXPECT_EQ(failed.how, DialogueEnd::Failed);
  EXPECT_EQ(failed.code, ErrorCode::NoScript);
  EXPECT_EQ(failed.text, "no script");
  const auto& rejected = std::get<event::DialogueEnded>(events[1]);
  EXPECT_EQ(rejected.how, DialogueEnd::Rejected);
  EXPECT_EQ(rejected.code, ErrorCode::InvalidMrdId);
  EXPECT_EQ(session.openDialogues(), 0u);
}

TEST_F(AppSession, FailureConfToNewTaskEndsTheDialogue) {
  open();
  const auto id = start();
  testing::receive(session, FailureConf{1, ErrorCode::InvalidFieldTag}, t0);
  const auto* ended = find<event::DialogueEnded>(session.events());
  ASSERT_NE(ended, nullptr);
  EXPECT_EQ(ended->dialogueId, id);
  EXPECT_EQ(ended->code, ErrorCode::InvalidFieldTag);
  EXPECT_EQ(ended->how, DialogueEnd::Rejected);
}

TEST_F(AppSession, UnknownDialogueIsAnsweredWithFailureEvent) {
  open();
  testing::receive(session, NewTaskConf{{99, 1}, 5, kTask}, t0);
  const auto out = wire.take(session);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(as<FailureEvent>(out[0]).status, ErrorCode::InvalidDialogueId);
  EXPECT_EQ(find<event::Violation>(session.events())->code, ErrorCode::InvalidDialogueId);
}

TEST_F(AppSession, SequenceGapIsReportedNotFatal) {
  open();
  const auto id = start();
  testing::receive(session, TaskQueuedEvent{{id, 3}, kTask, 30}, t0);
  const auto* gap = find<event::SequenceGap>(session.events());
  ASSERT_NE(gap, nullptr);
  EXPECT_EQ(gap->expected, 1u);
  EXPECT_EQ(gap->received, 3u);
  EXPECT_EQ(find<event::TaskQueued>(session.events())->estimatedWaitSeconds, 30u);
  EXPECT_TRUE(session.hasDialogue(id));
}

TEST_F(AppSession, CancelAccepted) {
  open();
  const auto id = start();
  ASSERT_TRUE(session.cancelTask(id, t0));
  const auto out = wire.take(session);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(as<CancelTask>(out[0]), (CancelTask{{id, 2}, 2}));
  testing::receive(session, CancelTaskConf{{id, 1}, 2, ErrorCode::NoError}, t0);
  const auto* ended = find<event::DialogueEnded>(session.events());
  ASSERT_NE(ended, nullptr);
  EXPECT_EQ(ended->how, DialogueEnd::Cancelled);
  EXPECT_FALSE(session.cancelTask(id, t0)) << "no longer open";
}

TEST_F(AppSession, CancelTooLateThenResultIsFlagged) {
  open();
  const auto id = start();
  session.cancelTask(id, t0);
  testing::receive(session, CancelTaskConf{{id, 1}, 2, ErrorCode::OperationNotCancelled}, t0);
  EXPECT_NE(find<event::CancelTooLate>(session.events()), nullptr);
  EXPECT_TRUE(session.hasDialogue(id));
  DoThisWithTask result;
  result.dialogue = {id, 2};
  result.label = "john";
  testing::receive(session, result, t0);
  const auto* routed = find<event::TaskRouted>(session.events());
  ASSERT_NE(routed, nullptr);
  EXPECT_TRUE(routed->cancelRequested);
}

TEST_F(AppSession, CancelCrossingTheResultIsNoError) {
  open();
  const auto id = start();
  session.cancelTask(id, t0);
  wire.take(session);
  DoThisWithTask result;
  result.dialogue = {id, 1};
  result.label = "john";
  testing::receive(session, result, t0);
  EXPECT_TRUE(find<event::TaskRouted>(session.events())->cancelRequested);
  testing::receive(session, CancelTaskConf{{id, 2}, 2, ErrorCode::OperationNotCancelled}, t0);
  EXPECT_TRUE(session.outbox().empty()) << "the late answer is expected";
  EXPECT_EQ(find<event::Violation>(session.events()), nullptr);
}

TEST_F(AppSession, RoutingStatusIsTracked) {
  open();
  testing::receive(session, RoutingStatusEvent{false}, t0);
  EXPECT_FALSE(session.routingAvailable());
  EXPECT_EQ(find<event::RoutingStatus>(session.events())->available, false);
  testing::receive(session, RoutingStatusEvent{true}, t0);
  EXPECT_TRUE(session.routingAvailable());
}

TEST_F(AppSession, PeerCloseIsConfirmed) {
  open();
  const auto id = start();
  testing::receive(session, CloseReq{9, ErrorCode::NoError, {}}, t0);
  const auto out = wire.take(session);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(as<CloseConf>(out[0]).invokeId, 9u);
  EXPECT_EQ(session.closeDecision(), CloseReason::PeerClosed);
  EXPECT_EQ(find<event::DialogueEnded>(session.events())->dialogueId, id);
}

TEST_F(AppSession, OwnCloseWaitsForCloseConf) {
  open();
  session.close(t0);
  auto out = wire.take(session);
  ASSERT_EQ(out.size(), 1u);
  const auto invoke = as<CloseReq>(out[0]).invokeId;
  EXPECT_EQ(session.state(), LinkState::Closing);
  EXPECT_EQ(session.nextDeadline(), t0 + 5s);
  testing::receive(session, HeartbeatReq{3}, t0 + 1s);
  EXPECT_EQ(wire.take(session).size(), 1u) << "still answered while closing";
  testing::receive(session, CloseConf{invoke}, t0 + 1s);
  EXPECT_EQ(session.closeDecision(), CloseReason::Closed);
}

TEST_F(AppSession, OwnCloseTimesOut) {
  open();
  session.close(t0);
  session.tick(t0 + 5s);
  EXPECT_EQ(session.closeDecision(), CloseReason::CloseTimeout);
}

TEST_F(AppSession, WrongDirectionIsInvalidMessage) {
  open();
  NewTask task;
  task.dialogue = {1, 1};
  task.invokeId = 5;
  task.scriptSelector = "S";
  testing::receive(session, task, t0);
  const auto out = wire.take(session);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(as<FailureConf>(out[0]), (FailureConf{5, ErrorCode::InvalidMessage}));
}

TEST_F(AppSession, DisconnectEndsEverything) {
  open();
  start();
  session.disconnected(t0);
  EXPECT_EQ(session.closeDecision(), CloseReason::Disconnected);
  EXPECT_NE(find<event::DialogueEnded>(session.events()), nullptr);
  testing::receive(session, HeartbeatReq{1}, t0);
  EXPECT_TRUE(session.outbox().empty()) << "a closed session says nothing";
}

// ---------------------------------------------------------------------------------------------
// Through Link: bytes in, any chunking.

std::string pimBytes(CodecOptions options) {
  std::string bytes;
  encode(OpenReq{1, 1, 20, 5000}, bytes, options);
  encode(RoutingStatusEvent{true}, bytes, options);
  encode(HeartbeatReq{2}, bytes, options);
  return bytes;
}

TEST(AppLink, ChunkedBytesDriveTheSession) {
  for (const FloatWidth width : {FloatWidth::TwoTwo, FloatWidth::OneOne}) {
    SessionOptions options;
    options.codec.floatWidth = width;
    Link link(options, t0);
    const std::string bytes = pimBytes(options.codec);
    std::vector<MessageType> seen;
    for (const char c : bytes) {
      link.feed(std::string_view(&c, 1));
      while (link.next(t0)) {
        ASSERT_TRUE(link.lastStatus().ok());
        seen.push_back(typeOf(link.lastMessage()));
      }
    }
    EXPECT_EQ(seen, (std::vector<MessageType>{MessageType::OpenReq, MessageType::RoutingStatusEvent,
                                              MessageType::HeartbeatReq}));
    Wire wire(options.codec);
    const auto out = wire.take(link.session());
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(as<HeartbeatConf>(out[1]).invokeId, 2u);
  }
}

TEST(AppLink, GarbageIsAnsweredAndSkipped) {
  Link link(SessionOptions{}, t0);
  std::string bytes = pimBytes({});
  bytes += testing::frameOf(99, "junk");
  bytes += testing::frameOf(5, testing::be32(8) + testing::be16(7) + testing::be16(2) + std::string("x\0", 2));
  encode(HeartbeatReq{9}, bytes);
  link.feed(bytes);
  while (link.next(t0)) {
  }
  Wire wire;
  const auto out = wire.take(link.session());
  ASSERT_EQ(out.size(), 5u);
  EXPECT_EQ(as<FailureEvent>(out[2]).status, ErrorCode::InvalidMessage) << "unknown type";
  EXPECT_EQ(as<FailureConf>(out[3]), (FailureConf{8, ErrorCode::InvalidFieldTag})) << "HEARTBEAT_REQ has no floats";
  EXPECT_EQ(as<HeartbeatConf>(out[4]).invokeId, 9u) << "the link goes on";
  EXPECT_EQ(link.session().state(), LinkState::Open);
}

TEST(AppLink, OverlongFrameClosesTheLink) {
  Link link(SessionOptions{}, t0);
  std::string bytes = pimBytes({});
  bytes += testing::be32(kMaxBodyBytes + 1) + testing::be32(20);
  link.feed(bytes);
  while (link.next(t0)) {
  }
  Wire wire;
  const auto out = wire.take(link.session());
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(as<FailureEvent>(out[2]).status, ErrorCode::InvalidMessage);
  EXPECT_EQ(link.session().closeDecision(), CloseReason::FramingLost);
  EXPECT_FALSE(link.next(t0));
}

}  // namespace
}  // namespace smfront::mr
