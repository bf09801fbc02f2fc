// Notification rules end to end: the rules and XMPP settings APIs, IM delivery
// through a real Prosody on loopback (also across a Prosody restart, with a
// wrong password and with a certificate that does not match), and HTTP
// delivery to a server inside this test process, also across its restart.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <mutex>
#include <thread>

#include "chat_client.hpp"
#include "server_fixture.hpp"
#include "support/prosody.hpp"
#include "support/wait.hpp"
#include "support/xmpp_receiver.hpp"

namespace smfront::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr long kChatFeed = 100000;
constexpr const char* kCampaignUrl = "http://127.0.0.1/ccp-webapp/ccp/campaign/Sales";

json::object baseConfig(json::object notify) {
  auto user = [](const char* name, const char* password, const char* role) {
    return json::object{{"name", name}, {"password", password}, {"roles", json::array{role}}};
  };
  return json::object{
      {"users", json::array{user("admin", "secret", "admin"), user("mary", "pw", "agent")}},
      {"feeds", json::array{json::object{{"name", "Web chat"}, {"type", "chat"}, {"tags", json::array{"web"}}}}},
      {"campaigns", json::array{json::object{{"name", "Sales"}, {"feeds", json::array{"Web chat"}}}}},
      {"notify", std::move(notify)},
  };
}

json::object xmppSection(const Prosody& prosody, const std::string& password) {
  return json::object{{"enabled", true},
                      {"host", "127.0.0.1"},
                      {"port", prosody.c2sPort()},
                      {"service", prosody.domain()},
                      {"username", "smfront"},
                      {"password", password},
                      {"ca_file", prosody.certificate().string()},
                      {"backoff_initial_ms", 200},
                      {"backoff_max_ms", 1000},
                      {"auth_retry_ms", 1000},
                      {"connect_timeout_ms", 5000}};
}

class NotifyTest : public ::testing::Test {
 protected:
  HttpResponse call(const std::string& method, const std::string& target, const char* auth = kAdmin,
                    const std::string& body = {}) {
    HttpClient client;
    EXPECT_TRUE(client.connect(server_->port("http"), 5s).ok);
    HeaderList headers;
    if (auth != nullptr) headers.emplace_back("Authorization", auth);
    if (!body.empty()) headers.emplace_back("Content-Type", "application/xml");
    return client.request(method, target, headers, body).value_or(HttpResponse{});
  }

  json::object status() {
    const auto r = call("GET", "/ccp/status", nullptr);
    if (r.status != 200) return {};
    return json::parse(r.body).as_object();
  }
  std::string notifier(const char* key) {
    const auto s = status();
    if (!s.contains("xmpp_notifier")) return {};
    const auto& v = s.at("xmpp_notifier").at(key);
    return v.is_string() ? std::string(v.as_string()) : json::serialize(v);
  }
  std::string httpNotifier(const char* key) {
    const auto s = status();
    if (!s.contains("http_notifier")) return {};
    const auto& v = s.at("http_notifier").at(key);
    return v.is_string() ? std::string(v.as_string()) : json::serialize(v);
  }

  void createImRule(const std::string& target) {
    const auto r = call("POST", "/ccp-webapp/ccp/notificationrule", kAdmin,
                        std::string("<NotificationRule><name>Sales IM</name><type>im</type><campaignUrl>") + kCampaignUrl +
                            "</campaignUrl><tags><tag>web</tag></tags><targets><target>" + target +
                            "</target></targets></NotificationRule>");
    ASSERT_EQ(r.status, 201) << r.describe();
  }

  void createChat(const std::string& author, const std::string& title) {
    ChatClient chat(server_->port("http"));
    const auto r = chat.start(kChatFeed, author, title);
    ASSERT_TRUE(r.status == 200 || r.status == 201) << r.describe();
  }

  void startServer(json::object notify) { server_ = std::make_unique<ServerFixture>(baseConfig(std::move(notify))); }

  std::unique_ptr<ServerFixture> server_;
};

#define SKIP_WITHOUT_PROSODY()                                                                     \
  if (!prosodyInstalled()) GTEST_SKIP() << "prosody is not installed (scripts/install-deps.sh test)"

TEST_F(NotifyTest, RulesApiValidatesAndKeepsChangeStamps) {
  startServer({});
  EXPECT_EQ(call("GET", "/ccp-webapp/ccp/notificationrule", kMary).status, 403);
  std::string tags = "<tags>";
  for (int i = 0; i < 6; ++i) tags += "<tag>t" + std::to_string(i) + "</tag>";
  tags += "</tags>";
  auto tooMany = call("POST", "/ccp-webapp/ccp/notificationrule", kAdmin,
                      std::string("<NotificationRule><name>x</name><type>im</type><campaignUrl>") + kCampaignUrl +
                          "</campaignUrl>" + tags + "<targets><target>a@localhost</target></targets></NotificationRule>");
  EXPECT_EQ(tooMany.status, 400);
  EXPECT_NE(tooMany.body.find("invalidInput.outOfRange"), std::string::npos) << tooMany.body;
  auto badUrl = call("POST", "/ccp-webapp/ccp/notificationrule", kAdmin,
                     std::string("<NotificationRule><name>x</name><type>http</type><campaignUrl>") + kCampaignUrl +
                         "</campaignUrl><tags><tag>a</tag></tags><httpUrl>not a url</httpUrl></NotificationRule>");
  EXPECT_EQ(badUrl.status, 400);
  EXPECT_NE(badUrl.body.find("<errorData>httpUrl</errorData>"), std::string::npos) << badUrl.body;
  auto noCampaign = call("POST", "/ccp-webapp/ccp/notificationrule", kAdmin,
                         "<NotificationRule><name>x</name><type>im</type><campaignUrl>http://h/ccp-webapp/ccp/campaign/"
                         "Nope</campaignUrl><tags><tag>a</tag></tags><targets><target>a@localhost</target></targets>"
                         "</NotificationRule>");
  EXPECT_EQ(noCampaign.status, 400);

  createImRule("alice@localhost");
  auto list = call("GET", "/ccp-webapp/ccp/notificationrule");
  ASSERT_EQ(list.status, 200);
  EXPECT_NE(list.body.find("<NotificationRules><NotificationRule>"), std::string::npos) << list.body;
  auto one = call("GET", "/ccp-webapp/ccp/notificationrule/100000");
  ASSERT_EQ(one.status, 200);
  EXPECT_NE(one.body.find("<changeStamp>0</changeStamp>"), std::string::npos);
  EXPECT_EQ(call("PUT", "/ccp-webapp/ccp/notificationrule/100000", kAdmin,
                 "<NotificationRule><changeStamp>5</changeStamp><name>n</name></NotificationRule>")
                .status,
            400);
  EXPECT_EQ(call("PUT", "/ccp-webapp/ccp/notificationrule/100000", kAdmin,
                 "<NotificationRule><changeStamp>0</changeStamp><name>Renamed</name></NotificationRule>")
                .status,
            200);
  EXPECT_NE(call("GET", "/ccp-webapp/ccp/notificationrule/100000").body.find("<name>Renamed</name>"),
            std::string::npos);
  EXPECT_EQ(call("DELETE", "/ccp-webapp/ccp/notificationrule/100000").status, 200);
  EXPECT_EQ(call("GET", "/ccp-webapp/ccp/notificationrule/100000").status, 404);

  // The XMPP record: admin only, password masked, kept when ****** comes back.
  EXPECT_EQ(call("GET", "/ccp-webapp/ccp/xmpp/default", kMary).status, 403);
  EXPECT_EQ(call("PUT", "/ccp-webapp/ccp/xmpp/default", kAdmin,
                 "<Xmpp><xmppEnabled>false</xmppEnabled><xmppHost>127.0.0.1</xmppHost><xmppPort>1</xmppPort>"
                 "<xmppService>localhost</xmppService><xmppServiceUserName>bot</xmppServiceUserName>"
                 "<xmppServicePassword>pw</xmppServicePassword></Xmpp>")
                .status,
            200);
  auto xmpp = call("GET", "/ccp-webapp/ccp/xmpp/default");
  ASSERT_EQ(xmpp.status, 200);
  EXPECT_NE(xmpp.body.find("<xmppServiceUsername>bot</xmppServiceUsername>"), std::string::npos) << xmpp.body;
  EXPECT_NE(xmpp.body.find("<xmppServicePassword>******</xmppServicePassword>"), std::string::npos);
  EXPECT_EQ(call("PUT", "/ccp-webapp/ccp/xmpp/default", kAdmin, "<Xmpp><xmppPort>70000</xmppPort></Xmpp>").status, 400);
  EXPECT_EQ(notifier("state"), "disabled");
}

TEST_F(NotifyTest, ImArrivesOnceAndInOrderAcrossAProsodyRestart) {
  SKIP_WITHOUT_PROSODY();
  Prosody prosody;
  prosody.addUser("smfront", "secret");
  prosody.addUser("alice", "apw");
  prosody.start();
  startServer(json::object{{"xmpp", xmppSection(prosody, "secret")}});
  ASSERT_TRUE(waitUntil([&] { return notifier("state") == "online"; }, 15s, 50ms))
      << notifier("last_error") << "\n" << server_->process().stderrTail();

  XmppReceiver alice(prosody.c2sPort(), "localhost", "alice", "apw");
  ASSERT_EQ(alice.login(10s), "");
  createImRule("alice@localhost");
  createChat("Ann", "Billing question");
  const auto& first = alice.waitForChats(1, 15s);
  ASSERT_EQ(first.size(), 1u) << server_->process().stderrTail();
  EXPECT_EQ(first[0].id, "smf-1");
  EXPECT_EQ(first[0].body.rfind("New chat contact from Ann: Billing question http", 0), 0u) << first[0].body;
  ASSERT_TRUE(waitUntil([&] { return notifier("outbox") == "0"; }, 10s, 50ms));

  prosody.stop();
  alice.close();
  ASSERT_TRUE(waitUntil([&] { return notifier("state") != "online"; }, 10s, 50ms));
  for (const char* title : {"Second", "Third", "Fourth"}) createChat("Bob", title);
  EXPECT_EQ(notifier("outbox"), "3");

  prosody.start();
  XmppReceiver again(prosody.c2sPort(), "localhost", "alice", "apw");
  ASSERT_EQ(again.login(10s), "");
  const auto& rest = again.waitForChats(3, 20s);
  ASSERT_EQ(rest.size(), 3u) << notifier("last_error") << "\n" << server_->process().stderrTail();
  EXPECT_NE(rest[0].body.find("Second"), std::string::npos);
  EXPECT_NE(rest[1].body.find("Third"), std::string::npos);
  EXPECT_NE(rest[2].body.find("Fourth"), std::string::npos);
  EXPECT_EQ(again.drain(1500ms).size(), 3u) << "a notification arrived twice";
  EXPECT_TRUE(waitUntil([&] { return notifier("outbox") == "0"; }, 10s, 50ms));
  EXPECT_EQ(notifier("state"), "online");
}

TEST_F(NotifyTest, WrongPasswordIsReportedAndNothingIsDelivered) {
  SKIP_WITHOUT_PROSODY();
  Prosody prosody;
  prosody.addUser("smfront", "secret");
  prosody.addUser("alice", "apw");
  prosody.start();
  startServer(json::object{{"xmpp", xmppSection(prosody, "wrong")}});
  ASSERT_TRUE(waitUntil([&] { return notifier("state") == "auth_failed"; }, 15s, 50ms))
      << notifier("state") << " " << notifier("last_error");
  EXPECT_NE(notifier("last_error").find("auth-failed"), std::string::npos) << notifier("last_error");
  XmppReceiver alice(prosody.c2sPort(), "localhost", "alice", "apw");
  ASSERT_EQ(alice.login(10s), "");
  createImRule("alice@localhost");
  createChat("Ann", "Hello");
  EXPECT_TRUE(alice.drain(1500ms).empty());
  EXPECT_EQ(notifier("outbox"), "1");
  EXPECT_NE(server_->process().stderrLog().find("auth-failed"), std::string::npos);
}

TEST_F(NotifyTest, CertificateMismatchIsReportedAndNothingIsDelivered) {
  SKIP_WITHOUT_PROSODY();
  Prosody prosody({.certificateName = "other.example"});
  prosody.addUser("smfront", "secret");
  prosody.addUser("alice", "apw");
  prosody.start();
  startServer(json::object{{"xmpp", xmppSection(prosody, "secret")}});
  ASSERT_TRUE(waitUntil([&] { return notifier("last_error").find("does not match") != std::string::npos; }, 15s, 50ms))
      << notifier("state") << " " << notifier("last_error");
  EXPECT_EQ(notifier("state"), "backoff");
  XmppReceiver alice(prosody.c2sPort(), "localhost", "alice", "apw");
  ASSERT_EQ(alice.login(10s), "");
  createImRule("alice@localhost");
  createChat("Ann", "Hello");
  EXPECT_TRUE(alice.drain(1500ms).empty());
  EXPECT_EQ(notifier("outbox"), "1");
}

// A one-thread HTTP server that answers 200 to every request and records them.
class HookServer {
 public:
  // A port below the ephemeral range, so that while the server is down a client
  // connecting to it can never be handed the same port and connect to itself.
  HookServer() {
    for (int port = 20000 + static_cast<int>(::getpid() % 10000);; port = 20000 + (port - 19999) % 12000) {
      try {
        listen(port);
        return;
      } catch (const std::runtime_error&) {
        if (++attempts_ > 200) throw;
      }
    }
  }
  ~HookServer() { stop(); }

  void listen(int port) {
    fd_ = UniqueFd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    const int one = 1;
    ::setsockopt(fd_.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (::bind(fd_.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd_.get(), 16) != 0 ||
        ::getsockname(fd_.get(), reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      throw std::runtime_error("hook server cannot listen on " + std::to_string(port) + ": " + std::strerror(errno));
    }
    port_ = ntohs(addr.sin_port);
    stopping_ = false;
    thread_ = std::thread([this] { serve(); });
  }

  void stop() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
    fd_.reset();
  }

  int port() const { return port_; }
  std::vector<std::string> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  void serve() {
    while (!stopping_) {
      pollfd p{fd_.get(), POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      UniqueFd client(::accept4(fd_.get(), nullptr, nullptr, SOCK_CLOEXEC));
      if (!client.valid()) continue;
      std::string request;
      char buffer[4096];
      const auto end = std::chrono::steady_clock::now() + 5s;
      std::size_t wanted = std::string::npos;
      while (std::chrono::steady_clock::now() < end) {
        pollfd c{client.get(), POLLIN, 0};
        if (::poll(&c, 1, 100) <= 0) continue;
        const auto n = ::recv(client.get(), buffer, sizeof buffer, 0);
        if (n <= 0) break;
        request.append(buffer, static_cast<std::size_t>(n));
        const auto headerEnd = request.find("\r\n\r\n");
        if (headerEnd == std::string::npos) continue;
        if (wanted == std::string::npos) {
          const auto cl = request.find("Content-Length: ");
          const auto length = cl == std::string::npos ? 0 : std::stoul(request.substr(cl + 16));
          wanted = headerEnd + 4 + length;
        }
        if (request.size() >= wanted) break;
      }
      const std::string answer = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
      (void)::send(client.get(), answer.data(), answer.size(), MSG_NOSIGNAL);
      std::lock_guard lock(mutex_);
      requests_.push_back(std::move(request));
    }
  }

  UniqueFd fd_;
  int port_ = 0;
  int attempts_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
  mutable std::mutex mutex_;
  std::vector<std::string> requests_;
};

TEST_F(NotifyTest, HttpRulePostsTheContactAlsoAcrossARestartOfTheReceiver) {
  HookServer hook;
  startServer(json::object{{"http", json::object{{"retry_delays_ms", json::array{200, 400, 800, 1600, 3200}}}}});
  const auto r = call("POST", "/ccp-webapp/ccp/notificationrule", kAdmin,
                      std::string("<NotificationRule><name>Hook</name><type>http</type><campaignUrl>") + kCampaignUrl +
                          "</campaignUrl><tags><tag>web</tag></tags><httpUrl>http://127.0.0.1:" +
                          std::to_string(hook.port()) +
                          "/in</httpUrl><httpUsername>u</httpUsername><httpPassword>p</httpPassword></NotificationRule>");
  ASSERT_EQ(r.status, 201) << r.describe();
  createChat("Ann", "Via HTTP");
  ASSERT_TRUE(waitUntil([&] { return hook.requests().size() == 1; }, 10s));
  const std::string first = hook.requests()[0];
  EXPECT_EQ(first.rfind("POST /in HTTP/1.1", 0), 0u) << first;
  EXPECT_NE(first.find("Authorization: Basic dTpw"), std::string::npos) << first;
  EXPECT_NE(first.find("<title>Via HTTP</title>"), std::string::npos) << first;
  EXPECT_NE(first.find("<notificationTag>web</notificationTag>"), std::string::npos) << first;
  EXPECT_NE(first.find("<screenPopUrl>"), std::string::npos) << first;

  // Down: the POST fails and is retried; back up: it arrives.
  const int port = hook.port();
  hook.stop();
  createChat("Bob", "While down");
  ASSERT_TRUE(waitUntil([&] { return !httpNotifier("last_error").empty(); }, 10s));
  hook.listen(port);
  ASSERT_TRUE(waitUntil([&] { return hook.requests().size() == 2; }, 15s)) << httpNotifier("last_error");
  EXPECT_NE(hook.requests()[1].find("<title>While down</title>"), std::string::npos);
  EXPECT_TRUE(waitUntil([&] { return httpNotifier("outbox") == "0"; }, 5s));
  EXPECT_EQ(httpNotifier("delivered"), "2");
}

}  // namespace
}  // namespace smfront::testing
