#pragma once
// Callback and task requests: a contact that the router queues and assigns,
// plus the public status resource the requesting page polls. The resource
// answers while it is polled; after `pollExpiry` without a poll, or after a
// cancel, it is gone (the contact stays, for the admin API).
#include <array>
#include <chrono>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/catalog.hpp"
#include "core/contact_book.hpp"
#include "core/router.hpp"
#include "core/service_limits.hpp"

namespace smfront::core {

/// What the public status resource shows.
struct RequestStatus {
  std::string contactId;
  SourceType type = SourceType::Callback;
  ContactStatus status = ContactStatus::Unread;
  std::string statusReason;
  std::optional<std::int64_t> estimatedWaitS;  // while queued
  std::optional<std::size_t> position;         // while queued
  std::optional<std::string> taskId;           // once assigned
  std::optional<std::string> agentId;          // once assigned
};

class RequestService {
 public:
  RequestService(Catalog& catalog, ContactBook& contacts, RequestRouter& router, const Clock& clock,
                 Journal& journal, std::chrono::milliseconds pollExpiry);
  /// Takes back what an earlier run stored, after the contacts (before serving starts).
  void restore(const Snapshot& snapshot);
  /// Callbacks and tasks waiting beyond these are refused (Busy).
  void limitWith(const ServiceLimits& limits) { limits_ = limits; }
  /// Callbacks (or tasks) not yet given to an agent: unread or queued.
  std::size_t waiting(SourceType type) const { return waiting_[slotOf(type)]; }

  Outcome<Contact> create(const NewRequest& request);
  /// Counts as a poll: the resource lives on.
  Outcome<RequestStatus> poll(std::string_view contactId, SourceType type);
  /// Only while nobody was assigned yet (unread, queued).
  Outcome<RequestStatus> cancel(std::string_view contactId, SourceType type);
  /// A reserved task goes back to the router (task_renotify_requested).
  Outcome<Done> renotify(std::string_view contactId, std::optional<std::string> scriptSelector);
  const NewRequest* request(std::string_view contactId) const;
  /// Forgets a request entirely (retention).
  void erase(std::string_view contactId);

 private:
  struct Entry {
    NewRequest request;
    std::int64_t lastPollMs = 0;
    bool cancelled = false;
  };
  Entry* live(std::string_view contactId, SourceType type);
  void sweep();
  void save(const std::string& contactId, const Entry& entry);
  RequestStatus statusOf(const Contact& contact, SourceType type) const;
  void onStatus(const Contact& contact, ContactStatus previous);
  static std::size_t slotOf(SourceType type) { return type == SourceType::Task ? 1 : 0; }

  Catalog& catalog_;
  ContactBook& contacts_;
  RequestRouter& router_;
  const Clock& clock_;
  Journal& journal_;
  std::chrono::milliseconds pollExpiry_;
  std::map<std::string, Entry, std::less<>> entries_;
  std::deque<std::string> byAge_;  // entry ids, oldest first, for the sweep
  ServiceLimits limits_;
  // Counted as statuses change, since every create checks them: callbacks, tasks.
  std::array<std::size_t, 2> waiting_{};
};

}  // namespace smfront::core
