// boshload: N authenticated BOSH sessions of N distinct users against one server (smfront's
// BOSH door or Prosody's mod_bosh), then pubsub fan-out to all of them. One thread, one
// keep-alive connection per session (it carries the login round trips, then the one held
// request), plus a small pool of side connections for stanzas sent while a request is held.
//
// Phases, each bounded by --timeout-s:
//   setup      create, SASL, restart, bind, session, presence (+ ping barrier), then hold
//   settle     --settle-ms idle, then the server's RSS is sampled (--server-pid)
//   subscribe  each session subscribes its full JID to --node on pubsub.<domain>
//   fan-out    --items items, one at a time: published through smfront's REST API
//              (--publish-rest: a chat contact whose title is the marker) or by a publisher
//              session (--publisher: an item whose <title> is the marker); timed until every
//              subscribed session received it
// Prints one JSON line on stdout; progress and errors on stderr.
// Exit codes: 0 ran (the summary says how it went), 1 could not run, 2 bad usage.

#include <sys/resource.h>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "bosh_client.hpp"
#include "http_conn.hpp"
#include "xml/element.hpp"

namespace {

namespace asio = boost::asio;
namespace xml = smfront::xml;
using boshload::BoshClient;
using boshload::HttpAnswer;
using boshload::HttpConn;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kMarker = "bench-fanout-";
constexpr std::string_view kPubsubNs = "http://jabber.org/protocol/pubsub";
constexpr std::string_view kPubsubEventNs = "http://jabber.org/protocol/pubsub#event";

struct Options {
  std::string url;
  std::string label = "server";
  std::string domain = "localhost";
  std::size_t sessions = 100;
  std::string userPrefix = "load";
  std::string password = "secret";
  std::string mechanism = "PLAIN";
  std::size_t concurrency = 100;
  std::size_t sideConnections = 64;
  std::size_t sourceAddresses = 1;  // sessions spread over 127.0.0.1 .. 127.0.0.N
  int serverPid = 0;
  int settleMs = 1000;
  std::string node;
  std::size_t items = 0;
  int itemGapMs = 200;
  std::string publishRest;  // URL of POST /ccp/chat
  std::string feedId;
  std::string publisher;    // user name of the publishing session
  int timeoutS = 120;
};

[[noreturn]] void usage(const std::string& why) {
  std::cerr << "boshload: " << why << "\n"
            << "usage: boshload --url http://127.0.0.1:PORT/http-bind/ [--label NAME] [--domain localhost]\n"
               "  [--sessions N] [--user-prefix load] [--password secret] [--mechanism PLAIN|SCRAM-SHA-1|SCRAM-SHA-256]\n"
               "  [--concurrency 100] [--side-connections 64] [--source-addresses 1] [--server-pid PID]\n"
               "  [--settle-ms 1000]\n"
               "  [--node NODE] [--items K] [--item-gap-ms 200]\n"
               "  [--publish-rest http://127.0.0.1:PORT/ccp/chat --feed ID | --publisher USER] [--timeout-s 120]\n"
               "Users are PREFIX0 .. PREFIX<N-1>, all with the same password.\n";
  std::exit(2);
}

Options parseOptions(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help") usage("help");
    if (i + 1 >= argc) usage("missing value for " + a);
    const std::string v = argv[++i];
    auto number = [&]() -> long {
      char* end = nullptr;
      const long n = std::strtol(v.c_str(), &end, 10);
      if (end == v.c_str() || *end != '\0' || n < 0) usage("bad number for " + a + ": " + v);
      return n;
    };
    if (a == "--url") o.url = v;
    else if (a == "--label") o.label = v;
    else if (a == "--domain") o.domain = v;
    else if (a == "--sessions") o.sessions = static_cast<std::size_t>(number());
    else if (a == "--user-prefix") o.userPrefix = v;
    else if (a == "--password") o.password = v;
    else if (a == "--mechanism") o.mechanism = v;
    else if (a == "--concurrency") o.concurrency = std::max<std::size_t>(1, static_cast<std::size_t>(number()));
    else if (a == "--side-connections") o.sideConnections = std::max<std::size_t>(1, static_cast<std::size_t>(number()));
    else if (a == "--source-addresses") o.sourceAddresses = std::clamp<std::size_t>(static_cast<std::size_t>(number()), 1, 250);
    else if (a == "--server-pid") o.serverPid = static_cast<int>(number());
    else if (a == "--settle-ms") o.settleMs = static_cast<int>(number());
    else if (a == "--node") o.node = v;
    else if (a == "--items") o.items = static_cast<std::size_t>(number());
    else if (a == "--item-gap-ms") o.itemGapMs = static_cast<int>(number());
    else if (a == "--publish-rest") o.publishRest = v;
    else if (a == "--feed") o.feedId = v;
    else if (a == "--publisher") o.publisher = v;
    else if (a == "--timeout-s") o.timeoutS = std::max(1, static_cast<int>(number()));
    else usage("unknown option " + a);
  }
  if (o.url.empty()) usage("--url is required");
  if (o.items > 0 && o.node.empty()) usage("--items needs --node");
  if (o.items > 0 && o.publishRest.empty() == o.publisher.empty()) usage("--items needs one of --publish-rest, --publisher");
  if (!o.publishRest.empty() && o.feedId.empty()) usage("--publish-rest needs --feed");
  return o;
}

long rssKib(int pid) {
  if (pid <= 0) return -1;
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  }
  return -1;
}

void raiseFdLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<std::size_t>(std::max(1.0, std::ceil(p / 100.0 * static_cast<double>(v.size()))));
  return v[std::min(rank, v.size()) - 1];
}

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string jsonEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) continue;
    out += c;
  }
  return out;
}

// The marker number in <title>bench-fanout-K</title> anywhere below a pubsub event, or 0.
std::size_t markerIn(const xml::Element& e) {
  if (e.name() == "title") {
    const std::string text = e.text();
    if (text.rfind(kMarker, 0) == 0) return static_cast<std::size_t>(std::atol(text.c_str() + kMarker.size()));
  }
  for (const xml::Element& c : e.children()) {
    if (std::size_t k = markerIn(c)) return k;
  }
  return 0;
}

class Driver {
 public:
  Driver(asio::io_context& io, Options o) : io_(io), o_(std::move(o)) {
    const auto url = boshload::parseUrl(o_.url);
    bosh_ = {asio::ip::make_address(url.host == "localhost" ? "127.0.0.1" : url.host), url.port};
    boshHead_ = "POST " + url.path + " HTTP/1.1\r\nHost: " + url.host + ":" + std::to_string(url.port) +
                "\r\nContent-Type: text/xml; charset=utf-8\r\n";
    if (!o_.publishRest.empty()) {
      const auto rest = boshload::parseUrl(o_.publishRest);
      rest_ = {asio::ip::make_address(rest.host == "localhost" ? "127.0.0.1" : rest.host), rest.port};
      restHead_ = "POST " + rest.path + " HTTP/1.1\r\nHost: " + rest.host + ":" + std::to_string(rest.port) +
                  "\r\nContent-Type: application/xml\r\n";
      restFeedUrl_ = "http://" + rest.host + ":" + std::to_string(rest.port) + "/ccp-webapp/ccp/feed/" + o_.feedId;
    }
  }

  asio::awaitable<void> run();
  std::string summary() const;
  std::string secondHalf() const;  // KiB per session from half the sessions to all of them

 private:
  struct Session {
    std::size_t index = 0;
    std::unique_ptr<BoshClient> client;
    std::shared_ptr<HttpConn> main;
    int inFlight = 0;
    Clock::time_point started;
    bool counted = false;  // established or failed, counted once
    bool subscribed = false;
    std::size_t lastItem = 0;
  };

  Session& newSession(const std::string& user, std::size_t index);
  // With --source-addresses N, session i connects from 127.0.0.(1 + i % N): N clients.
  boost::asio::ip::address sourceAddressOf(std::size_t index) const {
    if (o_.sourceAddresses <= 1) return {};
    return boost::asio::ip::make_address_v4(0x7f000001u + static_cast<std::uint32_t>(index % o_.sourceAddresses));
  }
  void startSetup();
  void pump(Session& s);
  void onAnswer(Session& s, const std::shared_ptr<HttpConn>& conn, HttpAnswer&& answer);
  void sendSide(Session& s, std::string stanzas, bool urgent = false);
  void drainSide();
  void onStanza(Session& s, const xml::Element& stanza);
  void publish(std::size_t k);
  asio::awaitable<bool> waitUntil(const std::function<bool()>& done, Clock::time_point deadline);
  asio::awaitable<void> sleep(std::chrono::milliseconds d);

  asio::io_context& io_;
  Options o_;
  asio::ip::tcp::endpoint bosh_;
  asio::ip::tcp::endpoint rest_;
  std::string boshHead_;
  std::string restHead_;
  std::string restFeedUrl_;
  std::deque<std::unique_ptr<Session>> sessions_;  // stable addresses
  Session* publisherSession_ = nullptr;
  std::vector<std::shared_ptr<HttpConn>> sideIdle_;
  std::size_t sideOpen_ = 0;
  std::deque<std::pair<Session*, std::string>> sideQueue_;
  std::shared_ptr<HttpConn> restConn_;

  std::size_t nextToStart_ = 0;
  std::size_t inSetup_ = 0;
  std::size_t established_ = 0;
  std::size_t setupFailed_ = 0;
  std::size_t subscribed_ = 0;
  std::size_t subscribeFailed_ = 0;
  std::size_t transportErrors_ = 0;
  std::string firstError_;
  std::vector<double> setupLatency_;
  Clock::time_point setupStart_, setupEnd_;
  Clock::time_point subscribeStart_, subscribeEnd_;
  long rssBase_ = -1, rssSetup_ = -1, rssSubscribed_ = -1, rssFanout_ = -1;
  // At half the sessions: the growth from there to all of them is what sessions cost,
  // whatever the server's baseline held (freed start-up memory the first sessions reuse).
  long rssHalf_ = -1;

  // fan-out
  std::size_t currentItem_ = 0;
  Clock::time_point publishedAt_;
  std::size_t receivedCurrent_ = 0;
  std::size_t published_ = 0;
  std::size_t publishFailed_ = 0;
  std::vector<double> deliveries_;
  std::vector<double> toAll_;
  std::size_t missing_ = 0;
  std::size_t late_ = 0;
  std::size_t answerBytes_ = 0;     // body size of the answer being read
  std::size_t deliveredBytes_ = 0;  // body bytes of the answers that carried an item
};

Driver::Session& Driver::newSession(const std::string& user, std::size_t index) {
  auto s = std::make_unique<Session>();
  s->index = index;
  boshload::Login login{o_.domain, user, o_.password, o_.mechanism, "bl" + std::to_string(index),
                        1000 + static_cast<std::uint64_t>(index) * 7919};
  s->client = std::make_unique<BoshClient>(std::move(login));
  Session* raw = s.get();
  s->client->onStanza = [this, raw](const xml::Element& stanza) { onStanza(*raw, stanza); };
  s->main = std::make_shared<HttpConn>(io_, bosh_, sourceAddressOf(index));
  sessions_.push_back(std::move(s));
  return *sessions_.back();
}

void Driver::startSetup() {
  while (inSetup_ < o_.concurrency && nextToStart_ < o_.sessions) {
    Session& s = newSession(o_.userPrefix + std::to_string(nextToStart_), nextToStart_);
    ++nextToStart_;
    ++inSetup_;
    s.started = Clock::now();
    pump(s);
  }
}

void Driver::pump(Session& s) {
  if (s.inFlight > 0 || s.client->failed()) return;
  ++s.inFlight;
  auto conn = s.main;
  conn->request(boshHead_, s.client->nextBody(), [this, &s, conn](HttpAnswer&& a) { onAnswer(s, conn, std::move(a)); });
}

// Connections are interchangeable: whichever comes back last while the session has nothing
// else in flight carries its next request; one that comes back while another request of
// the session is still out (held by the server instead) joins the side pool.
void Driver::onAnswer(Session& s, const std::shared_ptr<HttpConn>& conn, HttpAnswer&& answer) {
  --s.inFlight;
  if (s.inFlight > 0) {
    sideIdle_.push_back(conn);
  } else {
    s.main = conn;
  }
  if (!answer.ok) {
    ++transportErrors_;
    if (firstError_.empty()) firstError_ = s.client->user() + ": " + answer.error;
  } else if (answer.status != 200) {
    ++transportErrors_;
    if (firstError_.empty()) firstError_ = s.client->user() + ": HTTP " + std::to_string(answer.status);
  } else {
    answerBytes_ = answer.body.size();
    s.client->onResponse(answer.body);
  }
  const bool failed = s.client->failed() || !answer.ok || answer.status != 200;
  if (!s.counted && (failed || s.client->established())) {
    s.counted = true;
    if (&s != publisherSession_) {
      --inSetup_;
      if (failed) {
        ++setupFailed_;
        if (firstError_.empty()) firstError_ = s.client->error();
      } else {
        ++established_;
        if (established_ == o_.sessions / 2) rssHalf_ = rssKib(o_.serverPid);
        setupEnd_ = Clock::now();
        setupLatency_.push_back(ms(setupEnd_ - s.started));
      }
      startSetup();
    }
  }
  if (!failed) pump(s);  // a failed session is lost; the server times it out
  drainSide();
}

void Driver::sendSide(Session& s, std::string stanzas, bool urgent) {
  // A publish goes before any subscription still waiting, or it would time the queue.
  if (urgent) sideQueue_.emplace_front(&s, std::move(stanzas));
  else sideQueue_.emplace_back(&s, std::move(stanzas));
  drainSide();
}

void Driver::drainSide() {
  while (!sideQueue_.empty()) {
    std::shared_ptr<HttpConn> conn;
    if (!sideIdle_.empty()) {
      conn = std::move(sideIdle_.back());
      sideIdle_.pop_back();
    } else if (sideOpen_ < o_.sideConnections) {
      conn = std::make_shared<HttpConn>(io_, bosh_);
      ++sideOpen_;
    } else {
      return;
    }
    auto [s, stanzas] = std::move(sideQueue_.front());
    sideQueue_.pop_front();
    if (s->client->failed()) {
      sideIdle_.push_back(std::move(conn));
      continue;
    }
    s->client->queue(stanzas);
    ++s->inFlight;
    conn->request(boshHead_, s->client->nextBody(), [this, s, conn](HttpAnswer&& a) { onAnswer(*s, conn, std::move(a)); });
  }
}

void Driver::onStanza(Session& s, const xml::Element& stanza) {
  if (stanza.name() == "iq" && stanza.attrOr("id", "") == "bl-sub") {
    if (s.subscribed) return;
    s.subscribed = true;
    if (stanza.attrOr("type", "") == "result") {
      ++subscribed_;
      subscribeEnd_ = Clock::now();
    } else {
      ++subscribeFailed_;
      if (firstError_.empty()) firstError_ = s.client->user() + ": subscribe refused";
    }
    return;
  }
  if (stanza.name() == "iq" && stanza.attrOr("id", "").rfind("bl-pub", 0) == 0) {
    if (stanza.attrOr("type", "") != "result") {
      ++publishFailed_;
      if (firstError_.empty()) firstError_ = "publish refused";
    }
    return;
  }
  if (stanza.name() != "message") return;
  const xml::Element* event = stanza.child("event", kPubsubEventNs);
  if (event == nullptr) return;
  const std::size_t k = markerIn(*event);
  if (k == 0 || k <= s.lastItem) return;  // later updates of the same contact, or repeats
  s.lastItem = k;
  if (k != currentItem_) {
    ++late_;
    return;
  }
  deliveries_.push_back(ms(Clock::now() - publishedAt_));
  deliveredBytes_ += answerBytes_;
  ++receivedCurrent_;
}

void Driver::publish(std::size_t k) {
  currentItem_ = k;
  receivedCurrent_ = 0;
  const std::string marker = std::string(kMarker) + std::to_string(k);
  publishedAt_ = Clock::now();
  if (!o_.publishRest.empty()) {
    if (!restConn_) restConn_ = std::make_shared<HttpConn>(io_, rest_);
    std::string body = "<SocialContact><feedRefURL>" + restFeedUrl_ + "</feedRefURL><author>Bench</author><title>" + marker +
                       "</title></SocialContact>";
    restConn_->request(restHead_, std::move(body), [this](HttpAnswer&& a) {
      if (!a.ok || a.status != 201) {
        ++publishFailed_;
        if (firstError_.empty())
          firstError_ = "chat create: " + (a.ok ? "HTTP " + std::to_string(a.status) + " " + a.body : a.error);
      }
    });
    return;
  }
  sendSide(*publisherSession_, "<iq type='set' id='bl-pub" + std::to_string(k) + "' to='pubsub." + o_.domain +
                                   "'><pubsub xmlns='" + std::string(kPubsubNs) + "'><publish node='" + o_.node +
                                   "'><item id='item" + std::to_string(k) + "'><entry xmlns='urn:smfront:boshload'><title>" +
                                   marker + "</title></entry></item></publish></pubsub></iq>",
           true);
}

asio::awaitable<void> Driver::sleep(std::chrono::milliseconds d) {
  asio::steady_timer t(io_, d);
  co_await t.async_wait(asio::use_awaitable);
}

asio::awaitable<bool> Driver::waitUntil(const std::function<bool()>& done, Clock::time_point deadline) {
  while (!done()) {
    if (Clock::now() >= deadline) co_return false;
    co_await sleep(std::chrono::milliseconds(2));
  }
  co_return true;
}

asio::awaitable<void> Driver::run() {
  const auto bound = [this] { return Clock::now() + std::chrono::seconds(o_.timeoutS); };
  rssBase_ = rssKib(o_.serverPid);

  if (!o_.publisher.empty() && o_.items > 0) {
    Session& p = newSession(o_.publisher, o_.sessions);
    publisherSession_ = &p;
    p.counted = true;
    pump(p);
    // Awaited into a variable: GCC 12 miscompiles co_await inside a condition.
    const bool loggedIn = co_await waitUntil([&] { return p.client->established() || p.client->failed(); }, bound());
    if (!loggedIn) std::cerr << "boshload: publisher did not log in\n";
    if (p.client->failed()) std::cerr << "boshload: publisher: " << p.client->error() << "\n";
  }

  std::cerr << "boshload[" << o_.label << "]: setting up " << o_.sessions << " sessions\n";
  setupStart_ = Clock::now();
  setupEnd_ = setupStart_;
  startSetup();
  co_await waitUntil([&] { return established_ + setupFailed_ >= o_.sessions; }, bound());
  std::cerr << "boshload[" << o_.label << "]: " << established_ << " established, " << setupFailed_ << " failed in "
            << fixed(ms(setupEnd_ - setupStart_) / 1000, 2) << " s\n";

  co_await sleep(std::chrono::milliseconds(o_.settleMs));
  rssSetup_ = rssKib(o_.serverPid);

  if (!o_.node.empty()) {
    subscribeStart_ = Clock::now();
    subscribeEnd_ = subscribeStart_;
    for (auto& s : sessions_) {
      if (s.get() == publisherSession_ || !s->client->established()) continue;
      sendSide(*s, "<iq type='set' id='bl-sub' to='pubsub." + o_.domain + "'><pubsub xmlns='" + std::string(kPubsubNs) +
                       "'><subscribe node='" + o_.node + "' jid='" + s->client->jid() + "'/></pubsub></iq>");
    }
    co_await waitUntil([&] { return subscribed_ + subscribeFailed_ >= established_; }, bound());
    std::cerr << "boshload[" << o_.label << "]: " << subscribed_ << " subscribed in "
              << fixed(ms(subscribeEnd_ - subscribeStart_) / 1000, 2) << " s\n";
    co_await sleep(std::chrono::milliseconds(o_.settleMs));
    rssSubscribed_ = rssKib(o_.serverPid);
  }

  const bool canPublish = o_.publisher.empty() || (publisherSession_ != nullptr && publisherSession_->client->established());
  for (std::size_t k = 1; k <= o_.items && subscribed_ > 0 && canPublish; ++k) {
    publish(k);
    ++published_;
    const bool all = co_await waitUntil([&] { return receivedCurrent_ >= subscribed_; },
                                        Clock::now() + std::chrono::seconds(std::min(o_.timeoutS, 30)));
    if (all) {
      toAll_.push_back(deliveries_.empty() ? 0 : deliveries_.back());
    } else {
      missing_ += subscribed_ - receivedCurrent_;
    }
    std::cerr << "boshload[" << o_.label << "]: item " << k << " reached " << receivedCurrent_ << "/" << subscribed_
              << (all ? " in " + fixed(toAll_.back(), 1) + " ms" : std::string(" (timed out)")) << "\n";
    co_await sleep(std::chrono::milliseconds(o_.itemGapMs));
  }
  if (o_.items > 0) rssFanout_ = rssKib(o_.serverPid);
  currentItem_ = 0;
  io_.stop();
}

std::string Driver::secondHalf() const {
  const std::size_t half = o_.sessions / 2;
  if (rssHalf_ < 0 || rssSetup_ < 0 || established_ <= half) return "-1";
  return fixed(static_cast<double>(rssSetup_ - rssHalf_) / static_cast<double>(established_ - half), 2);
}

std::string Driver::summary() const {
  const double setupS = ms(setupEnd_ - setupStart_) / 1000;
  const auto perSession = [&](long rss) {
    return rss < 0 || rssBase_ < 0 || established_ == 0 ? std::string("-1")
                                                        : fixed(static_cast<double>(rss - rssBase_) / static_cast<double>(established_), 2);
  };
  std::ostringstream out;
  out << "{\"label\":\"" << jsonEscape(o_.label) << "\",\"sessions\":" << o_.sessions << ",\"mechanism\":\"" << o_.mechanism
      << "\",\"established\":" << established_ << ",\"setup_failed\":" << setupFailed_
      << ",\"transport_errors\":" << transportErrors_ << ",\"setup_s\":" << fixed(setupS, 3)
      << ",\"setup_rate\":" << fixed(setupS > 0 ? static_cast<double>(established_) / setupS : 0, 1)
      << ",\"setup_p50_ms\":" << fixed(percentile(setupLatency_, 50), 1)
      << ",\"setup_p99_ms\":" << fixed(percentile(setupLatency_, 99), 1) << ",\"rss_base_kib\":" << rssBase_
      << ",\"rss_setup_kib\":" << rssSetup_ << ",\"kib_per_session\":" << perSession(rssSetup_)
      << ",\"rss_half_kib\":" << rssHalf_ << ",\"kib_per_session_second_half\":" << secondHalf()
      << ",\"rss_subscribed_kib\":" << rssSubscribed_ << ",\"kib_per_subscribed_session\":" << perSession(rssSubscribed_)
      << ",\"rss_after_fanout_kib\":" << rssFanout_ << ",\"subscribed\":" << subscribed_
      << ",\"subscribe_failed\":" << subscribeFailed_
      << ",\"subscribe_s\":" << fixed(ms(subscribeEnd_ - subscribeStart_) / 1000, 3) << ",\"fanout\":{\"items\":" << published_
      << ",\"publish_failed\":" << publishFailed_ << ",\"deliveries\":" << deliveries_.size() << ",\"missing\":" << missing_
      << ",\"late\":" << late_ << ",\"p50_ms\":" << fixed(percentile(deliveries_, 50), 2)
      << ",\"p99_ms\":" << fixed(percentile(deliveries_, 99), 2) << ",\"max_ms\":" << fixed(percentile(deliveries_, 100), 2)
      << ",\"all_p50_ms\":" << fixed(percentile(toAll_, 50), 2) << ",\"all_max_ms\":" << fixed(percentile(toAll_, 100), 2)
      << ",\"answer_bytes\":" << (deliveries_.empty() ? 0 : deliveredBytes_ / deliveries_.size()) << "}";
  if (!firstError_.empty()) out << ",\"first_error\":\"" << jsonEscape(firstError_) << "\"";
  out << "}";
  return out.str();
}

}  // namespace

int main(int argc, char** argv) {
  Options options = parseOptions(argc, argv);
  raiseFdLimit();
  try {
    asio::io_context io(1);
    Driver driver(io, std::move(options));
    std::exception_ptr failure;
    asio::co_spawn(io, driver.run(), [&](std::exception_ptr e) {
      failure = e;
      io.stop();
    });
    io.run();
    if (failure) std::rethrow_exception(failure);
    std::cout << driver.summary() << std::endl;
  } catch (const std::exception& e) {
    std::cerr << "boshload: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
