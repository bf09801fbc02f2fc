// What the server tells about itself: the URLs it writes never come from the
// request's Host header, and /ccp/status and /metrics answer only loopback
// clients or an admin unless server.status_access says otherwise.
#include <gtest/gtest.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include "chat_client.hpp"
#include "server_fixture.hpp"

namespace smfront::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;


json::object config(json::object extra = {}) {
  json::object c{{"users", adminUsers()},
                 {"feeds", json::array{json::object{{"name", "Web chat"}, {"type", "chat"}},
                                       json::object{{"name", "Callbacks"}, {"type", "callback"}}}}};
  for (auto& [k, v] : extra) c[k] = v;
  return c;
}

HttpResponse call(HttpClient client, const std::string& method, const std::string& target, HeaderList headers,
                  const std::string& body = {}) {
  auto r = client.request(method, target, headers, body);
  EXPECT_TRUE(r) << client.lastError();
  return r.value_or(HttpResponse{});
}

// An IPv4 address of this host other than loopback, to be a client the server does not trust.
std::string nonLoopbackAddress() {
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return {};
  std::string found;
  for (ifaddrs* a = list; a != nullptr && found.empty(); a = a->ifa_next) {
    if (a->ifa_addr == nullptr || a->ifa_addr->sa_family != AF_INET || (a->ifa_flags & IFF_LOOPBACK) != 0 ||
        (a->ifa_flags & IFF_UP) == 0) {
      continue;
    }
    char text[INET_ADDRSTRLEN] = {};
    inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(a->ifa_addr)->sin_addr, text, sizeof text);
    found = text;
  }
  freeifaddrs(list);
  return found;
}

TEST(PublicUrls, LocationIsNeverBuiltFromTheHostHeader) {
  ServerFixture server(config());
  const std::string base = "http://localhost:" + std::to_string(server.port("http"));
  const HeaderList spoofed{{"Host", "evil.example"}, {"Content-Type", "application/xml"}};
  auto chat = call(server.http(), "POST", "/ccp/chat", spoofed,
                   "<SocialContact><feedRefURL>100000</feedRefURL><author>Ann</author><title>Hi</title></SocialContact>");
  ASSERT_EQ(chat.status, 201) << chat.describe();
  EXPECT_EQ(chat.header("location").value_or("").rfind(base + "/ccp-webapp/ccp/socialcontact/", 0), 0u)
      << chat.describe();
  EXPECT_EQ(chat.body.find("evil.example"), std::string::npos) << "nor any refURL";
  auto callback = call(server.http(), "POST", "/ccp/callback/feed/100001", spoofed,
                       "<Contact><name>Ann</name><title>Hi</title><mediaAddress>5551212</mediaAddress></Contact>");
  EXPECT_EQ(callback.header("location").value_or("").rfind(base + "/ccp/callback/contact/", 0), 0u)
      << callback.describe();
  auto redirect = call(server.http(), "GET", "/ccp/chat/100000/redirect?title=Hi&author=Ann", {{"Host", "evil.example"}});
  EXPECT_EQ(redirect.header("location"), base + "/chat.html?resume=1") << redirect.describe();

  const std::string secureBase = "https://localhost:" + std::to_string(server.port("https"));
  auto overTls = call(server.https(), "POST", "/ccp/callback/feed/100001", spoofed,
                      "<Contact><name>Ann</name><title>Hi</title><mediaAddress>5551212</mediaAddress></Contact>");
  EXPECT_EQ(overTls.header("location").value_or("").rfind(secureBase + "/ccp/callback/contact/", 0), 0u)
      << overTls.describe();
}

TEST(PublicUrls, PublicBaseUrlNamesEveryUrl) {
  ServerFixture server(config(json::object{{"public_base_url", "https://sm.example.com/"}}));
  auto feed = call(server.http(), "POST", "/ccp-webapp/ccp/feed",
                   {{"Host", "evil.example"}, {"Authorization", kAdmin}, {"Content-Type", "application/xml"}},
                   "<Feed><name>More</name><type>8</type></Feed>");
  EXPECT_EQ(feed.header("location"), "https://sm.example.com/ccp-webapp/ccp/feed/100002") << feed.describe();
}

TEST(StatusAccess, LoopbackOrAdminByDefault) {
  ServerFixture server(config());
  EXPECT_EQ(call(server.http(), "GET", "/ccp/status", {}).status, 200) << "loopback";
  EXPECT_EQ(call(server.http(), "GET", "/metrics", {}).status, 200);
  const std::string address = nonLoopbackAddress();
  if (address.empty()) GTEST_SKIP() << "this host has no address besides loopback";
  // The same server, reached as a client on the network would.
  ServerFixture exposed(config(json::object{{"listeners", json::object{{"bind", address}}}}));
  for (const std::string target : {"/ccp/status", "/metrics"}) {
    HttpClient client;
    client.setAddress(address);
    ASSERT_TRUE(client.connect(exposed.port("http"), 5s).ok);
    auto anonymous = call(std::move(client), "GET", target, {});
    EXPECT_EQ(anonymous.status, 401) << target << ": " << anonymous.describe();
    EXPECT_EQ(anonymous.body.find("\"ports\""), std::string::npos);
    HttpClient admin;
    admin.setAddress(address);
    ASSERT_TRUE(admin.connect(exposed.port("http"), 5s).ok);
    EXPECT_EQ(call(std::move(admin), "GET", target, {{"Authorization", kAdmin}}).status, 200) << target;
  }
}

TEST(StatusAccess, AdminOnlyAndAnyoneAreChosenByConfig) {
  ServerFixture adminOnly(config(json::object{{"server", json::object{{"status_access", "admin"}}}}));
  for (const std::string target : {"/ccp/status", "/metrics"}) {
    auto anonymous = call(adminOnly.http(), "GET", target, {});
    EXPECT_EQ(anonymous.status, 401) << target << ": " << anonymous.describe();
    EXPECT_EQ(anonymous.header("www-authenticate"), "Basic realm=\"smfront\"");
    EXPECT_EQ(call(adminOnly.http(), "GET", target, {{"Authorization", kAdmin}}).status, 200) << target;
  }
  ServerFixture open(config(json::object{{"server", json::object{{"status_access", "anyone"}}}}));
  EXPECT_EQ(call(open.http(), "GET", "/metrics", {}).status, 200);
}

}  // namespace
}  // namespace smfront::testing
