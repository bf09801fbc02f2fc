// Which history a joining occupant gets (XEP-0045 §7.2.15).
#include "eventing/room_history.hpp"

#include <gtest/gtest.h>

#include "xml/parser.hpp"

namespace smfront::eventing {
namespace {

HistoryRequest request(std::string_view history) {
  auto parsed = xml::parseDocument("<presence xmlns='jabber:client'><x xmlns='http://jabber.org/protocol/muc'>" +
                                   std::string(history) + "</x></presence>");
  EXPECT_TRUE(parsed.ok());
  return readHistoryRequest(parsed.value());
}

// Ten messages of 100 characters, one a second, the last at 10 s.
std::vector<HistoryEntry> tenMessages() {
  std::vector<HistoryEntry> out;
  for (int i = 1; i <= 10; ++i) out.push_back({i * 1000, 100});
  return out;
}

constexpr std::int64_t kNow = 10'500;

TEST(RoomHistory, TheServerLimitAppliesWhenTheClientAsksNothing) {
  EXPECT_EQ(historyToSend(tenMessages(), {}, {.maxStanzas = 4}, kNow), 4u);
  EXPECT_EQ(historyToSend(tenMessages(), request(""), {.maxStanzas = 20}, kNow), 10u);
  EXPECT_EQ(historyToSend(tenMessages(), {}, {.maxStanzas = 0}, kNow), 0u);
}

TEST(RoomHistory, MaxStanzasCanLowerButNotRaiseTheServerLimit) {
  EXPECT_EQ(historyToSend(tenMessages(), request("<history maxstanzas='3'/>"), {.maxStanzas = 20}, kNow), 3u);
  EXPECT_EQ(historyToSend(tenMessages(), request("<history maxstanzas='50'/>"), {.maxStanzas = 5}, kNow), 5u);
}

TEST(RoomHistory, MaxCharsCountsWholeStanzasOnly) {
  EXPECT_EQ(historyToSend(tenMessages(), request("<history maxchars='250'/>"), {.maxStanzas = 20}, kNow), 2u);
  EXPECT_EQ(historyToSend(tenMessages(), request("<history maxchars='0'/>"), {.maxStanzas = 20}, kNow), 0u)
      << "maxchars='0' asks for no history at all";
  EXPECT_EQ(historyToSend(tenMessages(), {}, {.maxStanzas = 20, .maxBytes = 350}, kNow), 3u)
      << "the server's byte budget applies too";
  EXPECT_EQ(historyToSend(tenMessages(), request("<history maxchars='1000'/>"), {.maxStanzas = 20, .maxBytes = 350},
                          kNow),
            3u);
}

TEST(RoomHistory, SecondsAndSinceKeepTheRecentOnes) {
  EXPECT_EQ(historyToSend(tenMessages(), request("<history seconds='3'/>"), {.maxStanzas = 20}, kNow), 3u)
      << "8, 9 and 10 s are within 3 s of 10.5 s";
  EXPECT_EQ(historyToSend(tenMessages(), request("<history since='1970-01-01T00:00:07Z'/>"), {.maxStanzas = 20}, kNow),
            4u);
  EXPECT_EQ(historyToSend(tenMessages(), request("<history since='1970-01-01T01:00:07.000+01:00'/>"),
                          {.maxStanzas = 20}, kNow),
            4u)
      << "offsets are honoured";
  EXPECT_EQ(historyToSend(tenMessages(), request("<history seconds='99999999999999'/>"), {.maxStanzas = 20}, kNow), 10u);
}

TEST(RoomHistory, TheSmallestOfAllLimitsWins) {
  EXPECT_EQ(historyToSend(tenMessages(), request("<history maxstanzas='5' seconds='2' maxchars='1000'/>"),
                          {.maxStanzas = 20}, kNow),
            2u);
}

TEST(RoomHistory, UnreadableAttributesSetNoLimit) {
  const HistoryRequest r = request("<history maxstanzas='-1' maxchars='x' seconds='' since='yesterday'/>");
  EXPECT_FALSE(r.maxStanzas);
  EXPECT_FALSE(r.maxChars);
  EXPECT_FALSE(r.seconds);
  EXPECT_FALSE(r.sinceMs);
}

}  // namespace
}  // namespace smfront::eventing
