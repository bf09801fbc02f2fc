#include "mr/session.hpp"

#include <algorithm>

namespace smfront::mr {

namespace {

std::optional<std::uint32_t> invokeIdOf(const Message& message) {
  return std::visit(
      [](const auto& m) -> std::optional<std::uint32_t> {
        if constexpr (requires { m.invokeId; }) {
          return m.invokeId;
        } else {
          return std::nullopt;
        }
      },
      message);
}

std::optional<std::chrono::milliseconds> idleFromWire(std::uint32_t seconds) {
  if (seconds == kNone) return std::nullopt;
  return std::chrono::seconds(seconds == 0 ? kIdleTimeoutSeconds : seconds);
}

}  // namespace

std::string_view toString(LinkState state) noexcept {
  switch (state) {
    case LinkState::Connected: return "connected";
    case LinkState::Open: return "open";
    case LinkState::Closing: return "closing";
    case LinkState::Closed: return "down";
  }
  return "down";
}

std::string_view toString(CloseReason reason) noexcept {
  switch (reason) {
    case CloseReason::OpenTimeout: return "open-timeout";
    case CloseReason::IdleTimeout: return "idle-timeout";
    case CloseReason::InvalidVersion: return "invalid-version";
    case CloseReason::SessionAlreadyActive: return "session-already-active";
    case CloseReason::OpenRefused: return "open-refused";
    case CloseReason::FramingLost: return "framing-lost";
    case CloseReason::PeerClosed: return "peer-closed";
    case CloseReason::Closed: return "closed";
    case CloseReason::CloseTimeout: return "close-timeout";
    case CloseReason::HeartbeatsUnanswered: return "heartbeats-unanswered";
    case CloseReason::Disconnected: return "disconnected";
  }
  return "disconnected";
}

std::string_view toString(DialogueEnd end) noexcept {
  switch (end) {
    case DialogueEnd::Failed: return "failed";
    case DialogueEnd::Rejected: return "rejected";
    case DialogueEnd::Cancelled: return "cancelled";
    case DialogueEnd::LinkLost: return "link-lost";
  }
  return "failed";
}

Session::Session(const SessionOptions& options, TimePoint now)
    : options_(options),
      routingAvailable_(options.role == Role::Pg ? options.routingAvailable : true),
      openDeadline_(now + options.openTimeout),
      lastReceived_(now) {
  if (options_.role == Role::Pg) {
    openInvokeId_ = nextInvokeId();
    send(OpenReq{openInvokeId_, options_.versionNumber, options_.idleTimeoutSeconds, options_.peripheralId});
  }
}

// ---------------------------------------------------------------------------------------------
// Input

void Session::receive(const Message& message, TimePoint now) {
  if (state_ == LinkState::Closed) return;
  lastReceived_ = now;
  const MessageType type = typeOf(message);
  const auto typeNumber = static_cast<std::uint32_t>(type);
  const Direction toMe = options_.role == Role::Application ? Direction::ToApplication : Direction::ToPg;
  const Direction direction = findMessage(typeNumber)->direction;
  if (direction != Direction::Either && direction != toMe) {
    answerFailure(ErrorCode::InvalidMessage, typeNumber, invokeIdOf(message), "message sent in the wrong direction");
    return;
  }

  if (const auto* m = std::get_if<CloseReq>(&message)) return onCloseReq(*m);
  if (const auto* m = std::get_if<FailureEvent>(&message)) {
    events_.push_back(event::PeerFailure{type, std::nullopt, m->status, m->text});
    return;
  }

  if (state_ == LinkState::Connected) {
    if (const auto* m = std::get_if<OpenReq>(&message)) return onOpenReq(*m, now);
    if (const auto* m = std::get_if<OpenConf>(&message)) return onOpenConf(*m, now);
    if (const auto* m = std::get_if<FailureConf>(&message)) {
      events_.push_back(event::PeerFailure{type, m->invokeId, m->status, {}});
      if (options_.role == Role::Pg && m->invokeId == openInvokeId_) finish(CloseReason::OpenRefused);
      return;
    }
    answerFailure(ErrorCode::SessionNotActive, typeNumber, invokeIdOf(message), "message before the session is open");
    return;
  }

  // Open or closing: results of open dialogues may still arrive while CLOSE_REQ is out.
  switch (type) {
    case MessageType::OpenReq:
      answerFailure(ErrorCode::SessionAlreadyActive, typeNumber, std::get<OpenReq>(message).invokeId,
                    "second OPEN_REQ");
      return;
    case MessageType::OpenConf:
      return;  // a late duplicate: nothing to do
    case MessageType::HeartbeatReq:
      send(HeartbeatConf{std::get<HeartbeatReq>(message).invokeId});
      return;
    case MessageType::HeartbeatConf:
      unansweredHeartbeats_ = 0;
      return;
    case MessageType::CloseConf:
      if (state_ == LinkState::Closing && std::get<CloseConf>(message).invokeId == closeInvokeId_) {
        finish(CloseReason::Closed);
      }
      return;
    case MessageType::FailureConf:
      return onFailureConf(std::get<FailureConf>(message));
    case MessageType::RoutingStatusEvent: {
      const bool available = std::get<RoutingStatusEvent>(message).routingAvailable;
      routingAvailable_ = available;
      events_.push_back(event::RoutingStatus{available});
      return;
    }
    case MessageType::NewTask:
      return onNewTask(std::get<NewTask>(message));
    case MessageType::CancelTask:
      return onCancelTask(std::get<CancelTask>(message));
    default:
      return onTaskMessage(message);
  }
}

void Session::receiveInvalid(const DecodeStatus& status, TimePoint now) {
  if (state_ == LinkState::Closed) return;
  lastReceived_ = now;
  answerFailure(status.code, status.type, status.invokeId, status.reason);
}

void Session::framingLost(TimePoint) {
  if (state_ == LinkState::Closed) return;
  send(FailureEvent{ErrorCode::InvalidMessage, "MessageLength over the limit"});
  events_.push_back(event::Violation{ErrorCode::InvalidMessage, 0, "MessageLength over the limit"});
  finish(CloseReason::FramingLost);
}

void Session::tick(TimePoint now) {
  switch (state_) {
    case LinkState::Closed:
      return;
    case LinkState::Connected:
      if (now >= openDeadline_) finish(CloseReason::OpenTimeout);
      return;
    case LinkState::Closing:
      if (now >= closeDeadline_) return finish(CloseReason::CloseTimeout);
      break;
    case LinkState::Open:
      break;
  }
  if (const auto idle = idleLimit(); idle && now - lastReceived_ >= *idle) return finish(CloseReason::IdleTimeout);
  if (options_.role == Role::Pg && state_ == LinkState::Open && heartbeats_ && now >= nextHeartbeat_) {
    if (unansweredHeartbeats_ >= options_.maxUnansweredHeartbeats) return finish(CloseReason::HeartbeatsUnanswered);
    send(HeartbeatReq{nextInvokeId()});
    ++unansweredHeartbeats_;
    nextHeartbeat_ = now + options_.heartbeatInterval;
  }
}

void Session::disconnected(TimePoint) { finish(CloseReason::Disconnected); }

TimePoint Session::nextDeadline() const noexcept {
  switch (state_) {
    case LinkState::Closed: return TimePoint::max();
    case LinkState::Connected: return openDeadline_;
    case LinkState::Closing:
    case LinkState::Open: break;
  }
  TimePoint next = state_ == LinkState::Closing ? closeDeadline_ : TimePoint::max();
  if (const auto idle = idleLimit()) next = std::min(next, lastReceived_ + *idle);
  if (options_.role == Role::Pg && state_ == LinkState::Open && heartbeats_) next = std::min(next, nextHeartbeat_);
  return next;
}

// ---------------------------------------------------------------------------------------------
// Message handlers

void Session::onOpenReq(const OpenReq& m, TimePoint now) {
  if (options_.role != Role::Application) return;
  if (m.versionNumber != options_.versionNumber) {
    send(FailureConf{m.invokeId, ErrorCode::InvalidVersion});
    events_.push_back(event::Violation{ErrorCode::InvalidVersion, static_cast<std::uint32_t>(m.kType),
                                       "unsupported VersionNumber"});
    return finish(CloseReason::InvalidVersion);
  }
  if (peerSessionActive_) {
    send(FailureConf{m.invokeId, ErrorCode::SessionAlreadyActive});
    events_.push_back(event::Violation{ErrorCode::SessionAlreadyActive, static_cast<std::uint32_t>(m.kType),
                                       "another PIM's session is open"});
    return finish(CloseReason::SessionAlreadyActive);
  }
  peerIdle_ = idleFromWire(m.idleTimeout);
  send(OpenConf{m.invokeId, ErrorCode::NoError});
  state_ = LinkState::Open;
  routingAvailable_ = true;
  lastReceived_ = now;
  std::optional<std::uint32_t> idleSeconds;
  if (peerIdle_) idleSeconds = static_cast<std::uint32_t>(std::chrono::duration_cast<std::chrono::seconds>(*peerIdle_).count());
  events_.push_back(event::Opened{m.peripheralId, m.versionNumber, idleSeconds});
}

void Session::onOpenConf(const OpenConf& m, TimePoint now) {
  if (options_.role != Role::Pg) return;
  if (m.status != ErrorCode::NoError) {
    events_.push_back(event::PeerFailure{MessageType::OpenConf, m.invokeId, m.status, {}});
    return finish(CloseReason::OpenRefused);
  }
  state_ = LinkState::Open;
  nextHeartbeat_ = now + options_.heartbeatInterval;
  unansweredHeartbeats_ = 0;
  // The application assumes routing until told otherwise; say so either way (spec §4).
  send(RoutingStatusEvent{routingAvailable_});
  std::optional<std::uint32_t> idleSeconds;
  if (const auto idle = idleLimit()) {
    idleSeconds = static_cast<std::uint32_t>(std::chrono::duration_cast<std::chrono::seconds>(*idle).count());
  }
  events_.push_back(event::Opened{options_.peripheralId, options_.versionNumber, idleSeconds});
}

void Session::onCloseReq(const CloseReq& m) {
  send(CloseConf{m.invokeId});
  finish(CloseReason::PeerClosed);
}

void Session::onFailureConf(const FailureConf& m) {
  // A FAILURE_CONF to our NEW_TASK (e.g. E_INVALID_FIELD_TAG) ends that dialogue.
  if (options_.role == Role::Application) {
    for (const auto& [id, dialogue] : dialogues_) {
      if (!dialogue.accepted && dialogue.invokeId == m.invokeId) {
        return endDialogue(id, m.status, DialogueEnd::Rejected, {});
      }
    }
  }
  events_.push_back(event::PeerFailure{MessageType::FailureConf, m.invokeId, m.status, {}});
}

void Session::onNewTask(const NewTask& m) {
  const std::uint32_t id = m.dialogue.dialogueId;
  const auto typeNumber = static_cast<std::uint32_t>(m.kType);
  if (id == kNone || dialogues_.contains(id)) {
    const ErrorCode code = id == kNone ? ErrorCode::InvalidDialogueId : ErrorCode::DuplicateDialogueId;
    send(DialogueFailureConf{{id, 1}, m.invokeId, code});
    events_.push_back(event::Violation{code, typeNumber, id == kNone ? "reserved DialogueID" : "DialogueID already open"});
    return;
  }
  if (m.dialogue.sendSeqNo != 1) events_.push_back(event::SequenceGap{id, 1, m.dialogue.sendSeqNo});
  Dialogue dialogue;
  dialogue.invokeId = m.invokeId;
  dialogue.nextPeerSeq = m.dialogue.sendSeqNo + 1;
  dialogues_.emplace(id, dialogue);
  events_.push_back(event::TaskRequested{&m});
}

void Session::onCancelTask(const CancelTask& m) {
  const std::uint32_t id = m.dialogue.dialogueId;
  const auto it = dialogues_.find(id);
  if (it == dialogues_.end()) {
    // Too late when we closed it with a result (which is on its way), unknown otherwise.
    const ErrorCode status = recentlyClosed(id) ? ErrorCode::OperationNotCancelled : ErrorCode::InvalidDialogueId;
    send(CancelTaskConf{{id, 1}, m.invokeId, status});
    return;
  }
  Dialogue& dialogue = it->second;
  if (m.dialogue.sendSeqNo != dialogue.nextPeerSeq) {
    events_.push_back(event::SequenceGap{id, dialogue.nextPeerSeq, m.dialogue.sendSeqNo});
  }
  send(CancelTaskConf{{id, dialogue.nextSendSeq}, m.invokeId, ErrorCode::NoError});
  dialogues_.erase(it);
  events_.push_back(event::TaskCancelled{id});
}

void Session::onTaskMessage(const Message& message) {
  if (options_.role != Role::Application) return;
  const DialogueHeader header = std::visit(
      [](const auto& m) -> DialogueHeader {
        if constexpr (kHasDialogue<std::decay_t<decltype(m)>>) {
          return m.dialogue;
        } else {
          return {};
        }
      },
      message);
  const auto typeNumber = static_cast<std::uint32_t>(typeOf(message));
  const std::uint32_t id = header.dialogueId;
  const auto it = dialogues_.find(id);
  if (it == dialogues_.end()) {
    // The answer to a CANCEL_TASK that crossed the dialogue's result is expected, not an error.
    const auto late = std::find(cancelCrossed_.begin(), cancelCrossed_.end(), id);
    if (late != cancelCrossed_.end() && std::holds_alternative<CancelTaskConf>(message)) {
      cancelCrossed_.erase(late);
      return;
    }
    answerFailure(ErrorCode::InvalidDialogueId, typeNumber, std::nullopt, "message for an unknown dialogue");
    return;
  }
  Dialogue& dialogue = it->second;
  if (header.sendSeqNo != dialogue.nextPeerSeq) {
    events_.push_back(event::SequenceGap{id, dialogue.nextPeerSeq, header.sendSeqNo});
  }
  dialogue.nextPeerSeq = header.sendSeqNo + 1;

  if (const auto* m = std::get_if<NewTaskConf>(&message)) {
    dialogue.accepted = true;
    dialogue.taskId = m->taskId;
    events_.push_back(event::TaskAccepted{id, m->taskId});
  } else if (const auto* m = std::get_if<TaskQueuedEvent>(&message)) {
    std::optional<std::uint32_t> ewt;
    if (m->estimatedWaitTime != kNone) ewt = m->estimatedWaitTime;
    events_.push_back(event::TaskQueued{id, m->taskId, ewt});
  } else if (const auto* m = std::get_if<DoThisWithTask>(&message)) {
    const bool cancelRequested = dialogue.cancelInvokeId != 0;
    if (cancelRequested) rememberCancelCrossed(id);
    dialogues_.erase(it);
    events_.push_back(event::TaskRouted{m, cancelRequested});
  } else if (const auto* m = std::get_if<DialogueFailureEvent>(&message)) {
    if (dialogue.cancelInvokeId != 0) rememberCancelCrossed(id);
    endDialogue(id, m->errorCode, DialogueEnd::Failed, m->text);
  } else if (const auto* m = std::get_if<DialogueFailureConf>(&message)) {
    endDialogue(id, m->errorCode, DialogueEnd::Rejected, {});
  } else if (const auto* m = std::get_if<CancelTaskConf>(&message)) {
    if (m->status == ErrorCode::OperationNotCancelled) {
      events_.push_back(event::CancelTooLate{id});
    } else {
      // 0: cancelled. 0x22: the PG does not know the dialogue, so it is over too.
      endDialogue(id, m->status, DialogueEnd::Cancelled, {});
    }
  } else {
    answerFailure(ErrorCode::InvalidMessage, typeNumber, invokeIdOf(message), "unexpected message");
  }
}

// ---------------------------------------------------------------------------------------------
// Application role

std::optional<std::uint32_t> Session::startTask(NewTask& task, TimePoint) {
  if (options_.role != Role::Application || state_ != LinkState::Open) return std::nullopt;
  std::uint32_t id = lastDialogueId_;
  do {
    ++id;
    if (id == kNone || id == 0) id = 1;
  } while (dialogues_.contains(id));
  lastDialogueId_ = id;
  task.dialogue = {id, 1};
  task.invokeId = nextInvokeId();
  Dialogue dialogue;
  dialogue.invokeId = task.invokeId;
  dialogue.nextSendSeq = 2;
  dialogues_.emplace(id, dialogue);
  send(task);
  return id;
}

bool Session::cancelTask(std::uint32_t dialogueId, TimePoint) {
  if (options_.role != Role::Application || state_ == LinkState::Closed) return false;
  const auto it = dialogues_.find(dialogueId);
  if (it == dialogues_.end()) return false;
  Dialogue& dialogue = it->second;
  if (dialogue.cancelInvokeId != 0) return true;  // one CANCEL_TASK is enough
  dialogue.cancelInvokeId = nextInvokeId();
  send(CancelTask{{dialogueId, dialogue.nextSendSeq++}, dialogue.cancelInvokeId});
  return true;
}

// ---------------------------------------------------------------------------------------------
// PG role

bool Session::acceptTask(std::uint32_t dialogueId, const TaskId& taskId) {
  if (options_.role != Role::Pg || state_ == LinkState::Closed) return false;
  const auto it = dialogues_.find(dialogueId);
  if (it == dialogues_.end()) return false;
  Dialogue& dialogue = it->second;
  dialogue.accepted = true;
  dialogue.taskId = taskId;
  send(NewTaskConf{{dialogueId, dialogue.nextSendSeq++}, dialogue.invokeId, taskId});
  return true;
}

bool Session::queueTask(std::uint32_t dialogueId, const TaskId& taskId, std::uint32_t estimatedWaitSeconds) {
  if (options_.role != Role::Pg || state_ == LinkState::Closed) return false;
  const auto it = dialogues_.find(dialogueId);
  if (it == dialogues_.end()) return false;
  send(TaskQueuedEvent{{dialogueId, it->second.nextSendSeq++}, taskId, estimatedWaitSeconds});
  return true;
}

bool Session::routeTask(DoThisWithTask& result) {
  if (options_.role != Role::Pg || state_ == LinkState::Closed) return false;
  const std::uint32_t id = result.dialogue.dialogueId;
  const auto it = dialogues_.find(id);
  if (it == dialogues_.end()) return false;
  result.dialogue.sendSeqNo = it->second.nextSendSeq++;
  send(result);
  dialogues_.erase(it);
  rememberClosed(id);
  return true;
}

bool Session::failTask(std::uint32_t dialogueId, ErrorCode code, std::string_view text) {
  if (options_.role != Role::Pg || state_ == LinkState::Closed) return false;
  const auto it = dialogues_.find(dialogueId);
  if (it == dialogues_.end()) return false;
  send(DialogueFailureEvent{{dialogueId, it->second.nextSendSeq++}, code, text});
  dialogues_.erase(it);
  rememberClosed(dialogueId);
  return true;
}

bool Session::rejectTask(std::uint32_t dialogueId, ErrorCode code) {
  if (options_.role != Role::Pg || state_ == LinkState::Closed) return false;
  const auto it = dialogues_.find(dialogueId);
  if (it == dialogues_.end()) return false;
  send(DialogueFailureConf{{dialogueId, it->second.nextSendSeq++}, it->second.invokeId, code});
  dialogues_.erase(it);
  rememberClosed(dialogueId);
  return true;
}

void Session::setRoutingAvailable(bool available) {
  if (options_.role != Role::Pg || available == routingAvailable_) return;
  routingAvailable_ = available;
  if (state_ == LinkState::Open) send(RoutingStatusEvent{available});
}

void Session::setHeartbeats(bool enabled, TimePoint now) {
  if (enabled && !heartbeats_) {
    nextHeartbeat_ = now + options_.heartbeatInterval;
    unansweredHeartbeats_ = 0;
  }
  heartbeats_ = enabled;
}

// ---------------------------------------------------------------------------------------------
// Both roles

void Session::close(TimePoint now, ErrorCode status, std::string_view text) {
  if (state_ == LinkState::Closed || state_ == LinkState::Closing) return;
  if (state_ == LinkState::Connected) return finish(CloseReason::Closed);
  closeInvokeId_ = nextInvokeId();
  send(CloseReq{closeInvokeId_, status, text});
  state_ = LinkState::Closing;
  closeDeadline_ = now + options_.closeTimeout;
}

template <class M>
void Session::send(const M& message) {
  EncodeReport report;
  encode(message, outbox_, options_.codec, &report);
  if (!report.clean()) {
    std::uint32_t dialogueId = 0;
    if constexpr (kHasDialogue<M>) dialogueId = message.dialogue.dialogueId;
    events_.push_back(event::Repaired{M::kType, dialogueId, report});
  }
}

std::uint32_t Session::nextInvokeId() noexcept {
  ++lastInvokeId_;
  if (lastInvokeId_ == 0 || lastInvokeId_ == kNone) lastInvokeId_ = 1;
  return lastInvokeId_;
}

void Session::answerFailure(ErrorCode code, std::uint32_t messageType, std::optional<std::uint32_t> invokeId,
                            const char* reason) {
  if (invokeId) {
    send(FailureConf{*invokeId, code});
  } else {
    send(FailureEvent{code, reason});
  }
  events_.push_back(event::Violation{code, messageType, reason});
}

void Session::finish(CloseReason reason) {
  if (state_ == LinkState::Closed) return;
  state_ = LinkState::Closed;
  closeDecision_ = reason;
  // Report lost dialogues in DialogueID order, so the owner requeues deterministically.
  std::vector<std::uint32_t> lost;
  lost.reserve(dialogues_.size());
  for (const auto& entry : dialogues_) lost.push_back(entry.first);
  std::sort(lost.begin(), lost.end());
  dialogues_.clear();
  for (const std::uint32_t id : lost) {
    events_.push_back(event::DialogueEnded{id, ErrorCode::PgOffline, DialogueEnd::LinkLost, {}});
  }
  events_.push_back(event::Closed{reason});
}

void Session::endDialogue(std::uint32_t dialogueId, ErrorCode code, DialogueEnd how, std::string_view text) {
  dialogues_.erase(dialogueId);
  events_.push_back(event::DialogueEnded{dialogueId, code, how, text});
}

void Session::rememberClosed(std::uint32_t dialogueId) {
  if (recent_.size() < kRecentDialogues) {
    recent_.push_back(dialogueId);
  } else {
    recent_[recentNext_] = dialogueId;
    recentNext_ = (recentNext_ + 1) % kRecentDialogues;
  }
}

bool Session::recentlyClosed(std::uint32_t dialogueId) const {
  return std::find(recent_.begin(), recent_.end(), dialogueId) != recent_.end();
}

void Session::rememberCancelCrossed(std::uint32_t dialogueId) {
  if (cancelCrossed_.size() >= kRecentDialogues) cancelCrossed_.erase(cancelCrossed_.begin());
  cancelCrossed_.push_back(dialogueId);
}

std::optional<std::chrono::milliseconds> Session::idleLimit() const noexcept {
  if (options_.role == Role::Application) return peerIdle_;
  return idleFromWire(options_.idleTimeoutSeconds);
}

}  // namespace smfront::mr
