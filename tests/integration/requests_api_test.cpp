// Callback and task requests as a callback page and Task Routing clients use
// them, routed by the internal router to virtual agents.
#include <gtest/gtest.h>

#include <thread>

#include "server_fixture.hpp"
#include "support/wait.hpp"

namespace smfront::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;


json::object routingConfig(int agents, int handleMs, int expiryMs = 300000) {
  json::array virtualAgents;
  for (int i = 1; i <= agents; ++i) {
    virtualAgents.push_back(json::object{{"name", "va" + std::to_string(i)}, {"handle_ms", handleMs}, {"greeting", ""}});
  }
  return json::object{
      {"feeds", json::array{json::object{{"name", "Callbacks"}, {"type", "callback"}},
                            json::object{{"name", "Tasks"}, {"type", "task"}},
                            json::object{{"name", "Chat"}, {"type", "chat"}}}},
      {"virtual_agents", virtualAgents},
      {"request_expiry_ms", expiryMs},
      {"avg_handle_seconds", 60},
      {"users", adminUsers()}};
}

std::string between(const std::string& text, const std::string& open, const std::string& close) {
  const auto a = text.find(open);
  if (a == std::string::npos) return {};
  const auto b = text.find(close, a + open.size());
  return text.substr(a + open.size(), b - a - open.size());
}

class Requests {
 public:
  explicit Requests(int port) : port_(port) {}

  HttpResponse call(const std::string& method, const std::string& target, const std::string& body = {},
                    HeaderList headers = {}) {
    HttpClient client;
    EXPECT_TRUE(client.connect(port_, 5s).ok);
    if (!body.empty()) headers.emplace_back("Content-Type", "application/xml");
    return client.request(method, target, headers, body).value_or(HttpResponse{});
  }

  /// Creates a callback by XML POST; returns the status resource's path.
  std::string callback(const std::string& name = "Pat") {
    auto r = call("POST", "/ccp/rest/callback/feed/100000",
                  "<Contact><name>" + name + "</name><title>Call me</title><mediaAddress>5551234</mediaAddress>"
                  "<variables><variable><name>cv_1</name><value>gold</value></variable></variables></Contact>");
    EXPECT_EQ(r.status, 201) << r.describe();
    const auto location = r.header("location").value_or("");
    return location.substr(location.find("/ccp/"));
  }

  std::string status(const std::string& path) { return between(call("GET", path).body, "<status>", "</status>"); }

 private:
  int port_;
};

TEST(RequestsApi, CallbackFromPostIsRoutedToAVirtualAgentAndHandled) {
  ServerFixture server(routingConfig(1, 400));
  Requests api(server.port("http"));
  const auto path = api.callback();
  EXPECT_EQ(path.rfind("/ccp/rest/callback/contact/", 0), 0u) << "the prefix family of the create request";
  auto first = api.call("GET", path);
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.body.rfind("<Contact><id>", 0), 0u) << first.body;
  EXPECT_NE(first.body.find("<statusReason>externally_routed</statusReason>"), std::string::npos);
  EXPECT_EQ(between(first.body, "<status>", "</status>"), "reserved") << "a free virtual agent takes it at once";
  EXPECT_TRUE(waitUntil([&] { return api.status(path) == "handled"; }, 5s)) << "finished after its handle time";
  auto done = api.call("GET", path);
  EXPECT_NE(done.body.find("<statusReason>externally_handled</statusReason>"), std::string::npos) << done.body;
  EXPECT_EQ(done.body.find("estimatedWaitTime"), std::string::npos) << "only while queued";

  const auto id = path.substr(path.rfind('/') + 1);
  auto contact = api.call("GET", "/ccp-webapp/ccp/socialcontact/" + id, {}, {{"Authorization", kAdmin}});
  EXPECT_NE(contact.body.find("<sourceType>callback</sourceType>"), std::string::npos) << contact.body;
  EXPECT_NE(contact.body.find("<statusUserId>va1</statusUserId>"), std::string::npos);
}

TEST(RequestsApi, TaskFromGetReportsTaskIdAndAgent) {
  ServerFixture server(routingConfig(1, 5000));
  Requests api(server.port("http"));
  auto created = api.call("GET", "/ccp/task/feed/100001?name=Pat&title=Review&scriptSelector=TaskDN&variable_cv_2=x&variable_mediaType=chat");
  ASSERT_EQ(created.status, 201) << created.describe();
  const auto location = created.header("location").value_or("");
  const auto path = location.substr(location.find("/ccp/"));
  EXPECT_EQ(path.rfind("/ccp/task/contact/", 0), 0u);
  auto status = api.call("GET", path);
  EXPECT_EQ(status.body.rfind("<Task>", 0), 0u) << status.body;
  EXPECT_EQ(between(status.body, "<status>", "</status>"), "reserved");
  EXPECT_EQ(between(status.body, "<agentID>", "</agentID>"), "va1");
  const auto taskId = between(status.body, "<taskID>", "</taskID>");
  EXPECT_EQ(std::count(taskId.begin(), taskId.end(), '_'), 2) << taskId;
  EXPECT_EQ(api.call("GET", "/ccp/callback/contact/" + path.substr(path.rfind('/') + 1)).status, 404)
      << "a task is not a callback";

  // Renotify puts the reserved task back in the queue (and the agent takes it again).
  auto renotify = api.call("PUT", "/ccp-webapp/ccp/task/" + path.substr(path.rfind('/') + 1) + "/renotify",
                           "<Task><reNotifyReason>ROUTE_SERVICE_TRANSFER</reNotifyReason></Task>", {{"Authorization", kAdmin}});
  EXPECT_EQ(renotify.status, 200) << renotify.describe();
  EXPECT_NE(between(api.call("GET", path).body, "<taskID>", "</taskID>"), taskId) << "a new assignment";
}

TEST(RequestsApi, CancelSucceedsWhileQueuedAndIsRefusedAfterAssignment) {
  ServerFixture server(routingConfig(1, 60000));
  Requests api(server.port("http"));
  const auto taken = api.callback("first");
  const auto waiting = api.callback("second");
  EXPECT_EQ(api.status(taken), "reserved");
  EXPECT_EQ(api.status(waiting), "queued");

  auto refused = api.call("DELETE", taken);
  EXPECT_EQ(refused.status, 400);
  EXPECT_NE(refused.body.find("<errorType>invalidState.transition</errorType>"), std::string::npos) << refused.body;
  EXPECT_EQ(api.status(taken), "reserved") << "status unchanged";

  auto cancelled = api.call("DELETE", waiting);
  EXPECT_EQ(cancelled.status, 200) << cancelled.describe();
  EXPECT_NE(cancelled.body.find("<status>discarded</status>"), std::string::npos);
  EXPECT_NE(cancelled.body.find("<statusReason>notification_cce_callback_cancel_succeeded</statusReason>"),
            std::string::npos);
  EXPECT_EQ(api.call("GET", waiting).status, 404) << "the resource is gone after a cancel";
}

TEST(RequestsApi, PositionAndEstimatedWaitMoveAsTheQueueDrains) {
  ServerFixture server(routingConfig(1, 1000));
  Requests api(server.port("http"));
  api.callback("busy");
  const auto a = api.callback("a");
  const auto b = api.callback("b");
  auto before = api.call("GET", b).body;
  EXPECT_EQ(between(before, "<status>", "</status>"), "queued");
  const auto waitBefore = std::stol(between(before, "<estimatedWaitTime>", "</estimatedWaitTime>"));
  EXPECT_EQ(waitBefore, 120) << "position 2 with one agent and 60 s average handle time";
  ASSERT_TRUE(waitUntil([&] { return api.status(a) == "reserved"; }, 5s));
  auto after = api.call("GET", b).body;
  const auto waitAfter = std::stol(between(after, "<estimatedWaitTime>", "</estimatedWaitTime>"));
  EXPECT_LT(waitAfter, waitBefore) << after;
  ASSERT_TRUE(waitUntil([&] { return api.status(b) == "handled"; }, 10s));
}

TEST(RequestsApi, TheResourceExpiresWithoutPolls) {
  ServerFixture server(routingConfig(0, 1000, 300));
  Requests api(server.port("http"));
  const auto path = api.callback();
  EXPECT_EQ(api.status(path), "queued");
  const auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(waitUntil([&] { return std::chrono::steady_clock::now() - started > 400ms; }, 2s));
  EXPECT_EQ(api.call("GET", path).status, 404);
}

TEST(RequestsApi, BadRequestsGetApiErrors) {
  ServerFixture server(routingConfig(1, 1000));
  Requests api(server.port("http"));
  auto expect = [&](const HttpResponse& r, int status, const std::string& type, const std::string& data) {
    EXPECT_EQ(r.status, status) << r.describe();
    EXPECT_NE(r.body.find("<errorType>" + type + "</errorType><errorData>" + data + "</errorData>"), std::string::npos)
        << r.body;
  };
  expect(api.call("POST", "/ccp/callback/feed/100000", "<Contact><title>t</title></Contact>"), 400,
         "invalidInput.fieldRequired", "name");
  expect(api.call("POST", "/ccp/callback/feed/100000",
                  "<Contact><name>" + std::string(101, 'n') + "</name><title>t</title><mediaAddress>1</mediaAddress></Contact>"),
         400, "invalidInput.outOfRange", "name");
  expect(api.call("GET", "/ccp/task/feed/100001?name=a&title=b&scriptSelector=" + std::string(33, 's')), 400,
         "invalidInput.outOfRange", "scriptSelector");
  expect(api.call("GET", "/ccp/callback/feed/100000?name=a&title=b&mediaAddress=1&variable_cv_1=%FF"), 400,
         "invalidInput.invalidValue", "cv_1");
  expect(api.call("GET", "/ccp/callback/feed/100001?name=a&title=b&mediaAddress=1"), 400, "invalidInput.invalidValue",
         "feed");
  expect(api.call("GET", "/ccp/callback/feed/424242?name=a&title=b&mediaAddress=1"), 400, "invalidInput.invalidValue",
         "feed");
  expect(api.call("GET", "/ccp/callback/contact/0123456789ABCDEF0123456789ABCDEF"), 404, "notFound", "id");
  expect(api.call("PUT", "/ccp-webapp/ccp/task/X/renotify", "<Task><reNotifyReason>NOPE</reNotifyReason></Task>",
                  {{"Authorization", kAdmin}}),
         400, "invalidInput.invalidValue", "reNotifyReason");
}

TEST(RequestsApi, ConcurrentCreationsAreEachAssignedExactlyOnce) {
  ServerFixture server(routingConfig(4, 50));
  constexpr int kThreads = 8;
  constexpr int kPerThread = 25;  // 200 in all
  std::vector<std::vector<std::string>> paths(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Requests api(server.port("http"));
      for (int i = 0; i < kPerThread; ++i) paths[t].push_back(api.callback("c" + std::to_string(t * kPerThread + i)));
    });
  }
  for (auto& t : threads) t.join();
  Requests api(server.port("http"));
  std::vector<std::string> all;
  for (const auto& p : paths) all.insert(all.end(), p.begin(), p.end());
  ASSERT_EQ(all.size(), 200u);
  EXPECT_TRUE(waitUntil(
      [&] {
        return std::all_of(all.begin(), all.end(), [&](const std::string& p) { return api.status(p) == "handled"; });
      },
      30s, 200ms));
  // Every contact went to exactly one agent: the task ids are all distinct and
  // the admin view shows one holder each.
  std::set<std::string> taskIds;
  for (const auto& p : all) {
    const auto id = p.substr(p.rfind('/') + 1);
    const auto contact = api.call("GET", "/ccp-webapp/ccp/socialcontact/" + id, {}, {{"Authorization", kAdmin}}).body;
    EXPECT_EQ(between(contact, "<status>", "</status>"), "handled");
    EXPECT_EQ(between(contact, "<statusUserId>", "</statusUserId>").rfind("va", 0), 0u) << contact;
    EXPECT_EQ(between(contact, "<changeStamp>", "</changeStamp>"), "3") << "queued, reserved, handled: no double assignment";
  }
}

}  // namespace
}  // namespace smfront::testing
