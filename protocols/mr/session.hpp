#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mr/codec.hpp"
#include "mr/events.hpp"
#include "mr/messages.hpp"
#include "mr/table.hpp"

namespace smfront::mr {

// The MR session machine of one TCP connection, for either end (spec §4, §5, §7, §8, §9).
// It owns no socket and no clock: its owner feeds it decoded messages and the current time,
// and after every call takes
//   - outbox():        bytes to write, in order;
//   - events():        what happened, in order (clearEvents() when handled);
//   - closeDecision(): set once the session is over: write the outbox, then close the socket;
//   - nextDeadline():  when to call tick() at the latest (one timer is enough).

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;

enum class Role : std::uint8_t {
  Application,  ///< smfront: listens, answers OPEN_REQ and heartbeats, sends NEW_TASK
  Pg,           ///< the MR PIM (mrpg-sim): connects, opens, heartbeats, routes tasks
};

/// Link states; "closed" is "down" in /ccp/status.
enum class LinkState : std::uint8_t { Connected, Open, Closing, Closed };

/// @brief "connected", "open", "closing", "down".
std::string_view toString(LinkState state) noexcept;

struct SessionOptions {
  Role role = Role::Application;
  CodecOptions codec{};
  /// Application: the only VersionNumber accepted. PG: the one sent.
  std::uint32_t versionNumber = kVersionNumber;
  /// Application: wait for OPEN_REQ; PG: wait for OPEN_CONF.
  std::chrono::milliseconds openTimeout{std::chrono::seconds(kOpenTimeoutSeconds)};
  /// Wait for CLOSE_CONF after our CLOSE_REQ.
  std::chrono::milliseconds closeTimeout{std::chrono::seconds(kCloseTimeoutSeconds)};

  // PG role only.
  /// Sent in OPEN_REQ and applied to our own idle check (kNone: none, 0: kIdleTimeoutSeconds).
  std::uint32_t idleTimeoutSeconds = kIdleTimeoutSeconds;
  std::uint32_t peripheralId = kDefaultPeripheralId;
  std::chrono::milliseconds heartbeatInterval{std::chrono::seconds(kHeartbeatSeconds)};
  std::uint32_t maxUnansweredHeartbeats = kMaxUnansweredHeartbeats;
  /// Announced by ROUTING_STATUS_EVENT right after OPEN_CONF.
  bool routingAvailable = true;
};

class Session {
 public:
  /// @brief A session on a connection that has just been made at @p now. The PG side queues
  /// OPEN_REQ at once; the application side starts waiting for it.
  Session(const SessionOptions& options, TimePoint now);

  Role role() const noexcept { return options_.role; }
  LinkState state() const noexcept { return state_; }
  const SessionOptions& options() const noexcept { return options_; }
  /// Last ROUTING_STATUS_EVENT received (application) or sent (PG); true until told otherwise.
  bool routingAvailable() const noexcept { return routingAvailable_; }
  std::size_t openDialogues() const noexcept { return dialogues_.size(); }
  bool hasDialogue(std::uint32_t dialogueId) const { return dialogues_.contains(dialogueId); }

  // ---- input ----------------------------------------------------------------------------

  /// @brief A decoded message from the peer. Events may point into it, so it must outlive
  /// their handling: temporaries are refused at compile time.
  void receive(const Message& message, TimePoint now);
  void receive(Message&&, TimePoint) = delete;
  /// @brief A frame that did not decode (@p status from decode()): answered per spec §8.
  void receiveInvalid(const DecodeStatus& status, TimePoint now);
  /// @brief The peer announced a body over the limit (FrameDecoder::Status::TooLong):
  /// FAILURE_EVENT, then close, since the framing is lost.
  void framingLost(TimePoint now);
  /// @brief Time passed: open, idle, heartbeat and close timers.
  void tick(TimePoint now);
  /// @brief The transport is gone (read or write error, EOF).
  void disconnected(TimePoint now);
  /// @brief The latest time tick() must be called; TimePoint::max() when nothing is pending.
  TimePoint nextDeadline() const noexcept;

  // ---- application role -----------------------------------------------------------------

  /// @brief Another PIM's session is open on this door, so an OPEN_REQ here is answered
  /// E_SESSION_ALREADY_ACTIVE and the connection closed (spec §8.2). The listener keeps
  /// this current for connections that are not open yet.
  void setPeerSessionActive(bool active) noexcept { peerSessionActive_ = active; }

  /// @brief Sends @p task as NEW_TASK on a new dialogue: fills its dialogue header and
  /// InvokeID and returns the DialogueID; nullopt unless the session is open. Holding tasks
  /// while routing is unavailable is the caller's policy (routingAvailable()).
  std::optional<std::uint32_t> startTask(NewTask& task, TimePoint now);
  /// @brief CANCEL_TASK for an open dialogue; false when it is not open.
  bool cancelTask(std::uint32_t dialogueId, TimePoint now);

  // ---- PG role --------------------------------------------------------------------------

  /// @brief NEW_TASK_CONF for the dialogue's NEW_TASK.
  bool acceptTask(std::uint32_t dialogueId, const TaskId& taskId);
  /// @brief TASK_QUEUED_EVENT; @p estimatedWaitSeconds kNone = unknown.
  bool queueTask(std::uint32_t dialogueId, const TaskId& taskId, std::uint32_t estimatedWaitSeconds);
  /// @brief DO_THIS_WITH_TASK for the dialogue in @p result.dialogue.dialogueId (its
  /// SendSeqNo is filled in); closes the dialogue.
  bool routeTask(DoThisWithTask& result);
  /// @brief DIALOGUE_FAILURE_EVENT; closes the dialogue.
  bool failTask(std::uint32_t dialogueId, ErrorCode code, std::string_view text = {});
  /// @brief DIALOGUE_FAILURE_CONF to the dialogue's NEW_TASK; closes the dialogue.
  bool rejectTask(std::uint32_t dialogueId, ErrorCode code);
  /// @brief ROUTING_STATUS_EVENT when @p available differs from what was last sent.
  void setRoutingAvailable(bool available);
  /// @brief Stops (or resumes) HEARTBEAT_REQ; failure injection.
  void setHeartbeats(bool enabled, TimePoint now);

  // ---- both roles -----------------------------------------------------------------------

  /// @brief CLOSE_REQ(@p status); the session closes on CLOSE_CONF or after closeTimeout.
  /// Before the session is open there is nothing to close politely: it closes at once.
  void close(TimePoint now, ErrorCode status = ErrorCode::NoError, std::string_view text = {});

  // ---- output ---------------------------------------------------------------------------

  /// Bytes to write to the peer; the owner takes them (clear() or swap() the string).
  std::string& outbox() noexcept { return outbox_; }
  const std::string& outbox() const noexcept { return outbox_; }
  const std::vector<Event>& events() const noexcept { return events_; }
  void clearEvents() noexcept { events_.clear(); }
  /// Set when the session is over: write what is in the outbox, then close the connection.
  std::optional<CloseReason> closeDecision() const noexcept { return closeDecision_; }

 private:
  struct Dialogue {
    std::uint32_t invokeId = 0;        // of the NEW_TASK
    std::uint32_t cancelInvokeId = 0;  // of our CANCEL_TASK (application role), 0 = none
    std::uint32_t nextSendSeq = 1;
    std::uint32_t nextPeerSeq = 1;
    bool accepted = false;             // NEW_TASK_CONF seen or sent
    TaskId taskId;
  };

  template <class M>
  void send(const M& message);
  std::uint32_t nextInvokeId() noexcept;
  void answerFailure(ErrorCode code, std::uint32_t messageType, std::optional<std::uint32_t> invokeId,
                     const char* reason);
  void finish(CloseReason reason);
  void endDialogue(std::uint32_t dialogueId, ErrorCode code, DialogueEnd how, std::string_view text);
  void rememberClosed(std::uint32_t dialogueId);
  bool recentlyClosed(std::uint32_t dialogueId) const;
  void rememberCancelCrossed(std::uint32_t dialogueId);
  std::optional<std::chrono::milliseconds> idleLimit() const noexcept;

  void onOpenReq(const OpenReq& m, TimePoint now);
  void onOpenConf(const OpenConf& m, TimePoint now);
  void onCloseReq(const CloseReq& m);
  void onFailureConf(const FailureConf& m);
  void onNewTask(const NewTask& m);
  void onCancelTask(const CancelTask& m);
  void onTaskMessage(const Message& message);

  SessionOptions options_;
  LinkState state_ = LinkState::Connected;
  bool routingAvailable_ = true;
  bool peerSessionActive_ = false;
  bool heartbeats_ = true;

  TimePoint openDeadline_;
  TimePoint closeDeadline_ = TimePoint::max();
  TimePoint lastReceived_;
  TimePoint nextHeartbeat_ = TimePoint::max();
  std::optional<std::chrono::milliseconds> peerIdle_;  // application: from OPEN_REQ
  std::uint32_t unansweredHeartbeats_ = 0;

  std::uint32_t lastInvokeId_ = 0;
  std::uint32_t openInvokeId_ = 0;   // PG: of our OPEN_REQ
  std::uint32_t closeInvokeId_ = 0;  // of our CLOSE_REQ
  std::uint32_t lastDialogueId_ = 0;
  std::unordered_map<std::uint32_t, Dialogue> dialogues_;
  std::vector<std::uint32_t> recent_;  // PG: ring of dialogues closed with a result
  std::size_t recentNext_ = 0;
  std::vector<std::uint32_t> cancelCrossed_;  // application: closed while our CANCEL_TASK was out

  std::string outbox_;
  std::vector<Event> events_;
  std::optional<CloseReason> closeDecision_;
};

}  // namespace smfront::mr
