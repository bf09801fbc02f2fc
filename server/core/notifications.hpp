#pragma once
// Notification rules, the outbound XMPP settings and the notifier outbox.
//
// A rule fires when one of its tags is applied to a contact of its campaign
// (a new contact's tags all count as applied). An im rule puts one outbox entry
// per target, an http rule one entry for its URL; email and cce rules are kept
// and validated but queue nothing here. Entries are journaled in the same
// change as the contact that fired them, so an acknowledged contact never loses
// its notifications, and they stay until a deliverer confirms them.
//
// Deliverers (server/notify) read the outbox in sequence order per channel and
// hear of new entries and settings through wake-ups that run on the core strand.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/catalog.hpp"
#include "core/clock.hpp"
#include "core/contact_book.hpp"
#include "core/domain.hpp"
#include "core/journal.hpp"
#include "core/outcome.hpp"
#include "core/store.hpp"

namespace smfront::core {

/// What a `cce` rule says about routing a contact through CCE (spec
/// socialminer-rest 8.5): the script selector and media routing domain.
struct CceRouting {
  std::string scriptSelector;
  std::int64_t mediaRoutingDomainId = 0;  // 0: the domain configured for the contact's type
};

class NotificationService {
 public:
  static constexpr std::int64_t kFirstRuleId = 100000;

  NotificationService(Catalog& catalog, ContactBook& contacts, Journal& journal, const Clock& clock);
  /// Takes back what an earlier run stored (before serving starts).
  void restore(const Snapshot& snapshot);
  /// The configuration's settings, used only when none are stored.
  void seedXmpp(const XmppSettings& settings);

  /// Assigns the next id (never reused); the campaign must exist.
  Outcome<NotificationRule> createRule(NotificationRule rule);
  const NotificationRule* rule(std::int64_t id) const;
  std::vector<NotificationRule> rules() const;
  /// Applies `change` when `changeStamp` matches; the stamp then goes up by one.
  Outcome<NotificationRule> updateRule(std::int64_t id, std::int64_t changeStamp,
                                       const std::function<void(NotificationRule&)>& change);
  Outcome<Done> deleteRule(std::int64_t id, std::optional<std::int64_t> changeStamp);
  /// The routing of the first `cce` rule (by id) of a campaign of the contact's feed
  /// that has one of the contact's tags, or no tags at all; nullopt when none does.
  std::optional<CceRouting> cceRouting(const Contact& contact) const;

  const XmppSettings& xmpp() const { return xmpp_; }
  /// Stores the settings and wakes the XMPP deliverer (which reconnects).
  void setXmpp(XmppSettings settings);

  /// Up to `max` entries of `channel` after `afterSeq`, oldest first.
  std::vector<OutboxEntry> pending(NotifyChannel channel, std::int64_t afterSeq, std::size_t max) const;
  /// Removes the entries of `channel` up to and including `seq`.
  void deliveredThrough(NotifyChannel channel, std::int64_t seq);
  /// Removes one entry (delivered, or given up on).
  void remove(std::int64_t seq);
  std::size_t outboxSize(NotifyChannel channel) const;

  /// `wake` runs on the core strand whenever an entry of `channel` is queued.
  void onQueued(NotifyChannel channel, std::function<void()> wake);
  /// `wake` runs on the core strand whenever the XMPP settings change.
  void onXmppChanged(std::function<void()> wake);

  /// How many times a rule fired since the start (metrics).
  std::uint64_t firedCount() const { return fired_; }

 private:
  void contactTagged(const Contact& contact, const std::vector<std::string>* previous);
  void queue(OutboxEntry entry);
  std::optional<Refusal> check(const NotificationRule& rule) const;
  void saveRule(const NotificationRule& rule);

  Catalog& catalog_;
  Journal& journal_;
  const Clock& clock_;
  std::map<std::int64_t, NotificationRule> rules_;
  std::map<std::int64_t, OutboxEntry> outbox_;
  XmppSettings xmpp_;
  bool xmppStored_ = false;
  std::int64_t nextRuleId_ = kFirstRuleId;
  std::int64_t nextSeq_ = 1;
  std::uint64_t fired_ = 0;
  std::vector<std::function<void()>> imWakes_;
  std::vector<std::function<void()>> httpWakes_;
  std::vector<std::function<void()>> xmppWakes_;
};

}  // namespace smfront::core
