#include "core/request_service.hpp"

#include "core/contact_status.hpp"
#include "core/records.hpp"

namespace smfront::core {

namespace {
constexpr std::string_view kCancelSucceeded = "notification_cce_callback_cancel_succeeded";
constexpr std::string_view kRenotify = "task_renotify_requested";

FeedType feedTypeFor(SourceType type) { return type == SourceType::Task ? FeedType::Task : FeedType::Callback; }

bool isRequest(SourceType type) { return type == SourceType::Callback || type == SourceType::Task; }

// Not yet given to an agent.
bool isWaiting(ContactStatus status) { return status == ContactStatus::Unread || status == ContactStatus::Queued; }

Refusal notFound(std::string_view id) {
  return Refusal{Refusal::Kind::NotFound, "id", "no request " + std::string(id) + ", or it expired"};
}
}  // namespace

RequestService::RequestService(Catalog& catalog, ContactBook& contacts, RequestRouter& router, const Clock& clock,
                               Journal& journal, std::chrono::milliseconds pollExpiry)
    : catalog_(catalog), contacts_(contacts), router_(router), clock_(clock), journal_(journal), pollExpiry_(pollExpiry) {
  contacts_.addStatusObserver([this](const Contact& c, ContactStatus previous, const Actor&) { onStatus(c, previous); });
}

void RequestService::onStatus(const Contact& contact, ContactStatus previous) {
  if (!isRequest(contact.sourceType) || isWaiting(previous) == isWaiting(contact.status)) return;
  auto& count = waiting_[slotOf(contact.sourceType)];
  if (isWaiting(contact.status)) {
    ++count;
  } else if (count > 0) {
    --count;
  }
}

void RequestService::save(const std::string& contactId, const Entry& entry) {
  journal_.put(records::kRequests, contactId, records::encode(records::RequestRecord{entry.request, entry.cancelled}));
}

// Status resources come back as if polled at the restart: pages that poll keep
// them, the rest expire one poll expiry later.
void RequestService::restore(const Snapshot& snapshot) {
  const auto now = clock_.nowMs();
  std::vector<std::pair<std::int64_t, std::string>> byCreation;
  for (const auto& [id, value] : tableOf(snapshot, records::kRequests)) {
    auto r = records::decodeRequest(value);
    entries_[id] = Entry{std::move(r.request), now, r.cancelled};
    const Contact* contact = contacts_.find(id);
    byCreation.emplace_back(contact ? contact->createdDate : 0, id);
    if (contact != nullptr && isRequest(contact->sourceType) && isWaiting(contact->status)) {
      ++waiting_[slotOf(contact->sourceType)];
    }
  }
  std::sort(byCreation.begin(), byCreation.end());
  for (auto& [_, id] : byCreation) byAge_.push_back(std::move(id));
}

Outcome<Contact> RequestService::create(const NewRequest& request) {
  const Feed* feed = catalog_.feed(request.feedId);
  const FeedType wanted = feedTypeFor(request.type);
  if (feed == nullptr || feed->type != wanted) {
    return Refusal{Refusal::Kind::InvalidValue, "feed",
                   feed == nullptr ? "no feed " + std::to_string(request.feedId)
                                   : "feed " + std::to_string(request.feedId) + " is not a " +
                                         std::string(toString(request.type)) + " feed (type " +
                                         std::to_string(static_cast<int>(wanted)) + ")"};
  }
  const std::size_t limit = request.type == SourceType::Task ? limits_.queuedTasks : limits_.queuedCallbacks;
  if (waiting_[slotOf(request.type)] >= limit) {
    const std::string_view key = request.type == SourceType::Task ? "queued_tasks" : "queued_callbacks";
    if (limits_.reached) limits_.reached(key);
    return Refusal{Refusal::Kind::Busy, std::string(toString(request.type)),
                   "as many " + std::string(toString(request.type)) + "s wait for an agent as the server takes (" +
                       std::to_string(limit) + "); try again later",
                   limits_.retryAfterS};
  }
  if (!router_.hasRoom()) {
    // CCE is not taking contacts as fast as they come (limits.mr_pending_tasks):
    // refused before it exists, rather than created only to be discarded.
    if (limits_.reached) limits_.reached("mr_pending_tasks");
    return Refusal{Refusal::Kind::Busy, std::string(toString(request.type)),
                   "as many contacts wait to be sent to CCE as the server takes; try again later", limits_.retryAfterS};
  }
  Contact contact = newContactOf(*feed, request.type, request.name, request.title, request.description,
                                 request.tags, request.extensionFields);
  sweep();
  const std::string id = contact.id;
  const auto& entry = entries_[id] = Entry{request, clock_.nowMs(), false};
  save(id, entry);
  byAge_.push_back(id);
  ++waiting_[slotOf(request.type)];  // added unread, which no observer hears
  contacts_.add(std::move(contact));
  router_.enqueue(id);
  return *contacts_.find(id);
}

// Status resources nobody polls any more would otherwise pile up under load.
// Each create looks at a few of the oldest: an expired one of a finished
// contact is retired (the contact stays for the admin API); one whose contact
// is still open keeps its request data, which routing needs, goes to the back
// and ends the sweep, as does a resource polled recently. Ending there keeps a
// create's cost flat when most contacts stay open for long (CCE holds them
// reserved), instead of looking at the same open ones again and again.
void RequestService::sweep() {
  constexpr int kPerCreate = 16;
  const auto now = clock_.nowMs();
  for (int i = 0; i < kPerCreate && !byAge_.empty(); ++i) {
    const std::string id = std::move(byAge_.front());
    byAge_.pop_front();
    const auto it = entries_.find(id);
    if (it == entries_.end()) continue;
    if (!it->second.cancelled && now - it->second.lastPollMs < pollExpiry_.count()) {
      byAge_.push_front(id);
      return;
    }
    const Contact* contact = contacts_.find(id);
    const bool open = contact != nullptr && (contact->status == ContactStatus::Unread ||
                                             contact->status == ContactStatus::Queued ||
                                             contact->status == ContactStatus::Reserved);
    if (open) {
      byAge_.push_back(id);
      return;
    }
    router_.forget(id);
    journal_.erase(records::kRequests, id);
    entries_.erase(it);
  }
}

RequestService::Entry* RequestService::live(std::string_view contactId, SourceType type) {
  const auto it = entries_.find(contactId);
  if (it == entries_.end() || it->second.request.type != type || it->second.cancelled) return nullptr;
  if (clock_.nowMs() - it->second.lastPollMs >= pollExpiry_.count()) return nullptr;
  if (contacts_.find(contactId) == nullptr) return nullptr;
  return &it->second;
}

RequestStatus RequestService::statusOf(const Contact& contact, SourceType type) const {
  RequestStatus s;
  s.contactId = contact.id;
  s.type = type;
  s.status = contact.status;
  s.statusReason = contact.statusReason;
  if (contact.status == ContactStatus::Queued) {
    if (auto standing = router_.standing(contact.id)) {
      s.position = standing->position;
      s.estimatedWaitS = standing->estimatedWaitS;
    } else {
      s.estimatedWaitS = -1;
    }
  }
  if (contact.status == ContactStatus::Reserved || contact.status == ContactStatus::Handled) {
    if (auto assignment = router_.assignment(contact.id)) {
      s.taskId = assignment->taskId;
      s.agentId = assignment->agent;
    } else if (!contact.statusUserId.empty()) {
      s.agentId = contact.statusUserId;
    }
  }
  return s;
}

Outcome<RequestStatus> RequestService::poll(std::string_view contactId, SourceType type) {
  Entry* entry = live(contactId, type);
  if (entry == nullptr) return notFound(contactId);
  entry->lastPollMs = clock_.nowMs();
  return statusOf(*contacts_.find(contactId), type);
}

Outcome<RequestStatus> RequestService::cancel(std::string_view contactId, SourceType type) {
  Entry* entry = live(contactId, type);
  if (entry == nullptr) return notFound(contactId);
  const Contact* contact = contacts_.find(contactId);
  if (contact->status != ContactStatus::Unread && contact->status != ContactStatus::Queued) {
    return Refusal{Refusal::Kind::Transition, "status",
                   "too late to cancel: the request is " + std::string(toString(contact->status))};
  }
  router_.dequeue(std::string(contactId));
  auto changed = contacts_.setStatus(contactId, ContactStatus::Discarded, std::string(kCancelSucceeded), Actor::server());
  if (!changed) return changed.refusal();
  entry->cancelled = true;
  save(std::string(contactId), *entry);
  return statusOf(changed.value(), type);
}

Outcome<Done> RequestService::renotify(std::string_view contactId, std::optional<std::string> scriptSelector) {
  const auto it = entries_.find(contactId);
  const Contact* contact = contacts_.find(contactId);
  if (it == entries_.end() || it->second.request.type != SourceType::Task || contact == nullptr) {
    return Refusal{Refusal::Kind::NotFound, "id", "no task " + std::string(contactId)};
  }
  if (contact->status != ContactStatus::Reserved) {
    return Refusal{Refusal::Kind::Precondition, "status",
                   "only a reserved task can be renotified; this one is " + std::string(toString(contact->status))};
  }
  if (scriptSelector) {
    it->second.request.scriptSelector = *scriptSelector;
    save(it->first, it->second);
  }
  router_.enqueue(std::string(contactId), std::string(kRenotify));
  return Done{};
}

void RequestService::erase(std::string_view contactId) {
  const auto it = entries_.find(contactId);
  if (it == entries_.end()) return;
  if (const Contact* contact = contacts_.find(contactId); contact && isWaiting(contact->status)) {
    auto& count = waiting_[slotOf(it->second.request.type)];
    if (count > 0) --count;
  }
  router_.forget(it->first);
  journal_.erase(records::kRequests, it->first);
  entries_.erase(it);  // its byAge_ slot is skipped by the sweep
}

const NewRequest* RequestService::request(std::string_view contactId) const {
  const auto it = entries_.find(contactId);
  return it == entries_.end() ? nullptr : &it->second.request;
}

}  // namespace smfront::core
