// bench/notify driver: sustained IM notifications through Prosody on loopback.
// Starts Prosody (users smfront, alice) and smfront with one im rule on the chat
// feed's tag, logs alice in, creates COUNT chats at RATE a second over HTTP,
// and measures when each notification reaches alice. Prints one JSON line.
//   smfront_notify_bench [rate] [count] [threads]
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "support/dev_certs.hpp"
#include "support/http_client.hpp"
#include "support/process.hpp"
#include "support/prosody.hpp"
#include "support/xmpp_receiver.hpp"

using namespace smfront::testing;
using namespace std::chrono_literals;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;

namespace {

// utime + stime of a process, in clock ticks.
long cpuTicks(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto close = stat.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(stat.substr(close + 2));
  std::string f;
  long utime = 0;
  long stime = 0;
  for (int i = 3; fields >> f; ++i) {
    if (i == 14) utime = std::stol(f);
    if (i == 15) {
      stime = std::stol(f);
      break;
    }
  }
  return utime + stime;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto index = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(index, v.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  const int rate = argc > 1 ? std::atoi(argv[1]) : 200;
  const int count = argc > 2 ? std::atoi(argv[2]) : 2000;
  const int threads = argc > 3 ? std::atoi(argv[3]) : 1;
  if (!prosodyInstalled()) {
    std::fprintf(stderr, "prosody is not installed (scripts/install-deps.sh test)\n");
    return 2;
  }
  Prosody prosody;
  prosody.addUser("smfront", "secret");
  prosody.addUser("alice", "apw");
  prosody.start();

  TempDir dir("smfront-notify-bench");
  json::object config{
      {"listeners", {{"bind", "127.0.0.1"}, {"http", 0}, {"https", 0}, {"bosh", 0}, {"boshs", 0}, {"mr", 0}}},
      {"server", {{"threads", threads}, {"data_dir", dir.file("data").string()}, {"web_root", dir.file("web").string()}}},
      {"tls", {{"cert", devCerts().serverCert}, {"key", devCerts().serverKey}}},
      {"log", {{"level", "warn"}, {"access", "off"}}},
      {"users", json::array{json::object{{"name", "admin"}, {"password", "secret"}, {"roles", json::array{"admin"}}}}},
      {"feeds", json::array{json::object{{"name", "Web chat"}, {"type", "chat"}, {"tags", json::array{"web"}}}}},
      {"campaigns", json::array{json::object{{"name", "Sales"}, {"feeds", json::array{"Web chat"}}}}},
      {"notify", {{"xmpp", {{"enabled", true}, {"host", "127.0.0.1"}, {"port", prosody.c2sPort()}, {"service", "localhost"},
                            {"username", "smfront"}, {"password", "secret"},
                            {"ca_file", prosody.certificate().string()}}}}},
  };
  SmfrontProcess smfront({.configJson = json::serialize(config)});
  smfront.start();
  const int port = smfront.port("http");

  HttpClient admin;
  admin.connect(port, 5s);
  const auto rule = admin.request(
      "POST", "/ccp-webapp/ccp/notificationrule", {{"Authorization", "Basic YWRtaW46c2VjcmV0"}, {"Content-Type", "application/xml"}},
      "<NotificationRule><name>bench</name><type>im</type><campaignUrl>http://h/ccp-webapp/ccp/campaign/Sales</campaignUrl>"
      "<tags><tag>web</tag></tags><targets><target>alice@localhost</target></targets></NotificationRule>");
  if (!rule || rule->status != 201) {
    std::fprintf(stderr, "rule: %s\n", rule ? rule->describe().c_str() : "no answer");
    return 1;
  }

  XmppReceiver alice(prosody.c2sPort(), "localhost", "alice", "apw");
  if (const auto error = alice.login(10s); !error.empty()) {
    std::fprintf(stderr, "alice: %s\n", error.c_str());
    return 1;
  }

  std::vector<Clock::time_point> sentAt(static_cast<std::size_t>(count));
  std::vector<double> delaysMs;
  std::map<int, int> seen;
  std::atomic<bool> creating{true};
  Clock::time_point lastReceived;
  std::thread receiver([&] {
    std::size_t handled = 0;
    const auto end = Clock::now() + std::chrono::seconds(count / std::max(1, rate) + 60);
    while (Clock::now() < end && static_cast<int>(seen.size()) < count) {
      const auto& chats = alice.waitForChats(handled + 1, 200ms);
      const auto now = Clock::now();
      for (; handled < chats.size(); ++handled) {
        const auto& body = chats[handled].body;
        const auto at = body.find(": n");
        if (at == std::string::npos) continue;
        const int n = std::atoi(body.c_str() + at + 3);
        if (n < 0 || n >= count) continue;
        if (seen[n]++ == 0) delaysMs.push_back(std::chrono::duration<double, std::milli>(now - sentAt[n]).count());
        lastReceived = now;
      }
    }
  });

  const long ticksPerSecond = sysconf(_SC_CLK_TCK);
  const long smfrontCpu0 = cpuTicks(smfront.pid());
  const long prosodyCpu0 = cpuTicks(prosody.pid());
  const auto start = Clock::now();
  HttpClient client;
  client.connect(port, 5s);
  int failures = 0;
  for (int i = 0; i < count; ++i) {
    std::this_thread::sleep_until(start + std::chrono::microseconds(1000000LL * i / rate));
    sentAt[i] = Clock::now();
    const auto r = client.request("POST", "/ccp/chat", {{"Content-Type", "application/xml"}},
                                  "<SocialContact><feedRefURL>http://127.0.0.1/ccp-webapp/ccp/feed/100000</feedRefURL>"
                                  "<author>bench</author><title>n" + std::to_string(i) + "</title></SocialContact>");
    if (!r || (r->status != 200 && r->status != 201)) {
      ++failures;
      client = HttpClient();
      client.connect(port, 5s);
    }
  }
  const auto createdEnd = Clock::now();
  creating = false;
  receiver.join();
  const long smfrontCpu1 = cpuTicks(smfront.pid());
  const long prosodyCpu1 = cpuTicks(prosody.pid());
  const double window = std::chrono::duration<double>(std::max(lastReceived, createdEnd) - start).count();
  int duplicates = 0;
  for (const auto& [n, times] : seen) duplicates += times - 1;

  json::object result{
      {"rate_requested", rate},
      {"created", count - failures},
      {"create_failures", failures},
      {"received", static_cast<std::int64_t>(seen.size())},
      {"duplicates", duplicates},
      {"seconds", window},
      {"im_per_s", static_cast<double>(seen.size()) / window},
      {"delay_p50_ms", percentile(delaysMs, 0.50)},
      {"delay_p99_ms", percentile(delaysMs, 0.99)},
      {"delay_max_ms", percentile(delaysMs, 1.0)},
      {"smfront_cpu_pct", 100.0 * static_cast<double>(smfrontCpu1 - smfrontCpu0) / static_cast<double>(ticksPerSecond) / window},
      {"prosody_cpu_pct", 100.0 * static_cast<double>(prosodyCpu1 - prosodyCpu0) / static_cast<double>(ticksPerSecond) / window},
      {"smfront_threads", threads},
  };
  std::printf("%s\n", json::serialize(result).c_str());
  smfront.signalAndWait(SIGTERM, 10s);
  prosody.stop();
  return static_cast<int>(seen.size()) == count - failures ? 0 : 1;
}
