#include "core/campaign_members.hpp"

#include <gtest/gtest.h>

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

TEST_F(CampaignMembersTest, ACampaignWithoutFeedsHasNoMembers) {
  add(100000, "first");
  EXPECT_TRUE(campaignMembers(Campaign{}, contacts_).empty());
}

}  // namespace
}  // namespace smfront::core
