#include "ccp/campaign_results.hpp"

#include <gtest/gtest.h>

#include "xml/parser.hpp"

namespace smfront::ccp {
namespace {

TEST(CampaignResults, IsAnAtomFeedWithCcpFieldsAndPaging) {
  CampaignResultsPage page;
  page.title = "Spring sale";
  page.id = "http://h/ccp-webapp/ccp/campaign/Spring_sale/results";
  page.updatedMs = 1'764'000'000'000;
  page.selfHref = page.id + "?startIndex=0";
  page.nextHref = page.id + "?startIndex=50";
  CampaignResultEntry e;
  e.title = "Billing & more";
  e.socialContactHref = "http://h/ccp-webapp/ccp/socialcontact/AB";
  e.alternateHref = e.socialContactHref;
  e.summary = "desc";
  e.publishedMs = 1'764'000'000'000;
  e.status = "reserved";
  e.statusTimestampMs = 1'764'000'001'000;
  e.tags = {"web", "vip"};
  e.statusUserId = "mary";
  e.sourceType = "chat";
  page.entries.push_back(e);

  const auto xml = serializeCampaignResults(page);
  auto doc = xml::parseDocument(xml);
  ASSERT_TRUE(doc.ok()) << xml;
  EXPECT_EQ(doc->name(), "feed");
  EXPECT_EQ(doc->ns(), "http://www.w3.org/2005/Atom");
  EXPECT_EQ(doc->childText("updated"), "2025-11-24T16:00:00Z");
  std::vector<std::string> rels;
  for (const auto& link : doc->children("link")) rels.push_back(link.attrOr("rel", ""));
  EXPECT_EQ(rels, (std::vector<std::string>{"self", "next"}));
  const auto* entry = doc->child("entry");
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry->childText("title"), "Billing & more");
  EXPECT_EQ(entry->childText("published"), "2025-11-24T16:00:00Z");
  EXPECT_EQ(entry->childText("status", kCampaignResultsNs), "reserved");
  EXPECT_EQ(entry->childText("statustimestamp", kCampaignResultsNs), "2025-11-24T16:00:01Z");
  std::size_t tags = 0;
  for ([[maybe_unused]] const auto& tag : entry->child("sctags", kCampaignResultsNs)->children("sctag", kCampaignResultsNs)) ++tags;
  EXPECT_EQ(tags, 2u);
  EXPECT_EQ(entry->childText("scissoftlocked", kCampaignResultsNs), "false");
}

}  // namespace
}  // namespace smfront::ccp
