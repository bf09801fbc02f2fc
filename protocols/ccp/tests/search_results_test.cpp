#include "ccp/search_results.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace smfront::ccp
