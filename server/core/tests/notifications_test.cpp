// Notification rules: matching on applied tags, the outbox's order and
// durability, and the XMPP settings record.
#include "core/notifications.hpp"

#include <gtest/gtest.h>

#include "core/records.hpp"
#include "manual_time.hpp"

namespace smfront::core {
namespace {

using testing::ManualTime;

void apply(Snapshot& snapshot, Batch batch) {
  for (auto& m : batch.mutations) {
    if (auto* put = std::get_if<Put>(&m)) {
      snapshot[put->table][put->key] = std::move(put->value);
    } else {
      const auto& erase = std::get<Erase>(m);
      snapshot[erase.table].erase(erase.key);
    }
  }
}

struct ProcessRun {
  explicit ProcessRun(const Snapshot& stored = {}) {
    catalog.restore(stored);
    contacts.restore(stored);
    notifications.restore(stored);
  }
  ManualTime time;
  Bus bus;
  Journal journal;
  Catalog catalog{journal};
  ContactBook contacts{bus, time, journal};
  NotificationService notifications{catalog, contacts, journal, time};
};

class NotificationsTest : public ::testing::Test {
 protected:
  NotificationsTest() {
    Feed feed;
    feed.name = "chat";
    feed.tags = {"web"};
    feedId = run.catalog.createFeed(feed)->id;
    Campaign campaign;
    campaign.name = "Sales";
    campaign.feedIds = {feedId};
    run.catalog.createCampaign(campaign);
    Feed other;
    other.name = "elsewhere";
    otherFeedId = run.catalog.createFeed(other)->id;
  }

  NotificationRule imRule(std::vector<std::string> tags, std::vector<std::string> targets) {
    NotificationRule r;
    r.name = "im";
    r.type = RuleType::Im;
    r.campaign = "Sales";
    r.tags = std::move(tags);
    r.targets = std::move(targets);
    return r;
  }

  const Contact& addContact(std::int64_t feed, std::vector<std::string> tags) {
    const Feed* f = run.catalog.feed(feed);
    return run.contacts.add(newContactOf(*f, SourceType::Chat, "Ann", "Help", "", std::move(tags), {}));
  }

  ProcessRun run;
  std::int64_t feedId = 0;
  std::int64_t otherFeedId = 0;
};

TEST_F(NotificationsTest, FeedTagsCountAsAppliedAtCreation) {
  ASSERT_TRUE(run.notifications.createRule(imRule({"web"}, {"a@localhost", "b@localhost"})));
  int wakes = 0;
  run.notifications.onQueued(NotifyChannel::Im, [&] { ++wakes; });
  const Contact& c = addContact(feedId, {});
  const auto pending = run.notifications.pending(NotifyChannel::Im, 0, 10);
  ASSERT_EQ(pending.size(), 2u);
  EXPECT_EQ(pending[0].target, "a@localhost");
  EXPECT_EQ(pending[1].target, "b@localhost");
  EXPECT_LT(pending[0].seq, pending[1].seq);
  EXPECT_EQ(pending[0].contact.id, c.id);
  EXPECT_EQ(pending[0].tag, "web");
  EXPECT_EQ(wakes, 2);
}

TEST_F(NotificationsTest, OnlyContactsOfTheRulesCampaignMatch) {
  ASSERT_TRUE(run.notifications.createRule(imRule({"vip"}, {"a@localhost"})));
  addContact(otherFeedId, {"vip"});
  EXPECT_EQ(run.notifications.outboxSize(NotifyChannel::Im), 0u);
  addContact(feedId, {"other"});
  EXPECT_EQ(run.notifications.outboxSize(NotifyChannel::Im), 0u);
}

TEST_F(NotificationsTest, FiresWhenATagIsAddedLaterButNotAgainForAKeptTag) {
  ASSERT_TRUE(run.notifications.createRule(imRule({"vip"}, {"a@localhost"})));
  const std::string id = addContact(feedId, {}).id;
  EXPECT_EQ(run.notifications.outboxSize(NotifyChannel::Im), 0u);
  ContactEdit edit;
  edit.tags = std::vector<std::string>{"vip"};
  ASSERT_TRUE(run.contacts.edit(id, edit, Actor::server()));
  EXPECT_EQ(run.notifications.outboxSize(NotifyChannel::Im), 1u);
  edit.tags = std::vector<std::string>{"vip", "more"};
  ASSERT_TRUE(run.contacts.edit(id, edit, Actor::server()));
  EXPECT_EQ(run.notifications.outboxSize(NotifyChannel::Im), 1u);
}

TEST_F(NotificationsTest, TheFirstMatchingCceRuleSuppliesTheRouting) {
  EXPECT_FALSE(run.notifications.cceRouting(addContact(feedId, {"vip"}))) << "no cce rule yet";
  NotificationRule gold;
  gold.name = "gold";
  gold.type = RuleType::Cce;
  gold.campaign = "Sales";
  gold.tags = {"gold"};
  gold.scriptSelector = "GoldSelector";
  gold.mediaRoutingDomainId = 5001;
  ASSERT_TRUE(run.notifications.createRule(gold));
  NotificationRule anyone = gold;
  anyone.name = "anyone";
  anyone.tags = {};
  anyone.scriptSelector = "Everyone";
  anyone.mediaRoutingDomainId = 0;
  ASSERT_TRUE(run.notifications.createRule(anyone));
  const auto forGold = run.notifications.cceRouting(addContact(feedId, {"gold"}));
  ASSERT_TRUE(forGold);
  EXPECT_EQ(forGold->scriptSelector, "GoldSelector");
  EXPECT_EQ(forGold->mediaRoutingDomainId, 5001);
  const auto forOthers = run.notifications.cceRouting(addContact(feedId, {"silver"}));
  ASSERT_TRUE(forOthers) << "a rule without tags covers its whole campaign";
  EXPECT_EQ(forOthers->scriptSelector, "Everyone");
  EXPECT_FALSE(run.notifications.cceRouting(addContact(otherFeedId, {"gold"}))) << "another campaign's contact";
}

TEST_F(NotificationsTest, HttpRulesQueueTheirUrlAndCredentials) {
  NotificationRule r;
  r.name = "hook";
  r.type = RuleType::Http;
  r.campaign = "Sales";
  r.tags = {"web"};
  r.httpUrl = "http://127.0.0.1:9/hook";
  r.alternateHttpUrl = "http://127.0.0.1:9/other";
  r.httpUsername = "u";
  r.httpPassword = "p";
  ASSERT_TRUE(run.notifications.createRule(r));
  addContact(feedId, {});
  const auto pending = run.notifications.pending(NotifyChannel::Http, 0, 10);
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].target, "http://127.0.0.1:9/hook");
  EXPECT_EQ(pending[0].alternateTarget, "http://127.0.0.1:9/other");
  EXPECT_EQ(pending[0].username, "u");
  EXPECT_EQ(run.notifications.outboxSize(NotifyChannel::Im), 0u);
}

TEST_F(NotificationsTest, RulesNeedAnExistingCampaignAndACurrentStamp) {
  auto bad = imRule({"web"}, {"a@localhost"});
  bad.campaign = "nope";
  EXPECT_FALSE(run.notifications.createRule(bad));
  auto made = run.notifications.createRule(imRule({"web"}, {"a@localhost"}));
  ASSERT_TRUE(made);
  EXPECT_EQ(made->id, NotificationService::kFirstRuleId);
  EXPECT_EQ(run.notifications.updateRule(made->id, 5, [](NotificationRule&) {}).refusal().kind,
            Refusal::Kind::ChangeStamp);
  auto changed = run.notifications.updateRule(made->id, 0, [](NotificationRule& r) { r.name = "renamed"; });
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->changeStamp, 1);
  EXPECT_TRUE(run.notifications.deleteRule(made->id, 1));
  EXPECT_EQ(run.notifications.rule(made->id), nullptr);
}

TEST_F(NotificationsTest, OutboxRulesAndSettingsSurviveARestartInOrder) {
  ASSERT_TRUE(run.notifications.createRule(imRule({"web"}, {"a@localhost"})));
  XmppSettings settings;
  settings.enabled = true;
  settings.host = "xmpp.example.com";
  settings.password = "secret";
  run.notifications.setXmpp(settings);
  for (int i = 0; i < 3; ++i) addContact(feedId, {});
  const auto first = run.notifications.pending(NotifyChannel::Im, 0, 10);
  ASSERT_EQ(first.size(), 3u);
  run.notifications.deliveredThrough(NotifyChannel::Im, first[0].seq);

  Snapshot stored;
  apply(stored, run.journal.take());
  ProcessRun again(stored);
  again.notifications.seedXmpp(XmppSettings{});
  EXPECT_EQ(again.notifications.xmpp(), settings);
  ASSERT_EQ(again.notifications.rules().size(), 1u);
  const auto rest = again.notifications.pending(NotifyChannel::Im, 0, 10);
  ASSERT_EQ(rest.size(), 2u);
  EXPECT_EQ(rest[0].seq, first[1].seq);
  EXPECT_EQ(rest[1].seq, first[2].seq);
  EXPECT_EQ(rest[0].contact.id, first[1].contact.id);
  // Sequence numbers and rule ids are never given again.
  again.notifications.deliveredThrough(NotifyChannel::Im, rest[1].seq);
  EXPECT_EQ(again.notifications.outboxSize(NotifyChannel::Im), 0u);
  const Feed* f = again.catalog.feed(feedId);
  again.contacts.add(newContactOf(*f, SourceType::Chat, "B", "t", "", {}, {}));
  EXPECT_GT(again.notifications.pending(NotifyChannel::Im, 0, 1).at(0).seq, rest[1].seq);
  EXPECT_GT(again.notifications.createRule(imRule({"x"}, {"a@localhost"}))->id, NotificationService::kFirstRuleId);
}

}  // namespace
}  // namespace smfront::core
