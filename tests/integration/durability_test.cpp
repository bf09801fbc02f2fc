// What a client was told was accepted survives: a clean restart, kill -9 in
// the middle of load, and a disk that refuses writes for a while (spec §2.6).
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <boost/json/serialize.hpp>
#include <csignal>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "chat_client.hpp"
#include "restarts.hpp"
#include "server_fixture.hpp"
#include "support/wait.hpp"

namespace smfront::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr long kChatFeed = 100000;

// Every run: a chat feed (100000), a callback feed (100001) and an admin.
json::object durableConfig() {
  return {{"feeds", json::array{json::object{{"name", "Web chat"}, {"type", "chat"}},
                                json::object{{"name", "Callbacks"}, {"type", "callback"}}}},
          {"users", adminUsers()}};
}

std::string between(const std::string& text, const std::string& open, const std::string& close) {
  const auto a = text.find(open);
  if (a == std::string::npos) return {};
  const auto b = text.find(close, a + open.size());
  return text.substr(a + open.size(), b - a - open.size());
}

std::string createCallback(Restarts& server, const std::string& name) {
  auto r = server.call("POST", "/ccp/rest/callback/feed/100001",
                       "<Contact><name>" + name + "</name><title>Call me</title><mediaAddress>5551234</mediaAddress></Contact>");
  EXPECT_EQ(r.status, 201) << r.describe();
  if (r.status != 201) return {};
  const auto location = r.header("location").value_or("");  // .../callback/<contact id>
  return location.substr(location.rfind('/') + 1);
}

std::vector<std::string> customerMessages(const std::vector<PolledEvent>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) {
    if (e.kind == "MessageEvent") out.push_back(e.value);
  }
  return out;
}

TEST(Durability, ACleanRestartKeepsEverythingAndTheOpenChatGoesOn) {
  Restarts server(durableConfig());
  server.start();
  ChatClient widget(server.port());
  auto created = widget.start(kChatFeed, "Pat");
  ASSERT_EQ(created.status, 201) << created.describe();
  const auto chatId = between(created.body, "<id>", "</id>");
  ASSERT_EQ(widget.send("PUT", "/ccp/chat", "<Message><body>before the restart</body></Message>").status, 200);
  const auto callbackId = createCallback(server, "Sam");
  ASSERT_FALSE(callbackId.empty());
  auto feed = server.call("POST", "/ccp-webapp/ccp/feed",
                          "<Feed><name>Added later</name><type>8</type><description>x</description></Feed>");
  ASSERT_EQ(feed.status, 201) << feed.describe();
  const auto feedUrl = feed.header("location").value_or("");
  ASSERT_EQ(server.process().signalAndWait(SIGTERM, 10s), 0);

  server.start();
  ChatClient resumed(server.port());
  resumed.jar() = widget.jar();
  ASSERT_EQ(resumed.poll(true).status, 200) << "the customer's cookie still works";
  EXPECT_EQ(customerMessages(resumed.events()), (std::vector<std::string>{"before the restart"}));
  EXPECT_TRUE(resumed.sawEvent("StatusEvent", "chat_ok"));
  ASSERT_EQ(resumed.send("PUT", "/ccp/chat", "<Message><body>after the restart</body></Message>").status, 200);
  resumed.poll(true);
  EXPECT_EQ(customerMessages(resumed.events()).back(), "after the restart");

  EXPECT_EQ(server.call("GET", "/ccp-webapp/ccp/socialcontact/" + chatId).status, 200);
  EXPECT_EQ(server.call("GET", "/ccp-webapp/ccp/socialcontact/" + callbackId).status, 200);
  EXPECT_EQ(server.call("GET", feedUrl.substr(feedUrl.find("/ccp-webapp/"))).status, 200);
  const auto feeds = server.call("GET", "/ccp-webapp/ccp/feed").body;
  EXPECT_EQ(feeds.find("Web chat"), feeds.rfind("Web chat")) << "seeds are not created twice";
  const auto transcript = server.call("GET", "/ccp-webapp/ccp/socialcontact/" + chatId + "/transcript").body;
  EXPECT_NE(transcript.find("before the restart"), std::string::npos) << transcript;
  EXPECT_NE(transcript.find("after the restart"), std::string::npos) << transcript;
}

// What the load clients were told, by contact.
struct Acknowledged {
  std::mutex mutex;
  std::map<std::string, CookieJar> chats;                       // contact id -> the widget's cookies
  std::map<std::string, std::vector<std::string>> messages;    // contact id -> acknowledged texts
  std::set<std::string> callbacks;
};

// One request of a load client; nullopt once the server is gone (the kill
// makes that expected, so it is not a test failure).
std::optional<HttpResponse> tryRequest(int port, CookieJar& jar, const std::string& method, const std::string& target,
                                       const std::string& body) {
  HttpClient client;
  if (!client.connect(port, 2s).ok) return std::nullopt;
  HeaderList headers{{"Content-Type", "application/xml"}};
  if (const auto cookies = jar.header(); !cookies.empty()) headers.emplace_back("Cookie", cookies);
  auto response = client.request(method, target, headers, body);
  if (response) jar.update(*response);
  return response;
}

void customerLoad(int port, int worker, Acknowledged& acked, std::atomic<bool>& stop) {
  for (int n = 0; !stop; ++n) {
    CookieJar jar;
    const auto created = tryRequest(port, jar, "POST", "/ccp/chat",
                                    "<SocialContact><feedRefURL>http://localhost/ccp-webapp/ccp/feed/100000</feedRefURL>"
                                    "<author>w" + std::to_string(worker) + "</author><title>load</title></SocialContact>");
    if (!created || created->status != 201) return;  // the server is gone
    const auto id = between(created->body, "<id>", "</id>");
    {
      std::lock_guard lock(acked.mutex);
      acked.chats[id] = jar;
    }
    for (int m = 0; m < 3 && !stop; ++m) {
      const std::string text = "m" + std::to_string(worker) + "-" + std::to_string(n) + "-" + std::to_string(m);
      const auto sent = tryRequest(port, jar, "PUT", "/ccp/chat", "<Message><body>" + text + "</body></Message>");
      if (!sent || sent->status != 200) return;
      std::lock_guard lock(acked.mutex);
      acked.messages[id].push_back(text);
    }
    CookieJar none;
    const auto callback = tryRequest(port, none, "POST", "/ccp/rest/callback/feed/100001",
                                     "<Contact><name>cb</name><title>t</title><mediaAddress>1</mediaAddress></Contact>");
    if (!callback || callback->status != 201) return;
    const auto location = callback->header("location").value_or("");
    std::lock_guard lock(acked.mutex);
    acked.callbacks.insert(location.substr(location.rfind('/') + 1));
  }
}

TEST(Durability, KillNineUnderLoadLosesNothingThatWasAcknowledged) {
  Restarts server(durableConfig());
  server.start();
  const int port = server.port();
  Acknowledged acked;
  std::atomic<bool> stop{false};
  std::vector<std::thread> clients;
  for (int w = 0; w < 4; ++w) clients.emplace_back([&, w] { customerLoad(port, w, acked, stop); });

  // The kill lands after a random amount of acknowledged work, mid-request
  // for some clients.
  const unsigned seed = std::random_device{}();
  std::mt19937 random(seed);
  const std::size_t killAt = std::uniform_int_distribution<std::size_t>(40, 400)(random);
  SCOPED_TRACE("killed after " + std::to_string(killAt) + " acknowledged messages (seed " + std::to_string(seed) + ")");
  const auto acknowledgedMessages = [&] {
    std::lock_guard lock(acked.mutex);
    std::size_t n = 0;
    for (const auto& [_, texts] : acked.messages) n += texts.size();
    return n;
  };
  const bool loaded = waitUntil([&] { return acknowledgedMessages() >= killAt; }, 20s);
  ASSERT_EQ(server.process().signalAndWait(SIGKILL, 10s), 128 + SIGKILL);
  stop = true;
  for (auto& t : clients) t.join();
  ASSERT_TRUE(loaded) << "the load did not get going";

  server.start();
  for (const auto& id : acked.callbacks) {
    EXPECT_EQ(server.call("GET", "/ccp-webapp/ccp/socialcontact/" + id).status, 200) << "callback " << id;
  }
  std::set<long> oldEventIds;
  for (auto& [id, jar] : acked.chats) {
    EXPECT_EQ(server.call("GET", "/ccp-webapp/ccp/socialcontact/" + id).status, 200) << "chat " << id;
    ChatClient widget(server.port());
    widget.jar() = jar;
    ASSERT_EQ(widget.poll(true).status, 200) << "the session of chat " << id << " continues";
    const auto seen = customerMessages(widget.events());
    for (const auto& text : acked.messages[id]) {
      EXPECT_NE(std::find(seen.begin(), seen.end(), text), seen.end()) << text << " of chat " << id;
    }
    const long lastId = widget.events().empty() ? 0 : widget.events().back().id;
    ASSERT_EQ(widget.send("PUT", "/ccp/chat", "<Message><body>after</body></Message>").status, 200);
    widget.poll(true);
    EXPECT_GT(widget.events().back().id, lastId) << "event ids do not repeat";
  }
  ChatClient fresh(server.port());
  auto created = fresh.start(kChatFeed, "new");
  ASSERT_EQ(created.status, 201);
  EXPECT_FALSE(acked.chats.contains(between(created.body, "<id>", "</id>"))) << "contact ids do not repeat";
}

// A file-size limit on the running process makes every write of the store
// fail (EFBIG), as a full disk does; lifting it is the disk recovering.
bool limitFileSize(pid_t pid, rlim_t bytes) {
  rlimit current{};
  if (::prlimit(pid, RLIMIT_FSIZE, nullptr, &current) != 0) return false;
  rlimit wanted{bytes, current.rlim_max};
  return ::prlimit(pid, RLIMIT_FSIZE, &wanted, nullptr) == 0;
}

TEST(Durability, AFullDiskRefusesWritesWith503KeepsReadsAndRecovers) {
  Restarts server(durableConfig());
  server.start();
  ChatClient widget(server.port());
  ASSERT_EQ(widget.start(kChatFeed, "Pat").status, 201);
  ASSERT_EQ(widget.send("PUT", "/ccp/chat", "<Message><body>stored</body></Message>").status, 200);

  if (!limitFileSize(server.process().pid(), 1)) GTEST_SKIP() << "cannot set RLIMIT_FSIZE of the child here";
  auto refused = server.call("POST", "/ccp/rest/callback/feed/100001",
                             "<Contact><name>Sam</name><title>t</title><mediaAddress>1</mediaAddress></Contact>");
  EXPECT_EQ(refused.status, 503) << refused.describe();
  EXPECT_NE(refused.body.find("<errorType>serviceUnavailable</errorType>"), std::string::npos) << refused.body;
  const auto lost = widget.send("PUT", "/ccp/chat", "<Message><body>lost?</body></Message>");
  EXPECT_EQ(lost.status, 503) << lost.describe();
  EXPECT_TRUE(lost.header("retry-after").has_value()) << lost.describe();
  EXPECT_EQ(widget.poll(true).status, 200) << "reads keep working";
  const auto seen = customerMessages(widget.events());
  EXPECT_EQ(std::find(seen.begin(), seen.end(), "lost?"), seen.end())
      << "while the store refuses writes, a change is refused before it is made, not kept in memory";
  EXPECT_EQ(server.call("GET", "/ccp-webapp/ccp/feed").status, 200);
  const auto status = server.call("GET", "/ccp/status").body;
  EXPECT_NE(status.find("\"writable\":false"), std::string::npos) << status;
  EXPECT_NE(status.find("\"last_error\":\"" + (server.dataDir() / "smfront.db").string() + ": "), std::string::npos)
      << "the reason is shown: " << status;
  EXPECT_NE(server.call("GET", "/metrics").body.find("\nsmfront_store_writable 0\n"), std::string::npos);

  ASSERT_TRUE(limitFileSize(server.process().pid(), RLIM_INFINITY));
  // Nothing is written while the store refuses writes: it probes the disk by itself.
  EXPECT_TRUE(waitUntil([&] { return server.call("GET", "/ccp/status").body.find("\"writable\":true") != std::string::npos; },
                        10s, 50ms));
  EXPECT_EQ(widget.send("PUT", "/ccp/chat", "<Message><body>recovered</body></Message>").status, 200);
  ASSERT_EQ(server.process().signalAndWait(SIGTERM, 10s), 0);

  server.start();
  ChatClient resumed(server.port());
  resumed.jar() = widget.jar();
  ASSERT_EQ(resumed.poll(true).status, 200);
  const auto texts = customerMessages(resumed.events());
  EXPECT_NE(std::find(texts.begin(), texts.end(), "stored"), texts.end());
  EXPECT_NE(std::find(texts.begin(), texts.end(), "recovered"), texts.end());
  EXPECT_EQ(std::find(texts.begin(), texts.end(), "lost?"), texts.end())
      << "a refused change is rolled back, not written later by the next commit";
}

TEST(Durability, RefusedChangesDoNotPileUpForLaterWrites) {
  Restarts server(durableConfig());
  server.start();
  ChatClient widget(server.port());
  ASSERT_EQ(widget.start(kChatFeed, "Pat").status, 201);
  if (!limitFileSize(server.process().pid(), 1)) GTEST_SKIP() << "cannot set RLIMIT_FSIZE of the child here";
  constexpr int kRefused = 200;
  for (int i = 0; i < kRefused; ++i) {
    ASSERT_EQ(widget.send("PUT", "/ccp/chat", "<Message><body>refused " + std::to_string(i) + "</body></Message>").status,
              503);
  }
  ASSERT_TRUE(limitFileSize(server.process().pid(), RLIM_INFINITY));
  ASSERT_TRUE(waitUntil([&] { return server.call("GET", "/ccp/status").body.find("\"writable\":true") != std::string::npos; },
                        10s, 50ms));
  ASSERT_EQ(widget.send("PUT", "/ccp/chat", "<Message><body>accepted</body></Message>").status, 200);
  ASSERT_EQ(server.process().signalAndWait(SIGTERM, 10s), 0);

  // What the file holds after a restart is what was acknowledged, and only that.
  server.start();
  ChatClient resumed(server.port());
  resumed.jar() = widget.jar();
  ASSERT_EQ(resumed.poll(true).status, 200);
  EXPECT_EQ(customerMessages(resumed.events()), (std::vector<std::string>{"accepted"}));
}

TEST(Durability, ADataFileReadableByOthersIsMadeOwnerOnlyAtStart) {
  Restarts server(durableConfig());
  server.start();
  ASSERT_EQ(server.process().signalAndWait(SIGTERM, 10s), 0);
  namespace fs = std::filesystem;
  const fs::path db = server.dataDir() / "smfront.db";
  const fs::path wal = server.dataDir() / "smfront.db-wal";
  for (const auto& file : {db, wal}) {
    ASSERT_TRUE(fs::exists(file)) << file;
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                              fs::perms::others_read);
  }

  server.start();
  for (const auto& file : {db, wal}) {
    EXPECT_EQ(fs::status(file).permissions() & fs::perms::mask, fs::perms::owner_read | fs::perms::owner_write)
        << file;
  }
  EXPECT_NE(server.process().stderrLog().find(db.string() + " had mode 0644, readable beyond its owner; made it 0600"),
            std::string::npos)
      << server.process().stderrLog();
}

TEST(Durability, AForeignDatabaseFileIsRefusedAndLeftAlone) {
  TempDir dir("smfront-foreign");
  std::filesystem::create_directories(dir.file("data"));
  const std::string foreign = "this is not a database, and it must stay as it is\n";
  writeFile(dir.file("data") / "smfront.db", foreign);
  SmfrontOptions options;
  options.configJson = json::serialize(testConfig(dir));
  SmfrontProcess process(std::move(options));
  process.spawn();
  EXPECT_EQ(process.waitForExit(10s), 1);
  EXPECT_NE(process.stderrLog().find("smfront.db"), std::string::npos) << process.stderrLog();
  EXPECT_EQ(readFile(dir.file("data") / "smfront.db"), foreign);
}

TEST(Durability, ExportWritesContactsAndTranscriptsAsApiXml) {
  Restarts server(durableConfig());
  server.start();
  ChatClient widget(server.port());
  auto created = widget.start(kChatFeed, "Pat");
  ASSERT_EQ(created.status, 201);
  ASSERT_EQ(widget.send("PUT", "/ccp/chat", "<Message><body>export me</body></Message>").status, 200);
  ASSERT_EQ(server.process().signalAndWait(SIGTERM, 10s), 0);

  std::string output;
  ASSERT_EQ(runAndWait({"--config", server.process().configPath().string(), "--export", "-"}, 20s, &output), 0) << output;
  EXPECT_EQ(output.rfind("<?xml", 0), 0u) << output.substr(0, 200);
  EXPECT_NE(output.find("<SocialContact>"), std::string::npos);
  EXPECT_NE(output.find("<id>" + between(created.body, "<id>", "</id>") + "</id>"), std::string::npos);
  EXPECT_NE(output.find("export me"), std::string::npos);
}

}  // namespace
}  // namespace smfront::testing
