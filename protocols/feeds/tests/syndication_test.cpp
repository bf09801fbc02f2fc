#include "feeds/syndication.hpp"

#include <gtest/gtest.h>

namespace smfront::feeds {
namespace {

constexpr std::string_view kRss2 = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>Lab news</title>
    <link>https://news.example.com/</link>
    <description>What happens in the lab</description>
    <item>
      <title>Printer on fire</title>
      <link>https://news.example.com/posts/42</link>
      <description>&lt;p&gt;Again &amp;amp; again&lt;/p&gt;</description>
      <author>ops@example.com (Ops)</author>
      <guid isPermaLink="false">post-42</guid>
      <pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate>
    </item>
    <item>
      <title>Only a guid</title>
      <guid>https://news.example.com/posts/41</guid>
      <dc:creator>Pat</dc:creator>
      <dc:date>2003-06-09T10:00:00Z</dc:date>
    </item>
    <item>
      <title>A bad date</title>
      <link>https://news.example.com/posts/40</link>
      <pubDate>last week</pubDate>
    </item>
  </channel>
</rss>)";

TEST(Rss2, ItemsWithLinkGuidAuthorDescriptionAndDate) {
  const auto result = parseFeed(kRss2);
  ASSERT_TRUE(result) << result.error;
  const FeedDocument& doc = *result.document;
  EXPECT_EQ(doc.format, FeedFormat::Rss2);
  EXPECT_EQ(doc.title, "Lab news");
  EXPECT_EQ(doc.link, "https://news.example.com/");
  ASSERT_EQ(doc.entries.size(), 3u);
  const FeedEntry& first = doc.entries[0];
  EXPECT_EQ(first.title, "Printer on fire");
  EXPECT_EQ(first.link, "https://news.example.com/posts/42");
  EXPECT_EQ(first.id, "post-42");
  EXPECT_EQ(first.author, "ops@example.com (Ops)");
  EXPECT_EQ(first.description, "<p>Again &amp; again</p>") << "the description is HTML, kept as sent";
  EXPECT_EQ(first.publishedMs, 1055217600000);
  EXPECT_EQ(entryKey(first), "https://news.example.com/posts/42");

  const FeedEntry& second = doc.entries[1];
  EXPECT_EQ(second.link, "https://news.example.com/posts/41") << "a permalink guid is the link";
  EXPECT_EQ(second.author, "Pat");
  EXPECT_EQ(second.publishedMs, parseIsoDate("2003-06-09T10:00:00Z"));

  EXPECT_FALSE(doc.entries[2].publishedMs) << "a date that does not parse is left out";
}

TEST(Rss2, AGuidThatIsNoPermalinkIsNoLink) {
  const auto result = parseFeed(R"(<rss version="2.0"><channel><title>t</title>
    <item><guid isPermaLink="false">tag:example.com,2003:7</guid></item></channel></rss>)");
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.document->entries[0].link, "");
  EXPECT_EQ(entryKey(result.document->entries[0]), "tag:example.com,2003:7");
}

TEST(Rss1, ItemsBesideTheChannelWithRdfAboutAndDublinCore) {
  const auto result = parseFeed(R"(<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://example.org/rss">
    <title>RDF site</title>
    <link>https://example.org/</link>
    <items><rdf:Seq><rdf:li resource="https://example.org/a"/></rdf:Seq></items>
  </channel>
  <item rdf:about="https://example.org/a">
    <title>First</title>
    <link>https://example.org/a</link>
    <description>One</description>
    <dc:creator>Sam</dc:creator>
    <dc:date>2003-06-10</dc:date>
  </item>
  <item rdf:about="https://example.org/b"><title>No link</title></item>
</rdf:RDF>)");
  ASSERT_TRUE(result) << result.error;
  const FeedDocument& doc = *result.document;
  EXPECT_EQ(doc.format, FeedFormat::Rss1);
  EXPECT_EQ(doc.title, "RDF site");
  ASSERT_EQ(doc.entries.size(), 2u);
  EXPECT_EQ(doc.entries[0].link, "https://example.org/a");
  EXPECT_EQ(doc.entries[0].author, "Sam");
  EXPECT_EQ(doc.entries[0].description, "One");
  EXPECT_EQ(doc.entries[0].publishedMs, parseIsoDate("2003-06-10"));
  EXPECT_EQ(doc.entries[1].link, "https://example.org/b") << "rdf:about when there is no link";
}

constexpr std::string_view kAtom = R"(<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">Example Feed</title>
  <link href="https://example.org/"/>
  <link rel="self" href="https://example.org/feed.atom"/>
  <author><name>Feed Author</name></author>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2003-12-13T18:30:02Z</updated>
  <entry>
    <title>Atom-Powered Robots Run Amok</title>
    <link rel="self" href="https://example.org/entry.atom"/>
    <link rel="alternate" href="https://example.org/2003/12/13/atom03"/>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <updated>2003-12-13T18:30:02Z</updated>
    <published>2003-12-13T08:29:29-04:00</published>
    <summary>Some text &amp; more.</summary>
  </entry>
  <entry>
    <title type="html">&lt;b&gt;Bold&lt;/b&gt; title</title>
    <link href="https://example.org/2"/>
    <id>tag:example.org,2003:2</id>
    <updated>2003-12-14T00:00:00Z</updated>
    <author><name>Entry Author</name></author>
    <summary>ignored when there is content</summary>
    <content type="html">&lt;p&gt;Hello&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>XHTML</title>
    <id>tag:example.org,2003:3</id>
    <updated>2003-12-15T00:00:00Z</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hi <em>there</em> &amp; bye</p></div></content>
  </entry>
</feed>)";

TEST(Atom1, EntriesWithAlternateLinkAuthorsContentAndDates) {
  const auto result = parseFeed(kAtom);
  ASSERT_TRUE(result) << result.error;
  const FeedDocument& doc = *result.document;
  EXPECT_EQ(doc.format, FeedFormat::Atom1);
  EXPECT_EQ(doc.title, "Example Feed");
  EXPECT_EQ(doc.link, "https://example.org/") << "a link without rel is the alternate";
  ASSERT_EQ(doc.entries.size(), 3u);

  const FeedEntry& first = doc.entries[0];
  EXPECT_EQ(first.link, "https://example.org/2003/12/13/atom03") << "rel=self is not the post";
  EXPECT_EQ(first.id, "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a");
  EXPECT_EQ(first.author, "Feed Author") << "an entry without an author has the feed's";
  EXPECT_EQ(first.description, "Some text &amp; more.") << "text becomes escaped HTML";
  EXPECT_EQ(first.publishedMs, parseIsoDate("2003-12-13T12:29:29Z")) << "published wins over updated";

  const FeedEntry& second = doc.entries[1];
  EXPECT_EQ(second.title, "<b>Bold</b> title");
  EXPECT_EQ(second.author, "Entry Author");
  EXPECT_EQ(second.description, "<p>Hello</p>") << "content wins over summary; html is kept";
  EXPECT_EQ(second.publishedMs, parseIsoDate("2003-12-14T00:00:00Z")) << "updated when nothing was published";

  const FeedEntry& third = doc.entries[2];
  EXPECT_EQ(third.description, "<p>Hi <em>there</em> &amp; bye</p>") << "xhtml is written from its div";
  EXPECT_EQ(third.link, "");
  EXPECT_EQ(entryKey(third), "tag:example.org,2003:3");
}

TEST(Feeds, EntriesOverTheLimitAreDroppedFromTheEnd) {
  std::string rss = "<rss version='2.0'><channel><title>t</title>";
  for (int i = 0; i < 10; ++i) rss += "<item><link>https://x/" + std::to_string(i) + "</link></item>";
  rss += "</channel></rss>";
  FeedLimits limits;
  limits.maxEntries = 3;
  const auto result = parseFeed(rss, limits);
  ASSERT_TRUE(result) << result.error;
  ASSERT_EQ(result.document->entries.size(), 3u);
  EXPECT_EQ(result.document->entries[2].link, "https://x/2");
}

TEST(Feeds, WhatIsNotAFeedSaysWhy) {
  EXPECT_EQ(parseFeed("<html><body>404</body></html>").error, "not RSS or Atom: the root element is <html>");
  EXPECT_EQ(parseFeed("<rss version='2.0'/>").error, "an RSS document without a <channel>");
  EXPECT_EQ(parseFeed("<feed xmlns='http://example.org/other'/>").error, "not RSS or Atom: the root element is <feed>");
  EXPECT_EQ(parseFeed("<rss><channel>").error.find("not well-formed XML: "), 0u);
  EXPECT_FALSE(parseFeed("<!DOCTYPE rss SYSTEM 'http://my.netscape.com/publish/formats/rss-0.91.dtd'><rss/>"))
      << "no DTDs: they are the XML bombs' way in";
  FeedLimits small;
  small.xml.maxBytes = 64;
  EXPECT_FALSE(parseFeed(kRss2, small)) << "a document over the byte limit";
}

}  // namespace
}  // namespace smfront::feeds
