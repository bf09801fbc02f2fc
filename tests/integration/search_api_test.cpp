// Searching contacts and transcripts, as an agent looking up a conversation.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include "chat_client.hpp"
#include "server_fixture.hpp"

namespace smfront::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;


TEST(SearchApi, FindsChatsByTranscriptAndOtherContactsByFields) {
  ServerFixture server(json::object{
      {"feeds", json::array{json::object{{"name", "Chat"}, {"type", "chat"}},
                            json::object{{"name", "Callbacks"}, {"type", "callback"}}}},
      {"virtual_agents", json::array{json::object{{"name", "echo-bot"}, {"join_after_ms", 50}, {"greeting", ""}}}},
      {"users", json::array{json::object{{"name", "mary"}, {"password", "pw"}, {"roles", json::array{"agent"}}}}}});
  ChatClient widget(server.port("http"));
  ASSERT_EQ(widget.start(100000, "Pat Doe", "Invoice trouble").status, 201);
  ASSERT_TRUE(widget.pollUntil([&](const auto&) { return widget.sawEvent("PresenceEvent", "joined"); }, 5s));
  ASSERT_EQ(widget.send("PUT", "/ccp/chat", "<Message><body>My invoice 4711 is wrong</body></Message>").status, 200);
  ASSERT_TRUE(widget.pollUntil([&](const auto&) { return widget.sawEvent("MessageEvent", "You said: My invoice 4711 is wrong"); }, 5s));

  HttpClient http;
  ASSERT_TRUE(http.connect(server.port("http"), 5s).ok);
  ASSERT_EQ(http.request("GET", "/ccp/callback/feed/100001?name=Ann&title=Call+me&mediaAddress=555").value().status, 201);

  auto search = [&](const std::string& query) {
    return http.request("GET", "/ccp-webapp/ccp/search/contacts?" + query, {{"Authorization", kMary}}).value();
  };
  auto byTranscript = search("q=chat.transcript:4711");
  EXPECT_EQ(byTranscript.status, 200);
  EXPECT_EQ(byTranscript.body.rfind("<searchResults><totalResults>1</totalResults><startIndex>0</startIndex><count>1</count>"
                                    "<ChatTranscript><id>",
                                    0),
            0u)
      << byTranscript.body;
  EXPECT_NE(byTranscript.body.find("<chatInitiator>Pat Doe</chatInitiator>"), std::string::npos);
  EXPECT_NE(byTranscript.body.find("<name>Pat Doe</name>"), std::string::npos);

  auto byAgent = search("q=chat.agentName:echo-bot%20AND%20sc.title:invoice*");
  EXPECT_NE(byAgent.body.find("<totalResults>1</totalResults>"), std::string::npos) << byAgent.body;
  // A browser form (and Cisco's samples) writes spaces in a query as '+'.
  auto withPlus = search("q=chat.agentName:echo-bot+AND+sc.title:invoice*");
  EXPECT_EQ(withPlus.status, 200) << withPlus.body;
  EXPECT_NE(withPlus.body.find("<totalResults>1</totalResults>"), std::string::npos) << withPlus.body;
  auto plusOr = search("q=sc.author:nobody+OR+sc.author:ann");
  EXPECT_NE(plusOr.body.find("<totalResults>1</totalResults>"), std::string::npos) << "'+' is a space: " << plusOr.body;
  auto literalPlus = search("q=sc.author:ann%2Bx");
  EXPECT_NE(literalPlus.body.find("<totalResults>0</totalResults>"), std::string::npos)
      << "%2B is a plus sign: " << literalPlus.body;
  auto callbacks = search("q=sc.sourceType:callback");
  EXPECT_NE(callbacks.body.find("<SocialContact>"), std::string::npos) << callbacks.body;
  EXPECT_NE(callbacks.body.find("<author>Ann</author>"), std::string::npos);

  auto paged = search("q=*:*&count=1");
  EXPECT_NE(paged.body.find("<totalResults>2</totalResults><startIndex>0</startIndex><link rel=\"next\""), std::string::npos)
      << "the third child is the next link: " << paged.body;
  EXPECT_NE(paged.body.find("startIndex=1\"/><count>1</count>"), std::string::npos) << paged.body;

  auto bad = search("q=sc.colour:red");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("<errorData>q</errorData>"), std::string::npos) << bad.body;
  EXPECT_EQ(search("q=a&count=500").status, 400);
  EXPECT_EQ(http.request("GET", "/ccp-webapp/ccp/search/contacts?q=a").value().status, 401);
}

json::object searchConfig() {
  return {{"feeds", json::array{json::object{{"name", "Chat"}, {"type", "chat"}}}},
          {"server", json::object{{"store", "memory"}}},  // 3,000 messages are sent: no disk in the way
          {"limits", json::object{{"messages_per_chat", 3000}}},  // the 30 MB transcript of the attack replayed
          {"users", json::array{json::object{{"name", "mary"}, {"password", "pw"}, {"roles", json::array{"agent"}}}}}};
}

// One chat of 3,000 messages of 10,000 characters: a 30 MB transcript.
void storeALongTranscript(ChatClient& widget) {
  ASSERT_EQ(widget.start(100000, "Long Talker", "Long").status, 201);
  std::string words;
  for (int i = 0; words.size() < 9990; ++i) words += "word" + std::to_string(i % 997) + " ";
  for (int i = 0; i < 3000; ++i) {
    const std::string marker = i == 0 ? "firstline " : i == 2999 ? "lastline " : "";
    const auto sent = widget.send("PUT", "/ccp/chat", "<Message><body>" + marker + words.substr(0, 9990 - marker.size()) +
                                                          "</body></Message>");
    ASSERT_EQ(sent.status, 200) << "message " << i << ": " << sent.describe();
  }
}

TEST(SearchApi, ASearchThroughAHugeTranscriptDoesNotStallChatPolls) {
  ServerFixture server(searchConfig());
  ChatClient talker(server.port("http"));
  ASSERT_NO_FATAL_FAILURE(storeALongTranscript(talker));
  ChatClient other(server.port("http"));
  ASSERT_EQ(other.start(100000, "Other", "Short").status, 201);

  // Three terms that match nothing: each reads all 30 MB of the transcript.
  const std::string query =
      "q=chat.transcript:%22no%20such%20phrase%22%20OR%20chat.transcript:nosuchword%20OR%20chat.transcript:nothere*";
  std::atomic<bool> searching{true};
  std::chrono::milliseconds searchTook{0};
  int searchStatus = 0;
  std::thread searcher([&] {
    HttpClient http;
    if (http.connect(server.port("http"), 5s).ok) {
      const auto began = std::chrono::steady_clock::now();
      const auto answer = http.request("GET", "/ccp-webapp/ccp/search/contacts?" + query, {{"Authorization", kMary}},
                                       {}, 60s);
      searchTook = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - began);
      searchStatus = answer ? answer->status : -1;
    }
    searching = false;
  });
  std::chrono::milliseconds slowestPoll{0};
  int polls = 0;
  while (searching) {
    const auto began = std::chrono::steady_clock::now();
    ASSERT_EQ(other.poll().status, 200);
    slowestPoll = std::max(slowestPoll, std::chrono::duration_cast<std::chrono::milliseconds>(
                                            std::chrono::steady_clock::now() - began));
    ++polls;
  }
  searcher.join();
  RecordProperty("slowest_poll_ms", static_cast<int>(slowestPoll.count()));
  RecordProperty("search_ms", static_cast<int>(searchTook.count()));
  RecordProperty("polls", polls);
  EXPECT_EQ(searchStatus, 200);
  // A search that holds the core strand holds a poll that arrives meanwhile for
  // about as long as itself; in pieces of a few hundred kilobytes it holds none
  // for long. The absolute bound leaves room for a busy machine.
  EXPECT_LT(slowestPoll, 250ms) << polls << " polls while the search took " << searchTook.count() << " ms";
  EXPECT_LT(slowestPoll * 3, searchTook) << polls << " polls";
  EXPECT_GT(polls, 1) << "the search took " << searchTook.count() << " ms";
}

TEST(SearchApi, EverythingIsBoundedCountAndTranscriptsAndPaging) {
  ServerFixture server(searchConfig());
  ChatClient talker(server.port("http"));
  ASSERT_NO_FATAL_FAILURE(storeALongTranscript(talker));
  HttpClient http;
  ASSERT_TRUE(http.connect(server.port("http"), 5s).ok);
  auto search = [&](const std::string& query) {
    return http.request("GET", "/ccp-webapp/ccp/search/contacts?" + query, {{"Authorization", kMary}}, {}, 30s).value();
  };

  const auto all = search("q=*");
  ASSERT_EQ(all.status, 200) << all.describe();
  EXPECT_NE(all.body.find("<totalResults>1</totalResults>"), std::string::npos);
  EXPECT_NE(all.body.find("firstline"), std::string::npos) << "the transcript starts at its beginning";
  EXPECT_EQ(all.body.find("lastline"), std::string::npos) << "and is cut at limits.search_transcript_chars";
  EXPECT_LT(all.body.size(), 40000u) << "20,000 characters of transcript and the markup around them";

  EXPECT_EQ(search("q=*&count=200").status, 200);
  EXPECT_EQ(search("q=*&count=201").status, 400) << "limits.search_max_count";
  EXPECT_EQ(search("q=*&count=9223372036854775807").status, 400);
  EXPECT_EQ(search("q=*&count=99999999999999999999").status, 400);

  const auto past = search("q=*&count=200&startIndex=9223372036854775807");
  ASSERT_EQ(past.status, 200) << past.describe();
  EXPECT_NE(past.body.find("<totalResults>1</totalResults><startIndex>9223372036854775807</startIndex><count>0</count>"),
            std::string::npos)
      << past.body;

  const auto metrics = http.request("GET", "/metrics").value();
  EXPECT_NE(metrics.body.find("smfront_limit_refusals_total{limit=\"search_max_count\"} 2\n"), std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("smfront_search_transcripts_cut_total 2\n"), std::string::npos) << metrics.body;
  EXPECT_NE(server.process().stderrLog().find("cut to limits.search_transcript_chars (20000)"), std::string::npos);
}

TEST(SearchApi, TheSearchLimitsComeFromTheConfiguration) {
  auto config = searchConfig();
  config["limits"] = json::object{{"search_max_count", 1}, {"search_transcript_chars", 100}};
  ServerFixture server(config);
  ChatClient talker(server.port("http"));
  ASSERT_EQ(talker.start(100000, "Pat", "One").status, 201);
  ASSERT_EQ(talker.send("PUT", "/ccp/chat", "<Message><body>" + std::string(500, 'x') + "</body></Message>").status,
            200);
  ChatClient second(server.port("http"));
  ASSERT_EQ(second.start(100000, "Sam", "Two").status, 201);
  HttpClient http;
  ASSERT_TRUE(http.connect(server.port("http"), 5s).ok);
  auto search = [&](const std::string& query) {
    return http.request("GET", "/ccp-webapp/ccp/search/contacts?" + query, {{"Authorization", kMary}}).value();
  };
  EXPECT_EQ(search("q=*&count=2").status, 400);
  const auto page = search("q=*");
  ASSERT_EQ(page.status, 200) << page.describe();
  EXPECT_NE(page.body.find("<totalResults>2</totalResults><startIndex>0</startIndex><link rel=\"next\""),
            std::string::npos)
      << "the default count of 50 is lowered to the limit: " << page.body;
  const auto pat = search("q=sc.author:pat");
  ASSERT_EQ(pat.status, 200) << pat.describe();
  EXPECT_NE(pat.body.find("<ChatTranscript>"), std::string::npos) << pat.body;
  EXPECT_EQ(pat.body.find(std::string(101, 'x')), std::string::npos) << "cut at 100 characters: " << pat.body;
}

}  // namespace
}  // namespace smfront::testing
