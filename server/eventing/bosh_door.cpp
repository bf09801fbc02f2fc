#include "eventing/bosh_door.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstring>
#include <set>
#include <unordered_map>

#include "bosh/bodies.hpp"
#include "bosh/http_rules.hpp"
#include "bosh/session.hpp"
#include "bosh/sid.hpp"
#include "eventing/bosh_http.hpp"
#include "security/client_key.hpp"
#include "xml/writer.hpp"
#include "xmpp/crypto.hpp"

namespace smfront::eventing {

namespace asio = boost::asio;
using SteadyClock = std::chrono::steady_clock;

namespace {

// One HTTP request waiting for its BOSH answer. The body is written on the
// core strand, then `done` is set on the connection's strand, where the
// connection coroutine reads both; a coroutine already asleep is resumed there
// directly, without a timer or a further hop.
struct Waiter {
  explicit Waiter(asio::any_io_executor executor) : executor(std::move(executor)) {}

  // The sleeping coroutine's completion handler, type-erased and move-only.
  // (Boost 1.81's any_completion_handler recurses without end when moved.)
  struct Resume {
    virtual ~Resume() = default;
    virtual void run() = 0;
  };
  template <class Handler>
  struct ResumeWith final : Resume {
    explicit ResumeWith(Handler h) : handler(std::move(h)) {}
    void run() override { std::move(handler)(); }
    Handler handler;
  };

  asio::any_io_executor executor;  // the connection's strand
  std::string body;
  bool done = false;
  std::unique_ptr<Resume> resume;  // while the connection sleeps

  // Runs on the connection's strand.
  void answered() {
    done = true;
    if (auto r = std::move(resume)) r->run();
  }
};

// Suspends the calling coroutine (on the waiter's strand) until answered().
template <class Token>
auto untilAnswered(const std::shared_ptr<Waiter>& waiter, Token&& token) {
  return asio::async_initiate<Token, void()>(
      [waiter](auto handler) {
        if (waiter->done) return asio::post(waiter->executor, std::move(handler));
        waiter->resume = std::make_unique<Waiter::ResumeWith<decltype(handler)>>(std::move(handler));
      },
      token);
}

// Where a request came from, as the session limits and SASL need it.
struct Origin {
  std::string address;  // security::clientKey()
  bool secure = false;  // over TLS
};

std::string newSid() {
  const std::string random = xmpp::secureRandomBytes(bosh::kSidBytes);
  std::array<std::uint8_t, bosh::kSidBytes> bytes{};
  std::memcpy(bytes.data(), random.data(), bytes.size());
  return bosh::formatSid(bytes);
}

}  // namespace

struct BoshDoor::Impl final : SessionSink, std::enable_shared_from_this<Impl> {
  struct Entry {
    Entry(bosh::Session s, SessionId id, const asio::strand<asio::any_io_executor>& strand)
        : session(std::move(s)), id(id), timer(strand) {}
    bosh::Session session;
    SessionId id;
    asio::steady_timer timer;
    std::optional<bosh::Time> armedFor;
    bool awaitingFlush = false;
  };

  Impl(core::Core& core, BoshDoorOptions options, HubOptions hubOptions, HubServices services,
       const UserDirectory& users)
      : core(core),
        options(std::move(options)),
        cors(this->options.corsOrigins),
        metrics(hubOptions.metrics),
        hub(std::move(hubOptions), services, users, *this) {}

  void subscribe() {
    std::weak_ptr<Impl> weak = weak_from_this();
    subscription = core.bus().subscribe(
        core.executor(),
        [weak](const core::Event& event) {
          if (auto self = weak.lock()) self->onEvent(event);
        },
        {.types = core::Bus::typesOf<core::ContactCreated, core::ContactChanged, core::ChatActivity, core::ChatEnded,
                                     core::ServerStarted, core::ServerStopping>(),
         .capacity = 65536,
         // Missing a room or pubsub event would leave agents with a wrong picture; a
         // bus this far behind means the process is overloaded, so say so loudly.
         .overflow = core::OverflowPolicy::Disconnect,
         .onOverflow = [] { spdlog::error("eventing: fell behind the bus; rooms and pubsub stop updating"); }});
  }

  void onEvent(const core::Event& event) {
    if (std::holds_alternative<core::ServerStopping>(event)) return shutdown();
    hub.onEvent(event);
  }

  // --- on the core strand ---------------------------------------------------

  void onBody(bosh::ParsedRequest parsed, std::shared_ptr<Waiter> waiter, bool bigBody, const Origin& origin) {
    const bosh::Ticket ticket = nextTicket++;
    waiters.emplace(ticket, std::move(waiter));
    const bosh::Time now = SteadyClock::now();
    if (!parsed) {
      const bosh::Rejection& rejection = parsed.rejection();
      spdlog::debug("bosh: refused body: {}", rejection.detail);
      if (auto it = bySid.find(rejection.sid); !rejection.sid.empty() && it != bySid.end()) {
        auto entry = it->second;
        return settle(entry, entry->session.reject(ticket, rejection.condition, now));
      }
      return complete(ticket, bosh::terminateBody(rejection.condition));
    }
    bosh::Request request = std::move(parsed).value();
    if (request.isCreation()) return create(std::move(request), ticket, now, origin);
    const auto it = bySid.find(request.sid);
    if (it == bySid.end()) return complete(ticket, bosh::terminateBody(bosh::Condition::ItemNotFound));
    auto entry = it->second;
    checkStanzaSizes(*entry, request, bigBody);
    settle(entry, entry->session.onRequest(std::move(request), ticket, now));
  }

  void create(bosh::Request request, bosh::Ticket ticket, bosh::Time now, const Origin& origin) {
    if (hub.admission(origin.address) != XmppHub::Admission::Open) {
      return complete(ticket, bosh::terminateBody(bosh::Condition::PolicyViolation));
    }
    const SessionId id = nextSession++;
    const std::string features = hub.open(id, origin.address, origin.secure);
    bosh::Creation creation = bosh::Session::create(request, options.session, newSid(), features, now);
    if (!creation) {
      hub.closed(id);
      return complete(ticket, std::move(creation.body));
    }
    auto entry = std::make_shared<Entry>(std::move(*creation.session), id, core.strand());
    bySid.emplace(entry->session.sid(), entry);
    byId.emplace(id, entry);
    complete(ticket, std::move(creation.body));
    rearm(entry);
  }

  // Stanzas over the cap end the stream before anything of them is run.
  void checkStanzaSizes(Entry& entry, const bosh::Request& request, bool bigBody) {
    if (!bigBody) return;
    for (const auto& stanza : request.payload) {
      if (xml::serialize(stanza).size() > options.maxStanzaBytes) {
        pendingKick.insert(entry.id);
        return;
      }
    }
  }

  // Carries out an Outcome in the order outcome.hpp asks for.
  void settle(const std::shared_ptr<Entry>& entry, bosh::Outcome outcome) {
    for (auto& reply : outcome.replies) complete(reply.ticket, std::move(reply.body));
    for (auto& batch : outcome.inbound) {
      if (pendingKick.erase(entry->id) > 0) {
        hub.kick(entry->id, "policy-violation", "stanza over 64 KiB");
        break;
      }
      if (batch.restart) hub.restart(entry->id);
      for (auto& stanza : batch.stanzas) hub.receive(entry->id, std::move(stanza));
    }
    if (outcome.flushWanted) scheduleFlush(entry);
    if (outcome.ended) {
      // Not from inside the hub: it may be the one that ended this session.
      asio::post(core.strand(), [self = shared_from_this(), id = entry->id] { self->hub.closed(id); });
    }
    if (entry->session.finished()) {
      forget(*entry);
    } else {
      rearm(entry);
    }
  }

  void forget(Entry& entry) {
    entry.timer.cancel();
    byId.erase(entry.id);
    bySid.erase(entry.session.sid());  // destroys the entry last
  }

  // Sessions with stanzas queued this turn are answered together at its end:
  // one post for a fan-out to every subscriber, not one per session.
  void scheduleFlush(const std::shared_ptr<Entry>& entry) {
    if (entry->awaitingFlush) return;
    entry->awaitingFlush = true;
    toFlush.push_back(entry);
    if (toFlush.size() > 1) return;
    asio::post(core.strand(), [self = shared_from_this()] { self->flushAwaiting(); });
  }

  void flushAwaiting() {
    std::vector<std::weak_ptr<Entry>> batch;
    batch.swap(toFlush);
    const bosh::Time now = SteadyClock::now();
    for (const auto& weak : batch) {
      auto entry = weak.lock();
      if (!entry) continue;
      entry->awaitingFlush = false;
      settle(entry, entry->session.flush(now));
    }
  }

  // A timer set for an earlier time than the session's next deadline is left
  // alone: when it fires, onTimer finds nothing due and it is set again. Deadlines
  // move later with every request, and moving the timer each time would cost a
  // cancellation and a new wait per request.
  void rearm(const std::shared_ptr<Entry>& entry) {
    const auto deadline = entry->session.nextDeadline();
    if (!deadline || (entry->armedFor && *entry->armedFor <= *deadline)) return;
    entry->armedFor = deadline;
    entry->timer.expires_at(*deadline);
    entry->timer.async_wait([self = shared_from_this(), weak = std::weak_ptr<Entry>(entry)](boost::system::error_code ec) {
      if (ec) return;
      auto e = weak.lock();
      if (!e) return;
      e->armedFor.reset();
      self->settle(e, e->session.onTimer(SteadyClock::now()));
    });
  }

  void complete(bosh::Ticket ticket, std::string body) {
    const auto it = waiters.find(ticket);
    if (it == waiters.end()) return;
    auto waiter = std::move(it->second);
    waiters.erase(it);
    waiter->body = std::move(body);
    asio::post(waiter->executor, [waiter] { waiter->answered(); });
  }

  void shutdown() {
    std::vector<std::shared_ptr<Entry>> all;
    for (const auto& [_, entry] : bySid) all.push_back(entry);
    const bosh::Time now = SteadyClock::now();
    for (const auto& entry : all) settle(entry, entry->session.terminate(bosh::Condition::SystemShutdown, now));
  }

  // --- SessionSink (called by the hub, on the core strand) ------------------

  void send(SessionId session, std::string xml) override {
    const auto it = byId.find(session);
    if (it == byId.end()) return;
    auto entry = it->second;
    settle(entry, entry->session.deliver(xml, SteadyClock::now()));
  }

  bool offer(SessionId session, std::string xml) override {
    const auto it = byId.find(session);
    if (it == byId.end()) return false;
    auto entry = it->second;
    if (!entry->session.hasRoomForOptional(xml.size())) {
      count(metrics.stanzasDropped);
      return false;
    }
    settle(entry, entry->session.deliver(xml, SteadyClock::now()));
    return true;
  }

  void end(SessionId session, std::string streamError) override {
    const auto it = byId.find(session);
    if (it == byId.end()) return;
    auto entry = it->second;
    settle(entry, entry->session.terminate(bosh::Condition::RemoteStreamError, SteadyClock::now(), streamError));
  }

  core::Core& core;
  BoshDoorOptions options;
  net::CorsPolicy cors;
  EventingMetrics metrics;
  XmppHub hub;
  core::Bus::Subscription subscription;
  std::unordered_map<std::string, std::shared_ptr<Entry>> bySid;
  std::unordered_map<SessionId, std::shared_ptr<Entry>> byId;
  std::unordered_map<bosh::Ticket, std::shared_ptr<Waiter>> waiters;
  std::vector<std::weak_ptr<Entry>> toFlush;
  std::set<SessionId> pendingKick;
  bosh::Ticket nextTicket = 1;
  SessionId nextSession = 1;
};

BoshDoor::BoshDoor(core::Core& core, BoshDoorOptions options, HubOptions hub, HubServices services,
                   const UserDirectory& users)
    : impl_(std::make_shared<Impl>(core, std::move(options), std::move(hub), services, users)) {
  impl_->subscribe();
}

BoshDoor::~BoshDoor() {
  impl_->subscription.reset();
  // A request still held owns its connection's coroutine through the waiter, and
  // the coroutine owns the waiter: break the cycle so both are freed.
  for (auto& [_, waiter] : impl_->waiters) waiter->resume.reset();
}

std::size_t BoshDoor::sessionCount() const { return impl_->bySid.size(); }

asio::awaitable<net::Response> BoshDoor::handle(net::Request& request) {
  const bosh::HttpDisposition disposition = bosh::classifyHttp(request.method, request.target, request.body.size());
  net::Response response;
  if (disposition.answer != bosh::HttpAnswer::BoshBody) {
    response = fixedAnswer(disposition.answer);
  } else {
    const bool bigBody = request.body.size() > impl_->options.maxStanzaBytes;
    bosh::ParsedRequest parsed = bosh::parseRequest(request.body, impl_->options.limits);
    // The body is parsed; a held request need not keep its text for up to `wait` s.
    std::string().swap(request.body);
    auto waiter = std::make_shared<Waiter>(co_await asio::this_coro::executor);
    auto impl = impl_;
    const Origin origin{security::clientKey(request.remoteAddress), request.secure};
    co_await impl->core.call([&] { impl->onBody(std::move(parsed), waiter, bigBody, origin); });
    if (!waiter->done) co_await untilAnswered(waiter, asio::use_awaitable);
    response = boshAnswer(std::move(waiter->body));
  }
  decorateBoshResponse(impl_->cors, request, response);
  co_return response;
}

net::Response BoshDoor::rejected(const net::Rejection& rejection) {
  net::Response response;
  if (rejection.status == 413) {
    // Over the body limit is a BOSH-level error: strict clients drop the session on a 4xx.
    response = boshAnswer(bosh::terminateBody(bosh::Condition::PolicyViolation));
  } else {
    response = net::HttpHandler::rejected(rejection);
  }
  net::Request head;  // what is known of the request: its Origin, for the CORS headers
  if (!rejection.origin.empty()) head.headers.add("Origin", std::string(rejection.origin));
  decorateBoshResponse(impl_->cors, head, response);
  return response;
}

}  // namespace smfront::eventing
