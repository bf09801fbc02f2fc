#include "core/campaign_members.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/event_bus.hpp"
#include "core/journal.hpp"
#include "manual_time.hpp"

namespace smfront::core {
namespace {

using namespace std::chrono_literals;
using testing::ManualTime;

class CampaignMembersTest : public ::testing::Test {
 protected:
  const Contact& add(std::int64_t feedId, std::string title) {
    Contact c;
    c.id = title;  // ids are the callers' to choose
    c.feedId = feedId;
    c.title = std::move(title);
    const Contact& added = contacts_.add(std::move(c));
    time_.advance(1ms);  // each one newer than the last
    return added;
  }

  ManualTime time_;
  Bus bus_;
  Journal journal_;
  ContactBook contacts_{bus_, time_, journal_};
};

TEST_F(CampaignMembersTest, TheContactsOfTheCampaignsFeedsNewestFirst) {
  add(100000, "first");
  add(100001, "other feed");
  add(100002, "second");
  add(100000, "third");
  Campaign campaign;
  campaign.feedIds = {100000, 100002};
  std::vector<std::string> titles;
  for (const Contact* c : campaignMembers(campaign, contacts_)) titles.push_back(c->title);
  EXPECT_EQ(titles, (std::vector<std::string>{"third", "second", "first"}));
}

TEST_F(CampaignMembersTest, SuggestedTagsAreTheMostUsedThenTheMostRecentAtMostTen) {
  auto tagged = [&](std::int64_t feedId, std::string id, std::vector<std::string> tags) {
    Contact c;
    c.id = std::move(id);
    c.feedId = feedId;
    c.tags = std::move(tags);
    contacts_.add(std::move(c));
    time_.advance(1ms);
  };
  tagged(100000, "a", {"billing", "old"});
  tagged(100000, "b", {"billing", "vip"});
  tagged(100001, "c", {"elsewhere", "elsewhere2"});
  tagged(100000, "d", {"new"});
  for (int i = 0; i < 12; ++i) tagged(100000, "t" + std::to_string(i), {"x" + std::to_string(i % 10 + 10)});
  Campaign campaign;
  campaign.feedIds = {100000};
  const auto tags = suggestedTags(campaign, contacts_);
  ASSERT_EQ(tags.size(), 10u);
  EXPECT_EQ(tags[0], "x11") << "used twice, last by the newest contact";
  EXPECT_EQ(tags[1], "x10");
  EXPECT_EQ(tags[2], "billing");
  EXPECT_EQ(std::count(tags.begin(), tags.end(), "elsewhere"), 0) << "another feed's contact";
  EXPECT_EQ(suggestedTags(campaign, contacts_, 1), std::vector<std::string>{"x11"}) << "only the newest contacts count";
}

TEST_F(CampaignMembersTest, ACampaignWithoutFeedsHasNoMembers) {
  add(100000, "first");
  EXPECT_TRUE(campaignMembers(Campaign{}, contacts_).empty());
}

}  // namespace
}  // namespace smfront::core
