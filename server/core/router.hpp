#pragma once
// The internal router: callbacks and tasks wait in one queue per feed and go to
// the longest-available logged-in agent with room for one more. Chats are not
// routed here: agents claim them.
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/contact_book.hpp"

namespace smfront::core {

struct RoutingOptions {
  std::size_t agentTaskLimit = 1;                   // contacts an agent holds at once
  std::chrono::seconds defaultHandleTime{120};      // until handle times are known
};

/// Where a queued contact stands.
struct QueueStanding {
  std::size_t position = 0;          // 1 = next to be assigned
  std::int64_t estimatedWaitS = -1;  // -1: no agent logged in
};

/// Who a contact went to, and SocialMiner's task id for that assignment.
struct Assignment {
  std::string agent;
  std::string taskId;  // <day>_<callId>_<seq>
};

/// What the request service needs of whoever routes callbacks and tasks: the
/// internal router, or the Media Routing link to CCE (routing = mr).
class RequestRouter {
 public:
  virtual ~RequestRouter() = default;
  /// Queues an unread or reserved contact (renotify) with `reason`.
  virtual void enqueue(const std::string& contactId, std::string reason = "externally_routed") = 0;
  /// Takes a contact out of routing (a cancel).
  virtual void dequeue(const std::string& contactId) = 0;
  /// Drops what the router remembers of a finished contact.
  virtual void forget(const std::string& contactId) = 0;
  virtual std::optional<QueueStanding> standing(const std::string& contactId) const = 0;
  virtual std::optional<Assignment> assignment(const std::string& contactId) const = 0;
  /// Contacts waiting for an agent.
  virtual std::size_t queued() const = 0;
  /// False while a new contact would not be taken (the router is at its limit):
  /// a door can refuse before creating one.
  virtual bool hasRoom() const { return true; }
};

class InternalRouter final : public RequestRouter {
 public:
  InternalRouter(ContactBook& contacts, const Clock& clock, Journal& journal, RoutingOptions options);

  /// Takes back queues and assignments an earlier run stored, after the contacts
  /// (before serving starts). Queued contacts keep their places.
  void restore(const Snapshot& snapshot);

  /// An agent logs in, or becomes available again (idempotent).
  void agentAvailable(const std::string& agent);
  /// An agent logs out: it keeps what it holds but gets nothing new.
  void agentUnavailable(const std::string& agent);
  std::size_t agentsLoggedIn() const;

  /// Queues an unread or reserved contact (renotify) with `reason`, and assigns what it can.
  void enqueue(const std::string& contactId, std::string reason = "externally_routed") override;
  /// Takes a contact out of its queue (a cancel).
  void dequeue(const std::string& contactId) override;

  /// Drops what the router remembers of a finished contact (its assignment).
  void forget(const std::string& contactId) override;

  std::optional<QueueStanding> standing(const std::string& contactId) const override;
  std::optional<Assignment> assignment(const std::string& contactId) const override;
  std::size_t queued() const override;

 private:
  struct Agent {
    std::size_t holding = 0;
    bool loggedIn = false;
    std::int64_t availableSinceMs = 0;  // when it last had nothing to do
  };
  struct Waiting {
    std::string contactId;
    std::int64_t sinceMs = 0;
  };
  void assignWhatWeCan();
  void onStatus(const Contact& contact, ContactStatus previous);
  std::int64_t averageHandleMs() const;
  using Agents = std::map<std::string, Agent>;
  Agents::iterator longestAvailable();

  ContactBook& contacts_;
  const Clock& clock_;
  Journal& journal_;
  RoutingOptions options_;
  Agents agents_;
  std::map<std::int64_t, std::deque<Waiting>> queues_;  // by feed id
  std::map<std::string, Assignment, std::less<>> assignments_;
  std::map<std::string, std::int64_t, std::less<>> reservedAtMs_;
  std::deque<std::int64_t> recentHandleMs_;  // the last handle times, newest last
  std::int64_t nextCallId_ = 1;
  std::map<std::string, int, std::less<>> renotifications_;
};

}  // namespace smfront::core
