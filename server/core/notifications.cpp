#include "core/notifications.hpp"

#include <algorithm>

#include "core/records.hpp"

namespace smfront::core {

namespace {
constexpr std::string_view kOutboxCounter = "outbox";
constexpr std::string_view kRuleCounter = "notification_rule";
constexpr std::string_view kXmppKey = "xmpp";

bool contains(const std::vector<std::string>& values, const std::string& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}
}  // namespace

NotificationService::NotificationService(Catalog& catalog, ContactBook& contacts, Journal& journal,
                                         const Clock& clock)
    : catalog_(catalog), journal_(journal), clock_(clock) {
  contacts.addTagObserver(
      [this](const Contact& contact, const std::vector<std::string>* previous) { contactTagged(contact, previous); });
}

void NotificationService::restore(const Snapshot& snapshot) {
  for (const auto& [key, value] : tableOf(snapshot, records::kNotificationRules)) {
    NotificationRule rule = records::decodeNotificationRule(value);
    nextRuleId_ = std::max(nextRuleId_, rule.id + 1);
    rules_[rule.id] = std::move(rule);
  }
  for (const auto& [key, value] : tableOf(snapshot, records::kOutbox)) {
    OutboxEntry entry = records::decodeOutboxEntry(value);
    nextSeq_ = std::max(nextSeq_, entry.seq + 1);
    outbox_[entry.seq] = std::move(entry);
  }
  const auto& settings = tableOf(snapshot, records::kSettings);
  if (const auto it = settings.find(std::string(kXmppKey)); it != settings.end()) {
    xmpp_ = records::decodeXmppSettings(it->second);
    xmppStored_ = true;
  }
  const auto& counters = tableOf(snapshot, records::kCounters);
  if (const auto it = counters.find(std::string(kRuleCounter)); it != counters.end()) {
    nextRuleId_ = std::max(nextRuleId_, records::decodeCounter(it->second));
  }
  if (const auto it = counters.find(std::string(kOutboxCounter)); it != counters.end()) {
    nextSeq_ = std::max(nextSeq_, records::decodeCounter(it->second));
  }
}

void NotificationService::seedXmpp(const XmppSettings& settings) {
  if (!xmppStored_) xmpp_ = settings;
}

std::optional<Refusal> NotificationService::check(const NotificationRule& rule) const {
  if (catalog_.campaign(rule.campaign) == nullptr) {
    return Refusal{Refusal::Kind::InvalidValue, "campaignUrl", "no campaign " + rule.campaign};
  }
  return std::nullopt;
}

void NotificationService::saveRule(const NotificationRule& rule) {
  journal_.put(records::kNotificationRules, records::padded(rule.id), records::encode(rule));
}

Outcome<NotificationRule> NotificationService::createRule(NotificationRule rule) {
  if (auto refused = check(rule)) return *refused;
  rule.id = nextRuleId_++;
  rule.changeStamp = 0;
  journal_.put(records::kCounters, std::string(kRuleCounter), records::encodeCounter(nextRuleId_));
  saveRule(rule);
  return rules_.emplace(rule.id, rule).first->second;
}

const NotificationRule* NotificationService::rule(std::int64_t id) const {
  const auto it = rules_.find(id);
  return it == rules_.end() ? nullptr : &it->second;
}

std::vector<NotificationRule> NotificationService::rules() const {
  std::vector<NotificationRule> out;
  for (const auto& [_, r] : rules_) out.push_back(r);
  return out;
}

Outcome<NotificationRule> NotificationService::updateRule(std::int64_t id, std::int64_t changeStamp,
                                                          const std::function<void(NotificationRule&)>& change) {
  auto it = rules_.find(id);
  if (it == rules_.end()) return Refusal{Refusal::Kind::NotFound, "notificationrule", "no rule " + std::to_string(id)};
  if (auto stale = checkChangeStamp(changeStamp, it->second.changeStamp)) return *stale;
  NotificationRule updated = it->second;
  change(updated);
  updated.id = id;
  if (auto refused = check(updated)) return *refused;
  updated.changeStamp = it->second.changeStamp + 1;
  it->second = updated;
  saveRule(updated);
  return updated;
}

Outcome<Done> NotificationService::deleteRule(std::int64_t id, std::optional<std::int64_t> changeStamp) {
  auto it = rules_.find(id);
  if (it == rules_.end()) return Refusal{Refusal::Kind::NotFound, "notificationrule", "no rule " + std::to_string(id)};
  if (auto stale = checkChangeStamp(changeStamp, it->second.changeStamp)) return *stale;
  rules_.erase(it);
  journal_.erase(records::kNotificationRules, records::padded(id));
  return Done{};
}

void NotificationService::setXmpp(XmppSettings settings) {
  xmpp_ = std::move(settings);
  xmppStored_ = true;
  journal_.put(records::kSettings, std::string(kXmppKey), records::encode(xmpp_));
  for (const auto& wake : xmppWakes_) wake();
}

std::vector<OutboxEntry> NotificationService::pending(NotifyChannel channel, std::int64_t afterSeq,
                                                      std::size_t max) const {
  std::vector<OutboxEntry> out;
  for (auto it = outbox_.upper_bound(afterSeq); it != outbox_.end() && out.size() < max; ++it) {
    if (it->second.channel == channel) out.push_back(it->second);
  }
  return out;
}

void NotificationService::deliveredThrough(NotifyChannel channel, std::int64_t seq) {
  for (auto it = outbox_.begin(); it != outbox_.end() && it->first <= seq;) {
    if (it->second.channel == channel) {
      journal_.erase(records::kOutbox, records::padded(it->first));
      it = outbox_.erase(it);
    } else {
      ++it;
    }
  }
}

void NotificationService::remove(std::int64_t seq) {
  if (outbox_.erase(seq) > 0) journal_.erase(records::kOutbox, records::padded(seq));
}

std::size_t NotificationService::outboxSize(NotifyChannel channel) const {
  return static_cast<std::size_t>(
      std::count_if(outbox_.begin(), outbox_.end(), [channel](const auto& e) { return e.second.channel == channel; }));
}

void NotificationService::onQueued(NotifyChannel channel, std::function<void()> wake) {
  (channel == NotifyChannel::Im ? imWakes_ : httpWakes_).push_back(std::move(wake));
}

void NotificationService::onXmppChanged(std::function<void()> wake) { xmppWakes_.push_back(std::move(wake)); }

std::optional<CceRouting> NotificationService::cceRouting(const Contact& contact) const {
  std::optional<std::vector<std::string>> campaigns;  // looked up only if there is a cce rule
  for (const auto& [id, rule] : rules_) {
    if (rule.type != RuleType::Cce) continue;
    if (!campaigns) campaigns = catalog_.campaignsOfFeed(contact.feedId);
    if (!contains(*campaigns, rule.campaign)) continue;
    const bool tagged = rule.tags.empty() || std::any_of(rule.tags.begin(), rule.tags.end(), [&](const std::string& tag) {
                          return contains(contact.tags, tag);
                        });
    if (tagged) return CceRouting{rule.scriptSelector, rule.mediaRoutingDomainId};
  }
  return std::nullopt;
}

void NotificationService::contactTagged(const Contact& contact, const std::vector<std::string>* previous) {
  if (rules_.empty()) return;
  const auto campaigns = catalog_.campaignsOfFeed(contact.feedId);
  for (const auto& [id, rule] : rules_) {
    if (!contains(campaigns, rule.campaign)) continue;
    // The first of the rule's tags that is newly applied; one notification per rule and change.
    const auto applied = std::find_if(rule.tags.begin(), rule.tags.end(), [&](const std::string& tag) {
      return contains(contact.tags, tag) && (previous == nullptr || !contains(*previous, tag));
    });
    if (applied == rule.tags.end()) continue;
    ++fired_;
    OutboxEntry entry;
    entry.ruleId = id;
    entry.tag = *applied;
    entry.contact = contact;
    entry.queuedMs = clock_.nowMs();
    if (rule.type == RuleType::Im) {
      entry.channel = NotifyChannel::Im;
      entry.body = rule.body;
      for (const auto& target : rule.targets) {
        entry.target = target;
        queue(entry);
      }
    } else if (rule.type == RuleType::Http) {
      entry.channel = NotifyChannel::Http;
      entry.target = rule.httpUrl;
      entry.alternateTarget = rule.alternateHttpUrl;
      entry.username = rule.httpUsername;
      entry.password = rule.httpPassword;
      entry.verifyTls = rule.sslVerifyCertificates;
      queue(std::move(entry));
    }
  }
}

void NotificationService::queue(OutboxEntry entry) {
  entry.seq = nextSeq_++;
  journal_.put(records::kCounters, std::string(kOutboxCounter), records::encodeCounter(nextSeq_));
  journal_.put(records::kOutbox, records::padded(entry.seq), records::encode(entry));
  const auto channel = entry.channel;
  outbox_.emplace(entry.seq, std::move(entry));
  for (const auto& wake : channel == NotifyChannel::Im ? imWakes_ : httpWakes_) wake();
}

}  // namespace smfront::core
