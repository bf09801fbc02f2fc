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
const TaskId kTask{150000, 1, 0};

// The PG (mrpg-sim) end, driven message by message as the application would.
class PgSession : public ::testing::Test {
 protected:
  static SessionOptions pgOptions() {
    SessionOptions o;
    o.role = Role::Pg;
    o.peripheralId = 5001;
    return o;
  }

  PgSession() : session(pgOptions(), t0) {}

  void open() {
    wire.take(session);
    testing::receive(session, OpenConf{1, ErrorCode::NoError}, t0);
    ASSERT_EQ(session.state(), LinkState::Open);
    wire.take(session);
    session.clearEvents();
  }

  void newTask(std::uint32_t dialogueId, std::uint32_t invokeId) {
    NewTask task;
    task.dialogue = {dialogueId, 1};
    task.invokeId = invokeId;
    task.scriptSelector = "TaskDN";
    testing::receive(session, task, t0);
  }

  Session session;
  Wire wire;
};

TEST_F(PgSession, OpensWithOpenReqThenAnnouncesRouting) {
  auto out = wire.take(session);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(as<OpenReq>(out[0]), (OpenReq{1, kVersionNumber, 20, 5001}));
  EXPECT_EQ(session.nextDeadline(), t0 + 20s);
  testing::receive(session, OpenConf{1, ErrorCode::NoError}, t0 + 1s);
  out = wire.take(session);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(as<RoutingStatusEvent>(out[0]).routingAvailable, true);
  EXPECT_NE(find<event::Opened>(session.events()), nullptr);
  EXPECT_EQ(session.nextDeadline(), t0 + 6s) << "first heartbeat";
}

TEST_F(PgSession, RefusedOpenCloses) {
  wire.take(session);
  testing::receive(session, FailureConf{1, ErrorCode::InvalidVersion}, t0);
  EXPECT_EQ(session.closeDecision(), CloseReason::OpenRefused);
  EXPECT_EQ(find<event::PeerFailure>(session.events())->status, ErrorCode::InvalidVersion);
}

TEST_F(PgSession, NoOpenConfInTimeCloses) {
  session.tick(t0 + 20s);
  EXPECT_EQ(session.closeDecision(), CloseReason::OpenTimeout);
}

TEST_F(PgSession, HeartbeatsEveryIntervalAndDropsAfterThreeUnanswered) {
  SessionOptions o = pgOptions();
  o.idleTimeoutSeconds = kNone;  // only the heartbeat rule here
  Session pg(o, t0);
  testing::receive(pg, OpenConf{1, ErrorCode::NoError}, t0);
  wire.take(pg);
  for (int i = 1; i <= 3; ++i) {
    pg.tick(t0 + i * 5s);
    const auto out = wire.take(pg);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(as<HeartbeatReq>(out[0]).invokeId, static_cast<std::uint32_t>(i + 1));
  }
  pg.tick(t0 + 20s);
  EXPECT_EQ(pg.closeDecision(), CloseReason::HeartbeatsUnanswered);
}

TEST_F(PgSession, AnsweredHeartbeatsKeepTheLink) {
  open();
  for (int i = 1; i <= 10; ++i) {
    const TimePoint now = t0 + i * 5s;
    session.tick(now);
    const auto out = wire.take(session);
    ASSERT_EQ(out.size(), 1u);
    testing::receive(session, HeartbeatConf{as<HeartbeatReq>(out[0]).invokeId}, now);
  }
  EXPECT_EQ(session.state(), LinkState::Open);
}

TEST_F(PgSession, SilentHeartbeatsLetTheIdleRuleDropTheLink) {
  open();
  session.setHeartbeats(false, t0);
  session.tick(t0 + 10s);
  EXPECT_TRUE(session.outbox().empty());
  EXPECT_EQ(session.nextDeadline(), t0 + 20s);
  session.tick(t0 + 20s);
  EXPECT_EQ(session.closeDecision(), CloseReason::IdleTimeout);
}

TEST_F(PgSession, TaskAcceptedQueuedRouted) {
  open();
  newTask(7, 12);
  const auto* requested = find<event::TaskRequested>(session.events());
  ASSERT_NE(requested, nullptr);
  EXPECT_EQ(requested->message->scriptSelector, "TaskDN");
  ASSERT_TRUE(session.acceptTask(7, kTask));
  ASSERT_TRUE(session.queueTask(7, kTask, 90));
  DoThisWithTask result;
  result.dialogue.dialogueId = 7;
  result.taskId = kTask;
  result.label = "mary";
  ASSERT_TRUE(session.routeTask(result));
  const auto out = wire.take(session);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(as<NewTaskConf>(out[0]), (NewTaskConf{{7, 1}, 12, kTask}));
  EXPECT_EQ(as<TaskQueuedEvent>(out[1]), (TaskQueuedEvent{{7, 2}, kTask, 90}));
  EXPECT_EQ(as<DoThisWithTask>(out[2]).dialogue, (DialogueHeader{7, 3}));
  EXPECT_EQ(session.openDialogues(), 0u);
  EXPECT_FALSE(session.routeTask(result)) << "the dialogue is closed";
}

TEST_F(PgSession, DuplicateAndReservedDialogueIdsAreRejected) {
  open();
  newTask(7, 12);
  newTask(7, 13);
  newTask(kNone, 14);
  const auto out = wire.take(session);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(as<DialogueFailureConf>(out[0]), (DialogueFailureConf{{7, 1}, 13, ErrorCode::DuplicateDialogueId}));
  EXPECT_EQ(as<DialogueFailureConf>(out[1]).errorCode, ErrorCode::InvalidDialogueId);
  EXPECT_EQ(session.openDialogues(), 1u);
}

TEST_F(PgSession, FailAndReject) {
  open();
  newTask(1, 2);
  newTask(2, 3);
  ASSERT_TRUE(session.failTask(1, ErrorCode::RoutingNotAvailable, "no agents"));
  ASSERT_TRUE(session.rejectTask(2, ErrorCode::InvalidMrdId));
  const auto out = wire.take(session);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(as<DialogueFailureEvent>(out[0]),
            (DialogueFailureEvent{{1, 1}, ErrorCode::RoutingNotAvailable, "no agents"}));
  EXPECT_EQ(as<DialogueFailureConf>(out[1]), (DialogueFailureConf{{2, 1}, 3, ErrorCode::InvalidMrdId}));
}

TEST_F(PgSession, CancelIsAnsweredByDialogueState) {
  open();
  newTask(1, 2);
  newTask(2, 3);
  session.acceptTask(1, kTask);
  DoThisWithTask result;
  result.dialogue.dialogueId = 2;
  result.label = "john";
  session.routeTask(result);
  wire.take(session);
  session.clearEvents();

  testing::receive(session, CancelTask{{1, 2}, 4}, t0);  // open: cancelled
  testing::receive(session, CancelTask{{2, 2}, 5}, t0);  // closed with a result: too late
  testing::receive(session, CancelTask{{3, 1}, 6}, t0);  // never seen
  const auto out = wire.take(session);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(as<CancelTaskConf>(out[0]), (CancelTaskConf{{1, 2}, 4, ErrorCode::NoError}));
  EXPECT_EQ(as<CancelTaskConf>(out[1]).status, ErrorCode::OperationNotCancelled);
  EXPECT_EQ(as<CancelTaskConf>(out[2]).status, ErrorCode::InvalidDialogueId);
  EXPECT_EQ(find<event::TaskCancelled>(session.events())->dialogueId, 1u);
  EXPECT_EQ(session.openDialogues(), 0u);
}

TEST_F(PgSession, RoutingStatusIsSentOnChange) {
  open();
  session.setRoutingAvailable(true);
  EXPECT_TRUE(session.outbox().empty());
  session.setRoutingAvailable(false);
  const auto out = wire.take(session);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_FALSE(as<RoutingStatusEvent>(out[0]).routingAvailable);
}

TEST_F(PgSession, HeartbeatReqFromTheApplicationIsWrongDirection) {
  open();
  testing::receive(session, HeartbeatReq{3}, t0);
  const auto out = wire.take(session);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(as<FailureConf>(out[0]), (FailureConf{3, ErrorCode::InvalidMessage}));
}

TEST_F(PgSession, NamedDataOverTheLimitIsRejectedBeforeTheSession) {
  // Spec §8.6: the simulator rejects what smfront never sends; the codec does it for both.
  std::string bytes;
  NewTask task;
  task.dialogue = {1, 1};
  task.invokeId = 2;
  task.scriptSelector = "S";
  encode(task, bytes);
  const std::string value(200, 'x');
  std::string extra;
  for (int i = 0; i < 10; ++i) {
    const std::string data = "v" + std::to_string(10 + i) + '\0' + value + '\0';
    extra += testing::be16(82) + testing::be16(static_cast<std::uint32_t>(data.size())) + data;
  }
  bytes += extra;
  const std::uint32_t length = static_cast<std::uint32_t>(bytes.size() - kHeaderBytes);
  bytes.replace(0, 4, testing::be32(length));
  Link link(pgOptions(), t0);
  link.session().outbox().clear();
  testing::receive(link.session(), OpenConf{1, ErrorCode::NoError}, t0);
  link.session().outbox().clear();
  link.feed(bytes);
  ASSERT_TRUE(link.next(t0));
  EXPECT_EQ(link.lastStatus().code, ErrorCode::InvalidMessage);
  const auto out = wire.take(link.session());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(as<FailureConf>(out[0]), (FailureConf{2, ErrorCode::InvalidMessage}));
}

// ---------------------------------------------------------------------------------------------
// Both ends talking to each other in memory, through bytes.

TEST(SessionPair, FullConversation) {
  for (const FloatWidth width : {FloatWidth::TwoTwo, FloatWidth::OneOne}) {
    SessionOptions appOptions;
    appOptions.codec.floatWidth = width;
    SessionOptions pgOptions = appOptions;
    pgOptions.role = Role::Pg;
    Link app(appOptions, t0);
    Link pg(pgOptions, t0);
    TimePoint now = t0;

    std::vector<Event> appEvents;
    std::vector<std::string> routedLabels;
    // Moves bytes both ways until both are quiet; the PG routes every task to "mary".
    const auto pump = [&] {
      for (bool moved = true; moved;) {
        moved = false;
        if (!pg.session().outbox().empty()) {
          app.feed(pg.session().outbox());
          pg.session().outbox().clear();
          moved = true;
        }
        while (app.next(now)) {
          for (const Event& e : app.session().events()) {
            if (const auto* r = std::get_if<event::TaskRouted>(&e)) routedLabels.emplace_back(r->message->label);
            appEvents.push_back(e);
          }
          app.session().clearEvents();
        }
        if (!app.session().outbox().empty()) {
          pg.feed(app.session().outbox());
          app.session().outbox().clear();
          moved = true;
        }
        while (pg.next(now)) {
          for (const Event& e : pg.session().events()) {
            if (const auto* r = std::get_if<event::TaskRequested>(&e)) {
              const std::uint32_t id = r->message->dialogue.dialogueId;
              pg.session().acceptTask(id, kTask);
              DoThisWithTask result;
              result.dialogue.dialogueId = id;
              result.taskId = kTask;
              result.label = "mary";
              result.callVariables = r->message->callVariables;
              pg.session().routeTask(result);
            }
          }
          pg.session().clearEvents();
        }
      }
    };

    pump();
    ASSERT_EQ(app.session().state(), LinkState::Open);
    ASSERT_EQ(pg.session().state(), LinkState::Open);
    NewTask task;
    task.scriptSelector = "TaskDN";
    for (auto& cv : task.callVariables) cv = "some value";
    ASSERT_TRUE(app.session().startTask(task, now));
    pump();
    EXPECT_EQ(routedLabels, std::vector<std::string>{"mary"});

    now += 5s;
    pg.session().tick(now);
    pump();
    EXPECT_EQ(pg.session().nextDeadline(), now + 5s) << "heartbeat answered";

    app.session().close(now);
    pump();
    EXPECT_EQ(app.session().closeDecision(), CloseReason::Closed);
    EXPECT_EQ(pg.session().closeDecision(), CloseReason::PeerClosed);
    for (const Event& e : appEvents) {
      EXPECT_FALSE(std::holds_alternative<event::Violation>(e));
      EXPECT_FALSE(std::holds_alternative<event::SequenceGap>(e));
    }
  }
}

}  // namespace
}  // namespace smfront::mr
