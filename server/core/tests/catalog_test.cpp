#include "core/catalog.hpp"

#include <gtest/gtest.h>

namespace smfront::core {
namespace {

Feed feedNamed(std::string name, FeedType type = FeedType::Chat) {
  Feed f;
  f.name = std::move(name);
  f.type = type;
  return f;
}

TEST(Catalog, FeedIdsStartAt100000AndAreNeverReused) {
  Journal journal;
  Catalog c{journal};
  EXPECT_EQ(c.createFeed(feedNamed("a")).value().id, 100000);
  EXPECT_EQ(c.createFeed(feedNamed("b")).value().id, 100001);
  ASSERT_TRUE(c.deleteFeed(100001, std::nullopt));
  EXPECT_EQ(c.createFeed(feedNamed("c")).value().id, 100002);
}

TEST(Catalog, FeedNamesAreUnique) {
  Journal journal;
  Catalog c{journal};
  ASSERT_TRUE(c.createFeed(feedNamed("web")));
  auto again = c.createFeed(feedNamed("web"));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.refusal().field, "name");
}

TEST(Catalog, UpdateNeedsTheCurrentChangeStampAndBumpsIt) {
  Journal journal;
  Catalog c{journal};
  const auto id = c.createFeed(feedNamed("web")).value().id;
  auto stale = c.updateFeed(id, 5, [](Feed& f) { f.description = "x"; });
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.refusal().kind, Refusal::Kind::ChangeStamp);
  auto ok = c.updateFeed(id, 0, [](Feed& f) { f.description = "x"; });
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->changeStamp, 1);
  EXPECT_EQ(c.feed(id)->description, "x");
  EXPECT_FALSE(c.deleteFeed(id, 0)) << "delete checks the stamp when given";
  EXPECT_TRUE(c.deleteFeed(id, 1));
  EXPECT_EQ(c.feed(id), nullptr);
}

TEST(Catalog, CampaignPublicIdsDeriveFromNamesAndStayUnique) {
  Journal journal;
  Catalog c{journal};
  Campaign a;
  a.name = "Spring sale 2026!";
  EXPECT_EQ(c.createCampaign(a).value().publicId, "Spring_sale_2026_");
  EXPECT_EQ(c.createCampaign(a).value().publicId, "Spring_sale_2026__2");
  Campaign utf8;
  utf8.name = "Caf\xC3\xA9 \xF0\x9F\x98\x80";
  EXPECT_EQ(c.createCampaign(utf8).value().publicId, "Caf___") << "one '_' per character, not per byte";
  Campaign bad;
  bad.name = "x";
  bad.publicId = "no spaces";
  EXPECT_FALSE(c.createCampaign(bad));
}

TEST(Catalog, CampaignsOfAFeed) {
  Journal journal;
  Catalog c{journal};
  Campaign a;
  a.name = "a";
  a.feedIds = {100000, 100001};
  Campaign b;
  b.name = "b";
  b.feedIds = {100001};
  ASSERT_TRUE(c.createCampaign(a));
  ASSERT_TRUE(c.createCampaign(b));
  EXPECT_EQ(c.campaignsOfFeed(100001), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(c.campaignsOfFeed(100000), (std::vector<std::string>{"a"}));
}

TEST(Catalog, PublicIdIsImmutable) {
  Journal journal;
  Catalog c{journal};
  Campaign a;
  a.name = "a";
  ASSERT_TRUE(c.createCampaign(a));
  auto updated = c.updateCampaign("a", 0, [](Campaign& x) {
    x.publicId = "other";
    x.description = "d";
  });
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->publicId, "a");
  EXPECT_EQ(c.campaign("a")->description, "d");
}

}  // namespace
}  // namespace smfront::core
