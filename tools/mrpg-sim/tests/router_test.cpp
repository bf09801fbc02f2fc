#include "router.hpp"

#include <gtest/gtest.h>

#include <deque>

#include "mr/codec.hpp"

namespace smfront::mrpgsim {
namespace {

using namespace std::chrono_literals;

const mr::TimePoint t0{std::chrono::hours(1000)};

// An open PG session whose output is decoded after each step.
class RouterTest : public ::testing::Test {
 protected:
  RouterTest() : session(pgOptions(), t0) {
    receive(mr::OpenConf{1, mr::ErrorCode::NoError}, t0);
    session.outbox().clear();
    session.clearEvents();
  }
  static mr::SessionOptions pgOptions() {
    mr::SessionOptions o;
    o.role = mr::Role::Pg;
    return o;
  }

  void request(Router& router, std::uint32_t dialogueId, mr::TimePoint now, std::uint32_t mrd = 1,
               std::string_view selector = "TaskDN") {
    mr::NewTask task;
    task.dialogue = {dialogueId, 1};
    task.invokeId = dialogueId;
    task.mrDomainId = mrd;
    task.scriptSelector = selector;
    kept.emplace_back(std::move(task));
    session.receive(kept.back(), now);
    const auto* requested = std::get_if<mr::event::TaskRequested>(&session.events().back());
    ASSERT_NE(requested, nullptr);
    router.onTaskRequested(session, *requested->message, now);
    session.clearEvents();
  }

  // Events may point into received messages: keep them for the whole test.
  void receive(mr::Message message, mr::TimePoint now) {
    kept.push_back(std::move(message));
    session.receive(kept.back(), now);
  }

  std::vector<mr::Message> sent() {
    bytes.push_back(std::move(session.outbox()));
    session.outbox().clear();
    std::vector<mr::Message> out;
    std::string_view rest = bytes.back();
    while (rest.size() >= mr::kHeaderBytes) {
      const auto* b = reinterpret_cast<const unsigned char*>(rest.data());
      const std::uint32_t length = (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) | b[3];
      const std::uint32_t type = (std::uint32_t{b[4]} << 24) | (std::uint32_t{b[5]} << 16) | (std::uint32_t{b[6]} << 8) | b[7];
      mr::Message m;
      EXPECT_TRUE(mr::decode(mr::Frame{type, rest.substr(mr::kHeaderBytes, length)}, m).ok());
      out.push_back(std::move(m));
      rest.remove_prefix(mr::kHeaderBytes + length);
    }
    return out;
  }

  mr::Session session;
  std::deque<mr::Message> kept;
  std::deque<std::string> bytes;
};

Options routerOptions() {
  Options o;
  o.agents = {"mary", "john"};
  o.delayMin = o.delayMax = 500ms;
  o.handleTime = 60s;
  o.selectors = {"TaskDN"};
  return o;
}

TEST_F(RouterTest, LongestIdleAgentAfterTheDelayThenQueueInOrder) {
  Router router(routerOptions());
  request(router, 1, t0);
  request(router, 2, t0);
  request(router, 3, t0);
  auto out = sent();
  ASSERT_EQ(out.size(), 4u);  // 3 x NEW_TASK_CONF, 1 x TASK_QUEUED_EVENT
  EXPECT_EQ(std::get<mr::TaskQueuedEvent>(out[3]).estimatedWaitTime, 60u);
  EXPECT_EQ(router.nextDeadline(), t0 + 500ms);

  router.tick(session, t0 + 500ms);
  out = sent();
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(std::get<mr::DoThisWithTask>(out[0]).label, "mary");
  EXPECT_EQ(std::get<mr::DoThisWithTask>(out[0]).icmAgentId, 5000u);
  EXPECT_EQ(std::get<mr::DoThisWithTask>(out[1]).label, "john");
  EXPECT_EQ(std::get<mr::DoThisWithTask>(out[1]).icmAgentId, 5001u);

  // Mary is free first (stdin "free mary"), so the queued task goes to her after the delay.
  ASSERT_TRUE(router.freeAgent("mary", t0 + 10s));
  router.tick(session, t0 + 10s);
  EXPECT_TRUE(sent().empty());
  router.tick(session, t0 + 10s + 500ms);
  out = sent();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(std::get<mr::DoThisWithTask>(out[0]).dialogue.dialogueId, 3u);
  EXPECT_EQ(std::get<mr::DoThisWithTask>(out[0]).label, "mary");
  EXPECT_EQ(router.stats().routed, 3u);
}

TEST_F(RouterTest, ValidatesMrdAndSelector) {
  Router router(routerOptions());
  request(router, 1, t0, 9);
  request(router, 2, t0, 1, "Other");
  const auto out = sent();
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(std::get<mr::DialogueFailureConf>(out[0]).errorCode, mr::ErrorCode::InvalidMrdId);
  EXPECT_EQ(std::get<mr::DialogueFailureConf>(out[1]).errorCode, mr::ErrorCode::InvalidScriptSelector);
}

TEST_F(RouterTest, InjectedFailuresAndRejects) {
  Options o = routerOptions();
  o.failRate = 1;
  o.failCode = mr::ErrorCode::NoScript;
  Router failing(o);
  request(failing, 1, t0);
  failing.tick(session, t0 + 1s);
  auto out = sent();
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(std::get<mr::DialogueFailureEvent>(out[1]).errorCode, mr::ErrorCode::NoScript);

  o.failRate = 0;
  o.rejectRate = 1;
  Router rejecting(o);
  request(rejecting, 2, t0);
  out = sent();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(std::get<mr::DialogueFailureConf>(out[0]).errorCode, mr::ErrorCode::NoScript);
}

TEST_F(RouterTest, CancelFreesTheReservedAgent) {
  Options o = routerOptions();
  o.agents = {"mary"};
  Router router(o);
  request(router, 1, t0);
  receive(mr::CancelTask{{1, 2}, 9}, t0);
  router.onTaskCancelled(1);
  sent();
  request(router, 2, t0);
  router.tick(session, t0 + 500ms);
  const auto out = sent();
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(std::get<mr::DoThisWithTask>(out[1]).dialogue.dialogueId, 2u) << "mary was not kept for dialogue 1";
}

}  // namespace
}  // namespace smfront::mrpgsim
