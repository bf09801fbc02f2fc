#pragma once
// Routing through CCE over the Media Routing link (routing = mr): the policy half.
// It decides which contacts go to the PG, in which order, and what each answer
// does to its contact; the door in server/media_routing owns the socket and the MR
// session and calls in here (on the core strand) with what the PG said.
//
// Every contact it routes is in one of three places:
//   pending  - waiting to be sent, in creation order (also while no PG is connected);
//   held     - the PG said routing is not available: sent again after retryDelay
//              or when routing comes back;
//   in flight - a NEW_TASK dialogue is open.
// A dialogue lost with the link puts its contact back among the pending, in its
// old place, so nothing is lost; a contact leaves all three places before its
// answer is applied, so nothing is sent twice.
//
// Callbacks and tasks come from the request service; chats of feeds that ask
// for MR routing come from the chat service. Both enter through enqueue().
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/contact_book.hpp"
#include "core/router.hpp"
#include "core/timers.hpp"

namespace smfront::core {

struct MrRoutingOptions {
  /// A contact the PG could not route (routing not available) is sent again after this.
  std::chrono::milliseconds retryDelay{10000};
  /// A NEW_TASK dialogue still open after this is cancelled and its contact discarded
  /// (mr.new_task_timeout); zero: dialogues wait as long as the PG takes.
  std::chrono::milliseconds newTaskTimeout{0};
  /// CCE's MRD taskLife (mr.task_life): a link lost longer than this has ended the
  /// tasks CCE held for us, so reserved ones that asked for it are sent again.
  std::chrono::milliseconds taskLife{120000};
  /// Contacts waiting to be sent at most (limits.mr_pending_tasks); beyond it a new
  /// contact is discarded at once with kPendingFullReason.
  std::size_t maxPending = 10000;
};

/// The statusReason of a contact the router had no room for.
inline constexpr std::string_view kPendingFullReason = "notification_mr_pending_tasks_full";

/// Whether a reserved contact asked to be routed again after a long link loss
/// (the task API's requeueOnRecovery).
using RequeuePolicy = std::function<bool(const std::string& contactId)>;
/// Told of a chat whose dialogue the link took with it (it waits on, queued).
using LinkLossNotice = std::function<void(const std::string& contactId)>;

/// NEW_TASK Reason (spec §5).
enum class TaskReasonCode : std::uint32_t { New = 0, Transfer = 1, Recovery = 2 };

/// One contact for the link to send as NEW_TASK.
struct TaskOrder {
  std::string contactId;
  TaskReasonCode reason = TaskReasonCode::New;
  std::string previousTaskId;  // "<day>_<callId>_<seq>" of an earlier NEW_TASK_CONF, or empty
};

/// The link as the router sees it: an open MR session.
class TaskLink {
 public:
  virtual ~TaskLink() = default;
  /// Sends NEW_TASK for `order`; the DialogueID, or nullopt when it could not be sent.
  virtual std::optional<std::uint32_t> startTask(const TaskOrder& order) = 0;
  /// Sends CANCEL_TASK for an open dialogue; false when it is not open.
  virtual bool cancelTask(std::uint32_t dialogueId) = 0;
  /// False while the PG has not read what was sent before: the router keeps its
  /// contacts pending until the link calls MrRouter::linkDrained().
  virtual bool acceptsTasks() const { return true; }
};

/// What a dialogue that ended without an agent means for its contact (spec §6);
/// the door maps the PG's error code to one of these.
enum class DialogueFailure {
  LinkLost,             // E_PG_OFFLINE: stays queued, sent again on the next link
  RoutingNotAvailable,  // stays queued, sent again after retryDelay or when routing is back
  DuplicateDialogue,    // sent again once with a new DialogueID, then like Other
  NoScript,             // discarded, notification_no_script
  InvalidMrd,           // discarded, notification_invalid_mrd_id
  InvalidScriptSelector,  // discarded, notification_invalid_script_selector
  Cancelled,            // our CANCEL_TASK was confirmed
  Other,                // discarded, notification_invalid_new_task_message
};

/// The statusReason a discarded contact gets for `failure` (empty: not discarded).
std::string_view discardReason(DialogueFailure failure);

class MrRouter final : public RequestRouter {
 public:
  MrRouter(ContactBook& contacts, const Clock& clock, Journal& journal, Timers& timers, MrRoutingOptions options);

  /// Takes back what an earlier run left pending (after the contacts, before serving):
  /// queued callbacks and tasks, and queued chats it had recorded, wait for the
  /// next PG in their old order.
  void restore(const Snapshot& snapshot);
  /// Who decides requeueOnRecovery (the request service, built after the router).
  void setRequeuePolicy(RequeuePolicy policy) { requeuePolicy_ = std::move(policy); }
  /// Who tells a waiting chat's customer that routing had trouble (the chat service).
  void setLinkLossNotice(LinkLossNotice notice) { linkLossNotice_ = std::move(notice); }
  /// Who hears of a contact discarded for want of room (the door counts and logs it).
  void setRefusalNotice(std::function<void()> notice) { refusalNotice_ = std::move(notice); }

  // RequestRouter
  void enqueue(const std::string& contactId, std::string reason = "externally_routed") override;
  void dequeue(const std::string& contactId) override;
  void forget(const std::string& contactId) override;
  std::optional<QueueStanding> standing(const std::string& contactId) const override;
  std::optional<Assignment> assignment(const std::string& contactId) const override;
  std::size_t queued() const override { return tracks_.size(); }
  bool hasRoom() const override { return pending() < options_.maxPending; }

  // The link, in the order the session reports.
  /// A session opened: pending contacts are sent (routing is assumed available).
  void linkOpened(TaskLink& link);
  /// The session is gone; its dialogues were ended (LinkLost) before.
  void linkClosed();
  void routingStatus(bool available);
  /// The link takes tasks again (see TaskLink::acceptsTasks).
  void linkDrained();
  void taskAccepted(std::uint32_t dialogueId, const std::string& taskId);
  void taskQueued(std::uint32_t dialogueId, const std::string& taskId, std::optional<std::uint32_t> estimatedWaitS);
  /// DO_THIS_WITH_TASK: reserves the contact for `label` (unless it was cancelled meanwhile).
  void taskRouted(std::uint32_t dialogueId, const std::string& label, const std::string& taskId, bool cancelRequested);
  void dialogueEnded(std::uint32_t dialogueId, DialogueFailure failure);
  /// The contact of an open dialogue, for logs; empty when unknown.
  std::string contactOf(std::uint32_t dialogueId) const;

  struct Counters {
    std::uint64_t sent = 0;        // NEW_TASKs
    std::uint64_t resent = 0;      // of which for a contact sent before
    std::uint64_t routed = 0;      // contacts reserved by DO_THIS_WITH_TASK
    std::uint64_t queuedEvents = 0;
    std::uint64_t discarded = 0;   // dialogue failures that discarded their contact
    std::uint64_t retried = 0;     // dialogue failures that kept their contact queued
    std::uint64_t cancels = 0;     // CANCEL_TASKs
    std::uint64_t ignoredResults = 0;  // results for contacts cancelled meanwhile
    std::uint64_t timedOut = 0;    // dialogues cancelled by newTaskTimeout (also in discarded)
    std::uint64_t recovered = 0;   // reserved contacts sent again after a link loss over taskLife
    std::uint64_t refused = 0;     // contacts discarded because maxPending were waiting
  };
  const Counters& counters() const { return counters_; }
  std::size_t pending() const { return pending_.size() + held_.size(); }
  std::size_t inFlight() const { return byDialogue_.size(); }
  bool linked() const { return link_ != nullptr; }
  bool routingAvailable() const { return routingAvailable_; }

 private:
  enum class Place { Pending, Held, InFlight };
  struct Track {
    std::uint64_t order = 0;
    Place place = Place::Pending;
    std::uint32_t dialogueId = 0;
    std::string taskId;  // from NEW_TASK_CONF / TASK_QUEUED_EVENT
    std::optional<std::uint32_t> estimatedWaitS;
    bool cancelRequested = false;
    bool duplicateRetried = false;
    bool sentBefore = false;
    std::uint64_t sendNo = 0;  // which NEW_TASK of the router's is the open one
  };
  struct Expiry {
    std::chrono::steady_clock::time_point at;
    std::uint64_t sendNo = 0;
    std::string contactId;
  };

  void onStatus(const Contact& contact, ContactStatus previous);
  void add(const std::string& contactId, std::uint64_t order, std::string previousTaskId);
  void makePending(const std::string& contactId, Track& track);
  void hold(const std::string& contactId, Track& track);
  void releaseHeld();
  void pump();
  void send(const std::string& contactId, Track& track);
  /// Forgets the contact's track (and its stored record).
  void drop(const std::string& contactId);
  void save(const std::string& contactId, const Track& track);
  Track* inFlight(std::uint32_t dialogueId, std::string* contactId);
  // Deadlines (mr_router_deadlines.cpp).
  void watchExpiry(const std::string& contactId, const Track& track);
  void armExpiry();
  void onExpiry();
  void requeueReserved();

  ContactBook& contacts_;
  const Clock& clock_;
  Journal& journal_;
  Timers& timers_;
  MrRoutingOptions options_;
  TaskLink* link_ = nullptr;
  bool routingAvailable_ = true;
  bool pumping_ = false;

  std::map<std::string, Track, std::less<>> tracks_;
  std::map<std::uint64_t, std::string> pending_;  // by order
  std::map<std::uint64_t, std::string> held_;     // by order
  std::unordered_map<std::uint32_t, std::string> byDialogue_;
  std::map<std::string, Assignment, std::less<>> assignments_;
  std::uint64_t nextOrder_ = 1;
  TimerHandle retryTimer_;
  // Open dialogues by when they time out: one timeout for all, so sending order
  // is deadline order and one timer at the front is enough.
  std::deque<Expiry> expiries_;
  TimerHandle expiryTimer_;
  std::uint64_t sends_ = 0;
  // Since when no session is open; a start counts as a loss, since how long the
  // link was down before it is not known.
  std::chrono::steady_clock::time_point downSince_;
  RequeuePolicy requeuePolicy_;
  LinkLossNotice linkLossNotice_;
  std::function<void()> refusalNotice_;
  Counters counters_;
};

}  // namespace smfront::core
