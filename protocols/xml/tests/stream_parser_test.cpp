#include <gtest/gtest.h>

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "xml/parser.hpp"
#include "xml/writer.hpp"

namespace smfront::xml {
namespace {

constexpr const char* kStreamNs = "http://etherx.jabber.org/streams";

const std::string kHeader =
    "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' "
    "to='example.com' version='1.0'>";

const std::string kStream = "<?xml version='1.0'?>" + kHeader +
                            "<message to='a@b' type='chat'><body>hi &amp; bye</body></message> \n"
                            "<iq type='get' id='1'><query xmlns='jabber:iq:roster'/></iq><presence/>"
                            "</stream:stream>";

const std::vector<std::string> kStreamEvents = {
    "start stream " + std::string(kStreamNs),
    "<message to=\"a@b\" type=\"chat\"><body>hi &amp; bye</body></message>",
    "<iq type=\"get\" id=\"1\"><query xmlns=\"jabber:iq:roster\"/></iq>",
    "<presence/>",
    "end",
};

// Records events as strings: stanzas serialized relative to the c2s content namespace.
struct Recorder : StreamHandler {
  std::vector<std::string> events;
  std::vector<Element> headers;
  std::function<void(const Element&)> afterStanza;

  void onStreamStart(const Element& header) override {
    events.push_back("start " + header.name() + " " + header.ns());
    headers.push_back(header);
  }
  void onStanza(Element&& stanza) override {
    events.push_back(serialize(stanza, "jabber:client"));
    if (afterStanza) afterStanza(stanza);
  }
  void onStreamEnd() override { events.push_back("end"); }
};

void feedAll(StreamParser& parser, std::string_view bytes) {
  const FeedResult r = parser.feed(bytes);
  ASSERT_TRUE(r.ok()) << r.error->message;
  ASSERT_EQ(r.consumed, bytes.size());
}

TEST(StreamParser, DeliversHeaderStanzasAndEndInOrder) {
  Recorder rec;
  StreamParser parser(rec);
  feedAll(parser, kStream);
  EXPECT_EQ(rec.events, kStreamEvents);
}

TEST(StreamParser, HeaderCarriesAttributesAndNamespaceDeclarations) {
  Recorder rec;
  StreamParser parser(rec);
  feedAll(parser, kHeader);
  ASSERT_EQ(rec.headers.size(), 1u);
  const Element& h = rec.headers[0];
  EXPECT_TRUE(h.isEmpty());
  EXPECT_EQ(h.attrOr("to", ""), "example.com");
  EXPECT_EQ(h.attrOr("version", ""), "1.0");
  ASSERT_NE(h.attr("xmlns", kXmlnsNamespace), nullptr);
  EXPECT_EQ(*h.attr("xmlns", kXmlnsNamespace), "jabber:client");
  ASSERT_NE(h.attr("stream", kXmlnsNamespace), nullptr);
  EXPECT_EQ(*h.attr("stream", kXmlnsNamespace), kStreamNs);
}

TEST(StreamParser, EverySplitPointYieldsTheSameEvents) {
  for (std::size_t split = 0; split <= kStream.size(); ++split) {
    Recorder rec;
    StreamParser parser(rec);
    feedAll(parser, std::string_view(kStream).substr(0, split));
    feedAll(parser, std::string_view(kStream).substr(split));
    ASSERT_EQ(rec.events, kStreamEvents) << "split at " << split;
  }
}

TEST(StreamParser, OneByteAtATimeYieldsTheSameEvents) {
  Recorder rec;
  StreamParser parser(rec);
  for (char c : kStream) feedAll(parser, std::string_view(&c, 1));
  EXPECT_EQ(rec.events, kStreamEvents);
}

TEST(StreamParser, StanzaIsDeliveredAsSoonAsItsEndTagArrives) {
  Recorder rec;
  StreamParser parser(rec);
  feedAll(parser, kHeader + "<presence><show>away</show></presence");
  EXPECT_EQ(rec.events.size(), 1u);
  feedAll(parser, ">");
  ASSERT_EQ(rec.events.size(), 2u);
  EXPECT_EQ(rec.events[1], "<presence><show>away</show></presence>");
}

TEST(StreamParser, ResetStartsANewStream) {
  Recorder rec;
  StreamParser parser(rec);
  feedAll(parser, kHeader + "<auth/>");
  parser.reset();
  feedAll(parser, "<?xml version='1.0'?>" + kHeader + "<bind/>");
  const std::vector<std::string> expected = {"start stream " + std::string(kStreamNs), "<auth/>",
                                             "start stream " + std::string(kStreamNs), "<bind/>"};
  EXPECT_EQ(rec.events, expected);
}

TEST(StreamParser, ResetFromAHandlerStopsRightAfterThatStanza) {
  Recorder rec;
  StreamParser parser(rec);
  rec.afterStanza = [&](const Element& stanza) {
    if (stanza.name() == "auth") parser.reset();
  };
  const std::string first = kHeader + "<auth mechanism='PLAIN'>AGEAYg==</auth>";
  const std::string rest = kHeader + "<iq type='set' id='b'/>";
  const FeedResult r = parser.feed(first + rest);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.consumed, first.size());
  feedAll(parser, std::string_view(first + rest).substr(r.consumed));
  const std::vector<std::string> expected = {
      "start stream " + std::string(kStreamNs), "<auth mechanism=\"PLAIN\">AGEAYg==</auth>",
      "start stream " + std::string(kStreamNs), "<iq type=\"set\" id=\"b\"/>"};
  EXPECT_EQ(rec.events, expected);
}

TEST(StreamParser, ResetFromAHandlerAfterAnEmptyStanzaCountsItsBytes) {
  Recorder rec;
  StreamParser parser(rec);
  rec.afterStanza = [&](const Element&) { parser.reset(); };
  const std::string first = kHeader + "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>";
  const FeedResult r = parser.feed(first + "\x16\x03\x01 TLS bytes");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.consumed, first.size());
}

TEST(StreamParser, StanzaSizeCapAppliesPerStanza) {
  Limits limits;
  limits.maxBytes = 100;
  Recorder rec;
  StreamParser parser(rec, limits);
  feedAll(parser, "<s:stream xmlns:s='urn:s'>");
  // Far more than maxBytes in total, each stanza well under it.
  for (int i = 0; i < 50; ++i) feedAll(parser, "<message><body>hello</body></message>");
  EXPECT_EQ(rec.events.size(), 51u);

  const std::string atCap = "<m>" + std::string(100 - 7, 'x') + "</m>";
  ASSERT_EQ(atCap.size(), 100u);
  feedAll(parser, atCap);

  const FeedResult r = parser.feed("<m>" + std::string(100 - 6, 'x') + "</m>");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->code, ErrorCode::TooLarge);
  EXPECT_EQ(r.error->message, "XML stanza larger than 100 bytes");
}

TEST(StreamParser, UnfinishedStartTagIsCutOffAtTheCap) {
  Limits limits;
  limits.maxBytes = 1000;
  Recorder rec;
  StreamParser parser(rec, limits);
  feedAll(parser, kHeader);
  ASSERT_TRUE(parser.feed("<message to='").ok());
  std::size_t fed = 13;
  FeedResult r;
  while (r.ok() && fed < 100000) {
    r = parser.feed(std::string(100, 'x'));
    fed += 100;
  }
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->code, ErrorCode::TooLarge);
  EXPECT_LE(fed, 1100u);
}

TEST(StreamParser, HeaderMustFitTheCap) {
  Limits limits;
  limits.maxBytes = 64;
  Recorder rec;
  StreamParser parser(rec, limits);
  const FeedResult r = parser.feed("<stream:stream xmlns:stream='urn:s' to='" + std::string(100, 'x'));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->message, "XML stream header larger than 64 bytes");
}

TEST(StreamParser, HeaderMustFitTheCapWhenItArrivesInOneChunk) {
  Limits limits;
  limits.maxBytes = 64;
  Recorder rec;
  StreamParser parser(rec, limits);
  const FeedResult r = parser.feed("<stream:stream xmlns:stream='urn:s' to='" + std::string(100, 'x') + "'>");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->message, "XML stream header larger than 64 bytes");
  EXPECT_TRUE(rec.events.empty());
}

TEST(StreamParser, TrickledHugeStartTagParsesInLinearTime) {
  Recorder rec;
  StreamParser parser(rec);
  feedAll(parser, kHeader + "<message to='");
  // Re-scanning the pending token on every byte would take minutes here.
  const char x = 'x';
  for (int i = 0; i < 200000; ++i) feedAll(parser, std::string_view(&x, 1));
  feedAll(parser, "'/>");
  ASSERT_EQ(rec.events.size(), 2u);
  EXPECT_EQ(rec.events[1].size(), std::string("<message to=\"\"/>").size() + 200000);
}

TEST(StreamParser, ErrorIsReportedThenInputRefusedUntilReset) {
  Recorder rec;
  StreamParser parser(rec);
  const FeedResult bad = parser.feed(kHeader + "<a></b>");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error->code, ErrorCode::Malformed);
  EXPECT_TRUE(parser.failed());

  const FeedResult refused = parser.feed("<presence/>");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(*refused.error, *bad.error);
  EXPECT_EQ(refused.consumed, 0u);
  EXPECT_EQ(rec.events.size(), 1u);

  parser.reset();
  EXPECT_FALSE(parser.failed());
  feedAll(parser, kHeader + "<presence/>");
  EXPECT_EQ(rec.events.back(), "<presence/>");
}

TEST(StreamParser, WhitespaceKeepalivesAreIgnoredButOtherTextIsNot) {
  Limits limits;
  limits.maxBytes = 64;
  Recorder rec;
  StreamParser parser(rec, limits);
  feedAll(parser, "<s:stream xmlns:s='urn:s'>");
  for (int i = 0; i < 100; ++i) feedAll(parser, " \n\t ");
  feedAll(parser, "<presence/>");
  EXPECT_EQ(rec.events.size(), 2u);
  const FeedResult r = parser.feed("hello");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->code, ErrorCode::Malformed);
  EXPECT_EQ(r.error->message, "character data between stanzas");
}

TEST(StreamParser, DepthCountsFromTheStanza) {
  Limits limits;
  limits.maxDepth = 2;
  Recorder rec;
  StreamParser parser(rec, limits);
  feedAll(parser, kHeader + "<a><b/></a>");
  const FeedResult r = parser.feed("<a><b><c/></b></a>");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->code, ErrorCode::TooDeep);
  EXPECT_EQ(r.error->message, "XML nesting deeper than 2 levels");
}

TEST(StreamParser, TextLimitAppliesInsideStanzas) {
  Limits limits;
  limits.maxTextBytes = 8;
  Recorder rec;
  StreamParser parser(rec, limits);
  feedAll(parser, kHeader + "<a>12345678</a>");
  const FeedResult r = parser.feed("<a>1234");
  ASSERT_TRUE(r.ok());
  const FeedResult r2 = parser.feed("56789</a>");
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(r2.error->code, ErrorCode::TextTooLarge);
}

TEST(StreamParser, RefusesForbiddenConstructs) {
  {
    Recorder rec;
    StreamParser parser(rec);
    EXPECT_EQ(parser.feed("<!DOCTYPE x [<!ENTITY a 'b'>]>").error->code, ErrorCode::ForbiddenDoctype);
  }
  {
    Recorder rec;
    StreamParser parser(rec);
    EXPECT_EQ(parser.feed(kHeader + "<a><?pi x?></a>").error->code,
              ErrorCode::ForbiddenProcessingInstruction);
  }
  {
    Limits limits;
    limits.allowComments = false;
    Recorder rec;
    StreamParser parser(rec, limits);
    EXPECT_EQ(parser.feed(kHeader + "<!-- x -->").error->code, ErrorCode::ForbiddenComment);
  }
}

TEST(StreamParser, JunkAfterStreamEndIsMalformed) {
  Recorder rec;
  StreamParser parser(rec);
  feedAll(parser, kHeader + "</stream:stream>\n");
  EXPECT_EQ(rec.events.back(), "end");
  EXPECT_EQ(parser.feed("<presence/>").error->code, ErrorCode::Malformed);
}

TEST(StreamParser, HandlerExceptionPropagatesAndFailsTheParser) {
  Recorder rec;
  StreamParser parser(rec);
  rec.afterStanza = [](const Element&) { throw std::runtime_error("boom"); };
  EXPECT_THROW(parser.feed(kHeader + "<a/><b/>"), std::runtime_error);
  EXPECT_EQ(rec.events.size(), 2u);
  EXPECT_TRUE(parser.failed());
  rec.afterStanza = nullptr;
  parser.reset();
  feedAll(parser, kHeader + "<c/>");
  EXPECT_EQ(rec.events.back(), "<c/>");
}

TEST(StreamParser, FeedingFromAHandlerIsALogicError) {
  Recorder rec;
  StreamParser parser(rec);
  rec.afterStanza = [&](const Element&) { (void)parser.feed("<x/>"); };
  EXPECT_THROW(parser.feed(kHeader + "<a/>"), std::logic_error);
}

TEST(StreamParser, SurvivesAMove) {
  Recorder rec;
  StreamParser first(rec);
  feedAll(first, kHeader);
  StreamParser second = std::move(first);
  feedAll(second, "<presence/>");
  EXPECT_EQ(rec.events.back(), "<presence/>");
}

}  // namespace
}  // namespace smfront::xml
