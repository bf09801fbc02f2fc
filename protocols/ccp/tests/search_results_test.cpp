#include "ccp/search_results.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace smfront::ccp {
namespace {

TEST(SearchResults, TheThirdChildIsTheNextLinkWhenThereAreMore) {
  SearchResults r;
  r.totalResults = 130;
  r.startIndex = 0;
  r.nextHref = "http://h/ccp-webapp/ccp/search/contacts?q=a&count=100&startIndex=100";
  ChatSearchHit hit;
  hit.transcript.id = "ABC";
  hit.transcript.startDate = 5;
  hit.transcript.chats = {{7, "Mary", "Hi <you>"}};
  hit.chatInitiator = "Pat";
  r.hits.push_back(hit);
  EXPECT_EQ(serializeSearchResults(r),
            "<searchResults><totalResults>130</totalResults><startIndex>0</startIndex>"
            "<link rel=\"next\" href=\"http://h/ccp-webapp/ccp/search/contacts?q=a&amp;count=100&amp;startIndex=100\"/>"
            "<count>1</count><ChatTranscript><id>ABC</id><chatInitiator>Pat</chatInitiator><startDate>5</startDate>"
            "<endDate/><transcript><chat><name>Mary</name><time>7</time><msg>Hi &lt;you&gt;</msg></chat></transcript>"
            "</ChatTranscript></searchResults>");
}

TEST(SearchResults, WithoutMoreTheThirdChildIsTheCountAndOtherContactsAreSocialContacts) {
  SearchResults r;
  r.totalResults = 1;
  SocialContact c;
  c.id = "X";
  c.sourceType = "callback";
  r.hits.push_back(c);
  const auto xml = serializeSearchResults(r);
  EXPECT_EQ(xml.find("<searchResults><totalResults>1</totalResults><startIndex>0</startIndex><count>1</count><SocialContact>"),
            0u)
      << xml;
  EXPECT_NE(xml.find("<sourceType>callback</sourceType>"), std::string::npos);
}

TEST(SearchPage, AMiddlePageLinksToTheNext) {
  const auto page = searchPage(130, 0, 100);
  EXPECT_EQ(page.first, 0);
  EXPECT_EQ(page.end, 100);
  EXPECT_EQ(page.nextStart, 100);
  const auto last = searchPage(130, 100, 100);
  EXPECT_EQ(last.end, 130);
  EXPECT_EQ(last.nextStart, std::nullopt);
}

// Ran under -fsanitize=undefined: start + count used to overflow here.
TEST(SearchPage, TheLargestStartAndCountGiveAnEmptyPageWithoutOverflow) {
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  for (const auto& [start, count] : std::vector<std::pair<std::int64_t, std::int64_t>>{
           {kMax, 1}, {kMax, 200}, {kMax, kMax}, {kMax - 1, kMax}, {0, kMax}, {129, kMax}}) {
    const auto page = searchPage(130, start, count);
    EXPECT_LE(page.first, page.end) << start << " " << count;
    EXPECT_LE(page.end, 130) << start << " " << count;
    if (start >= 130) {
      EXPECT_EQ(page.first, page.end);
    } else {
      EXPECT_EQ(page.end, 130);
    }
    EXPECT_EQ(page.nextStart, std::nullopt) << start << " " << count;
  }
  EXPECT_EQ(searchPage(kMax, kMax - 1, kMax).end, kMax);
  EXPECT_EQ(searchPage(kMax, 0, kMax - 1).nextStart, kMax - 1);
}

}  // namespace
}  // namespace smfront::ccp
