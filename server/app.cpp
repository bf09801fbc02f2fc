#include "app.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <thread>
#include <tuple>

#include "api/admin_media_type.hpp"
#include "api/admin_routes.hpp"
#include "api/chat_routes.hpp"
#include "api/cors_exempt_paths.hpp"
#include "api/request_routes.hpp"
#include "api/search_routes.hpp"
#include "api/durable_answers.hpp"
#include "api/export.hpp"
#include "api/lab_routes.hpp"
#include "api/notify_routes.hpp"
#include "api/public_base_url.hpp"
#include "api/representations.hpp"
#include "api/router.hpp"
#include "api/static_files.hpp"
#include "core/contact_status.hpp"
#include "core/core.hpp"
#include "core/records.hpp"
#include "core/services.hpp"
#include "ccp/notification_rule.hpp"
#include "ccp/social_contact.hpp"
#include "eventing/bosh_door.hpp"
#include "eventing/users.hpp"
#include "security/keyed_rate.hpp"
#include "security/login_throttle.hpp"
#include "logging.hpp"
#include "net/cors.hpp"
#include "net/http_door.hpp"
#include "net/http_telemetry.hpp"
#include "net/tls_context.hpp"
#include "notify/http_notifier.hpp"
#include "notify/xmpp_notifier.hpp"
#include "routing/mr_door.hpp"
#include "store/memory_store.hpp"
#include "store/sqlite_store.hpp"
#include "telemetry/limit_refusals.hpp"
#include "telemetry/metrics.hpp"
#include "xmpp/crypto.hpp"

namespace smfront {

namespace asio = boost::asio;

namespace {

net::HttpLimits httpLimits(const config::Config& cfg, std::shared_ptr<security::KeyedRate> refusalPacing,
                           telemetry::LimitRefusals& refusals) {
  const auto& http = cfg.http;
  return {.maxHeaderBytes = http.maxHeaderBytes,
          .maxBodyBytes = http.maxBodyBytes,
          .readTimeout = http.readTimeout,
          .idleTimeout = http.idleTimeout,
          .maxConnections = http.maxConnections,
          .connectionsPerAddress = cfg.limits.connectionsPerAddress,
          .refusalPacing = std::move(refusalPacing),
          .paced = [&refusals] { refusals.record("refusals_per_address_per_minute"); }};
}

// A per-client rate of `perMinute` whose whole minute may be spent at once; a
// client may owe as much again (charge()), so the longest wait is about a minute.
std::shared_ptr<security::KeyedRate> minuteRate(std::size_t perMinute) {
  const auto n = static_cast<double>(perMinute);
  return std::make_shared<security::KeyedRate>(security::KeyedRateOptions{.perMinute = n, .burst = n, .maxDebt = n});
}

std::shared_ptr<asio::ssl::context> loadTls(const config::Config& cfg) {
  const auto cert = config::certFile(cfg);
  const auto key = config::keyFile(cfg);
  if (cfg.tls.cert.empty() && !std::filesystem::exists(cert)) {
    throw net::TlsError("https: no certificate: tls.cert is not set and the development certificate " + cert.string() +
                        " does not exist; run certs/make-dev-certs.sh " + cert.parent_path().string() +
                        " or set tls.cert and tls.key");
  }
  return net::makeServerTlsContext(cert, key);
}

core::ServiceOptions serviceOptions(const config::Config& cfg, telemetry::LimitRefusals& refusals) {
  core::ServiceOptions options;
  options.limits.liveChats = cfg.limits.liveChats;
  options.limits.messagesPerChat = cfg.limits.messagesPerChat;
  options.limits.queuedCallbacks = cfg.limits.queuedCallbacks;
  options.limits.queuedTasks = cfg.limits.queuedTasks;
  options.limits.reached = [&refusals](std::string_view limit) { refusals.record(limit); };
  options.xmppDomain = cfg.xmppDomain;
  options.routing.agentTaskLimit = cfg.agentTaskLimit;
  options.routing.defaultHandleTime = cfg.avgHandleTime;
  options.requestPollExpiry = cfg.requestExpiry;
  options.mediaRouting = cfg.routing == "mr";
  options.mr.retryDelay = cfg.mr.retryDelay;
  options.mr.newTaskTimeout = cfg.mr.newTaskTimeout;
  options.mr.taskLife = cfg.mr.taskLife;
  options.mr.maxPending = cfg.limits.mrPendingTasks;
  for (const auto& seed : cfg.feeds) {
    core::Feed feed;
    feed.name = seed.name;
    feed.description = seed.description;
    feed.type = static_cast<core::FeedType>(seed.type);
    feed.tags = seed.tags;
    feed.chatJoinTimeoutS = seed.chatJoinTimeoutS;
    feed.chatInactivityTimeoutS = seed.chatInactivityTimeoutS;
    feed.mrRouting = seed.mrRouting;
    options.seedFeeds.push_back(std::move(feed));
  }
  for (const auto& seed : cfg.campaigns) {
    core::ServiceOptions::SeedCampaign campaign;
    campaign.campaign.name = seed.name;
    campaign.campaign.publicId = seed.publicId;
    campaign.campaign.description = seed.description;
    for (const auto& feedName : seed.feeds) {
      const auto it = std::find_if(cfg.feeds.begin(), cfg.feeds.end(), [&](const auto& f) { return f.name == feedName; });
      campaign.feedIndexes.push_back(static_cast<std::size_t>(it - cfg.feeds.begin()));  // the loader checked the name
    }
    options.seedCampaigns.push_back(std::move(campaign));
  }
  for (const auto& agent : cfg.virtualAgents) {
    options.virtualAgents.push_back({agent.name, agent.joinAfter, agent.greeting, agent.mode, agent.handleTime});
  }
  options.retention = std::chrono::hours(24) * cfg.server.retentionDays;
  const auto& x = cfg.notify.xmpp;
  options.xmpp = {.enabled = x.enabled,
                  .host = x.host,
                  .port = x.port,
                  .service = x.service,
                  .serviceLookup = x.serviceLookup,
                  .username = x.username,
                  .password = x.password};
  return options;
}

std::unique_ptr<core::Store> openStore(const config::Config& cfg) {
  if (cfg.server.store == "memory") return store::makeMemoryStore();
  std::filesystem::create_directories(cfg.server.dataDir);
  store::SqliteOptions options;
  options.syncEveryCommit = cfg.server.storeSync == "full";
  auto store = store::openSqliteStore(cfg.server.dataDir, options);
  for (const auto& loose : store::sqliteStats(*store).tightened) {
    if (loose.error.empty()) {
      spdlog::warn("store: {} had mode {:04o}, readable beyond its owner; made it 0600", loose.file.string(), loose.mode);
    } else {
      spdlog::error("store: {} has mode {:04o}, readable beyond its owner, and cannot be made 0600: {}",
                    loose.file.string(), loose.mode, loose.error);
    }
  }
  return store;
}

std::string counted(const core::Snapshot& stored, std::string_view table) {
  return std::to_string(core::tableOf(stored, table).size()) + " " + std::string(table) + "s";
}

std::vector<api::Account> accounts(const config::Config& cfg) {
  std::vector<api::Account> out;
  for (const auto& user : cfg.users) out.push_back({user.name, user.password, user.admin, user.agent});
  return out;
}

notify::XmppClientOptions xmppClientOptions(const config::XmppNotifier& x) {
  return {.requireTls = x.tls == "required",
          .verifyTls = x.tlsVerify,
          .caFile = x.caFile,
          .allowPlainCleartext = x.allowPlainCleartext,
          .resource = x.resource,
          .backoffInitial = x.backoffInitial,
          .backoffMax = x.backoffMax,
          .authRetry = x.authRetry,
          .stableAfter = std::chrono::milliseconds(60000),
          .connectTimeout = x.connectTimeout,
          .pingIdle = x.pingIdle,
          .pingTimeout = x.pingTimeout,
          .batch = 50};
}

// The base of every URL the server writes, for the door of `scheme` on `port`.
std::string publicBase(const config::Config& cfg, std::string_view scheme, std::uint16_t port) {
  return api::publicBaseUrlOf(cfg.publicBaseUrl, cfg.server.fqdn, scheme, port);
}

// Origins whose pages may read answers with the browser's credentials:
// smfront's own pages (its HTTP and HTTPS doors under its names, so the agent
// console reaches the BOSH doors) and the configured ones.
std::vector<std::string> allowedOrigins(const config::Config& cfg, std::uint16_t httpPort, std::uint16_t httpsPort) {
  auto out = net::ownOrigins({cfg.server.fqdn, "localhost", "127.0.0.1", "[::1]"}, httpPort, httpsPort);
  if (auto proxied = net::originOf(cfg.publicBaseUrl); !proxied.empty()) out.push_back(std::move(proxied));
  out.insert(out.end(), cfg.corsOrigins.begin(), cfg.corsOrigins.end());
  return out;
}

std::vector<eventing::UserSeed> userSeeds(const config::Config& cfg) {
  std::vector<eventing::UserSeed> out;
  for (const auto& user : cfg.users) out.push_back({user.name, user.password, user.admin, user.agent});
  return out;
}

unsigned threadCount(const config::Config& cfg) {
  if (cfg.server.threads > 0) return cfg.server.threads;
  return std::max(1u, std::thread::hardware_concurrency());
}

routing::MrDoorOptions mrDoorOptions(const config::Config& cfg, std::shared_ptr<asio::ssl::context> tls) {
  routing::MrDoorOptions options;
  options.bindAddress = cfg.listeners.bind;
  options.port = cfg.listeners.mr;
  if (!cfg.mr.tlsClientCa.empty()) {
    // A context of its own: HTTPS and secure BOSH ask browsers for no certificate.
    options.tls = net::makeServerTlsContext(config::certFile(cfg), config::keyFile(cfg));
    net::requireClientCertificates(*options.tls, cfg.mr.tlsClientCa, "mr.tls_client_ca");
  } else if (cfg.mr.tls) {
    options.tls = std::move(tls);
  }
  options.allowedPeers = cfg.mr.allowedPeers;
  options.maxConnections = cfg.limits.mrConnections;
  options.connectionsPerAddress = cfg.limits.connectionsPerAddress;
  options.outboxBytes = cfg.limits.mrOutboxBytes;
  options.writeStall = std::chrono::milliseconds(cfg.limits.mrWriteStallMs);
  options.floatWidth = cfg.mr.floatWidth;
  options.mapping.mrdCallback = cfg.mr.mrdCallback;
  options.mapping.mrdTask = cfg.mr.mrdTask;
  options.mapping.mrdChat = cfg.mr.mrdChat;
  options.mapping.defaultScriptSelector = cfg.mr.defaultScriptSelector;
  return options;
}

boost::json::object mrStatusJson(const routing::MrLinkStatus& s) {
  return boost::json::object{{"state", s.state},
                             {"peer", s.peer},
                             {"peripheral_id", s.peripheralId},
                             {"routing_available", s.routingAvailable},
                             {"pending", s.pending},
                             {"in_flight", s.inFlight},
                             {"sent", s.sent},
                             {"routed", s.routed},
                             {"discarded", s.discarded},
                             {"sessions", s.sessions}};
}

// The one line on stdout that tells scripts and tests where each door listens.
void printListening(const std::vector<net::HttpDoor*>& doors, const routing::MrDoor* mr) {
  boost::json::object line;
  line["event"] = "listening";
  for (const auto* door : doors) line[door->name()] = door->port();
  if (mr != nullptr) line["mr"] = mr->port();
  std::printf("%s\n", boost::json::serialize(line).c_str());
  std::fflush(stdout);
}

// Stops accepting, lets in-flight requests finish within the grace period, then
// cuts what is left and ends the io_context.
class GracefulStop {
 public:
  GracefulStop(asio::io_context& io, std::vector<net::HttpDoor*> doors, routing::MrDoor* mr,
               std::chrono::milliseconds grace, core::Core& core, std::function<void()> onStop)
      : io_(io),
        doors_(std::move(doors)),
        mr_(mr),
        grace_(grace),
        core_(core),
        onStop_(std::move(onStop)),
        signals_(io, SIGINT, SIGTERM),
        poll_(io) {}

  void arm() {
    signals_.async_wait([this](const boost::system::error_code& ec, int signal) {
      if (ec) return;
      begin(signal);
    });
  }

 private:
  void begin(int signal) {
    spdlog::info("signal {}: stopping; in-flight requests have {} ms", signal, grace_.count());
    core_.bus().publish(core::ServerStopping{core_.clock().nowMs()});
    if (onStop_) onStop_();
    for (auto* door : doors_) door->beginStop();
    if (mr_ != nullptr) mr_->beginStop();  // CLOSE_REQ to the PG
    deadline_ = std::chrono::steady_clock::now() + grace_;
    // A second signal means "now".
    signals_.async_wait([this](const boost::system::error_code& ec, int) {
      if (!ec) deadline_ = std::chrono::steady_clock::now();
    });
    waitForDrain();
  }

  void waitForDrain() {
    std::size_t open = 0;
    for (auto* door : doors_) open += door->openConnections();
    if (mr_ != nullptr) open += mr_->openConnections();
    const auto now = std::chrono::steady_clock::now();
    if (open == 0 || (forced_ && now >= deadline_ + kSettle)) {
      signals_.cancel();
      io_.stop();
      return;
    }
    if (!forced_ && now >= deadline_) {
      spdlog::warn("grace period over: closing {} connection(s)", open);
      for (auto* door : doors_) door->closeAll();
      if (mr_ != nullptr) mr_->closeAll();
      forced_ = true;
    }
    // Connections close on their own strands; re-check shortly.
    poll_.expires_after(std::chrono::milliseconds(10));
    poll_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) waitForDrain();
    });
  }

  static constexpr std::chrono::milliseconds kSettle{500};
  asio::io_context& io_;
  std::vector<net::HttpDoor*> doors_;
  routing::MrDoor* mr_;
  std::chrono::milliseconds grace_;
  core::Core& core_;
  std::function<void()> onStop_;
  asio::signal_set signals_;
  asio::steady_timer poll_;
  std::chrono::steady_clock::time_point deadline_;
  bool forced_ = false;
};

}  // namespace

int runServer(const config::Config& cfg) {
  const auto startedAt = std::chrono::steady_clock::now();
  const unsigned threads = threadCount(cfg);
  asio::io_context io(static_cast<int>(threads));

  auto store = openStore(cfg);
  core::SystemClock clock;
  core::Core core(io.get_executor(), *store, clock, threads);
  core::Snapshot stored = store->load();
  if (!stored.empty()) {
    spdlog::info("store: restored {}, {}, {}, {}", counted(stored, core::records::kFeeds),
                 counted(stored, core::records::kCampaigns), counted(stored, core::records::kContacts),
                 counted(stored, core::records::kChats));
  }
  telemetry::Registry metrics;
  telemetry::LimitRefusals limitRefusals(metrics);
  core::Services services(core, serviceOptions(cfg, limitRefusals), stored);

  net::HttpTelemetry httpTelemetry(metrics, makeAccessLog(cfg.log), cfg.log.accessQueryValues);
  metrics.gaugeCallback("smfront_store_writable", "1 while the store takes writes, 0 while it refuses them", {},
                        [&store] { return store->health().writable ? 1.0 : 0.0; });
  metrics.gaugeCallback("smfront_store_batches_committed", "batches of changes the store made durable since start", {},
                        [&store] { return static_cast<double>(store->health().commits); });
  if (store->health().kind == "sqlite") {
    metrics.gaugeCallback("smfront_store_transactions", "SQLite transactions that committed those batches (group commit)",
                          {}, [&store] { return static_cast<double>(store::sqliteStats(*store).transactions); });
  }

  // One throttle for failed logins, shared by HTTP Basic and SASL: guesses at one
  // password count the same over either door.
  const auto loginThrottle = std::make_shared<security::LoginThrottle>(security::LoginThrottleOptions{
      .failuresBeforeDelay = cfg.limits.loginFailuresBeforeDelay,
      .maxDelay = std::chrono::milliseconds(cfg.limits.loginDelayMaxMs)});
  const api::LoginDefence httpLogins{
      .throttle = loginThrottle,
      .failures = &metrics.counter("smfront_login_failures_total", "logins refused for wrong or unknown credentials",
                                   {{"door", "http"}}),
      .refused = &metrics.counter("smfront_logins_throttled_total", "logins refused unchecked after too many failures",
                                  {{"door", "http"}})};
  // One account of refused requests per client address for every HTTP and BOSH door.
  const auto refusalPacing = minuteRate(cfg.limits.refusalsPerAddressPerMinute);

  api::Router router;
  router.addApiPrefix("/ccp-webapp");
  router.addApiPrefix("/ccp");
  api::AdminMediaType adminMediaType(router);
  api::DurableAnswers durable(adminMediaType, core);
  // Its policy names the doors' ports, set once they are bound (below).
  net::CorsFilter handler(durable, net::CorsPolicy(), api::pathsWithoutCors());
  api::StaticFiles webRoot(cfg.server.webRoot);
  router.setFallback([&webRoot](net::Request& request, const api::PathParams&) -> asio::awaitable<net::Response> {
    co_return webRoot.serve(request);
  });

  std::vector<std::unique_ptr<net::HttpDoor>> doors;
  auto addDoor = [&](std::string name, std::uint16_t port, std::shared_ptr<asio::ssl::context> tls) {
    doors.push_back(std::make_unique<net::HttpDoor>(io,
                                                    net::HttpDoorOptions{.name = std::move(name),
                                                                         .bindAddress = cfg.listeners.bind,
                                                                         .port = port,
                                                                         .limits = httpLimits(cfg, refusalPacing, limitRefusals),
                                                                         .tls = std::move(tls)},
                                                    handler, httpTelemetry));
  };
  auto tls = loadTls(cfg);
  addDoor("http", cfg.listeners.http, nullptr);
  addDoor("https", cfg.listeners.https, tls);

  // Routes go in before anything is served; the URLs they write need the bound ports.
  const std::uint16_t httpPort = doors[0]->port();
  const std::uint16_t httpsPort = doors[1]->port();
  const api::PublicBaseUrls bases{.http = publicBase(cfg, "http", httpPort), .https = publicBase(cfg, "https", httpsPort)};
  auto apiContext = std::make_shared<const api::ApiContext>(api::ApiContext{.core = core,
                                                                            .services = services,
                                                                            .accounts = api::Accounts(accounts(cfg), httpLogins),
                                                                            .publicBaseUrl = bases,
                                                                            .chatRedirectUrl = cfg.chatRedirectUrl,
                                                                            .chatMessageChars = cfg.limits.chatMessageChars,
                                                                            .newContactsPerAddress = minuteRate(
                                                                                cfg.limits.newContactsPerAddressPerMinute),
                                                                            .limitRefusals = &limitRefusals});
  api::addChatRoutes(router, apiContext);
  api::addAdminRoutes(router, apiContext);
  api::addRequestRoutes(router, apiContext);
  api::addSearchRoutes(router, apiContext,
                       {.maxCount = cfg.limits.searchMaxCount,
                        .transcriptChars = cfg.limits.searchTranscriptChars,
                        .perUser = minuteRate(cfg.limits.searchesPerUserPerMinute)},
                       metrics, limitRefusals);
  api::addNotifyRoutes(router, apiContext);
  const auto origins = allowedOrigins(cfg, httpPort, httpsPort);
  handler.setPolicy(net::CorsPolicy(origins));

  // Pubsub payloads carry refURLs, written for the HTTP door.
  const std::string& restBase = bases.http;
  // Before the io_context runs: the journal's first change schedules a flush,
  // which commits the derived rows as soon as the core strand runs.
  const eventing::UserDirectory xmppUsers(userSeeds(cfg), core::tableOf(stored, core::records::kUserCredentials),
                                          core.journal());
  const auto& userOrigins = xmppUsers.origins();
  spdlog::info("xmpp users: {} restored, {} derived, {} removed", userOrigins.restored, userOrigins.derived,
               userOrigins.erased);
  stored = {};  // the services hold what they restored; the file's copy need not live on
  eventing::BoshDoorOptions boshOptions;
  boshOptions.session.domain = cfg.xmppDomain;
  boshOptions.session.maxWait = cfg.bosh.maxWait;
  boshOptions.session.inactivity = cfg.bosh.inactivity;
  boshOptions.corsOrigins = origins;
  eventing::HubOptions hubOptions{
      .domain = cfg.xmppDomain,
      .contactPayload =
          [restBase](const core::Contact& contact) {
            return ccp::serializeSocialContactEvent(api::toSocialContact(contact, restBase));
          },
      .unknownUserKey = xmpp::secureRandomBytes(32)};
  hubOptions.plainOnCleartext = cfg.bosh.allowPlainCleartext;
  hubOptions.maxUnauthenticated = cfg.limits.boshUnauthenticatedSessions;
  hubOptions.maxUnauthenticatedPerAddress = cfg.limits.boshUnauthenticatedSessionsPerAddress;
  hubOptions.subscriptionsPerUser = cfg.limits.subscriptionsPerUser;
  hubOptions.roomHistoryStanzas = cfg.limits.roomHistoryStanzas;
  hubOptions.loginThrottle = loginThrottle;
  hubOptions.refusalPacing = refusalPacing;
  hubOptions.metrics = eventing::EventingMetrics::in(metrics);
  eventing::BoshDoor boshDoor(core, boshOptions, std::move(hubOptions),
                              {.chats = services.chats,
                               .contacts = services.contacts,
                               .catalog = services.catalog,
                               .router = services.router,
                               .clock = clock},
                              xmppUsers);
  // Bodies a little over the BOSH cap still reach the door, which answers them
  // with policy-violation; far larger ones are refused while being read.
  net::HttpLimits boshLimits = httpLimits(cfg, refusalPacing, limitRefusals);
  boshLimits.maxBodyBytes = std::max<std::size_t>(boshLimits.maxBodyBytes, 2 * boshOptions.limits.maxBodyBytes);
  boshLimits.heldRequests = true;  // every BOSH session keeps a request held
  for (const auto& [name, port, secure] :
       {std::tuple{"bosh", cfg.listeners.bosh, false}, std::tuple{"boshs", cfg.listeners.boshs, true}}) {
    doors.push_back(std::make_unique<net::HttpDoor>(io,
                                                    net::HttpDoorOptions{.name = name,
                                                                         .bindAddress = cfg.listeners.bind,
                                                                         .port = port,
                                                                         .limits = boshLimits,
                                                                         .tls = secure ? tls : nullptr},
                                                    boshDoor, httpTelemetry));
  }

  std::vector<net::HttpDoor*> doorViews;
  for (auto& d : doors) doorViews.push_back(d.get());
  std::unique_ptr<routing::MrDoor> mrDoor;
  if (services.mediaRouter) {
    mrDoor = std::make_unique<routing::MrDoor>(io, core, services, mrDoorOptions(cfg, tls), metrics);
  }

  // Notifications name the contact by its URL on the HTTP door.
  const std::string& notifyBase = bases.http;
  notify::XmppNotifier xmppNotifier(
      io.get_executor(), core, services.notifications, xmppClientOptions(cfg.notify.xmpp),
      [notifyBase](const core::OutboxEntry& e) {
        if (!e.body.empty()) return e.body;
        return "New " + std::string(core::toString(e.contact.sourceType)) + " contact from " + e.contact.author + ": " +
               e.contact.title + " " + api::contactUrl(notifyBase, e.contact.id);
      },
      metrics);
  notify::HttpNotifier httpNotifier(
      io.get_executor(), core, services.notifications,
      {.retryDelays = cfg.notify.http.retryDelays, .timeout = cfg.notify.http.timeout, .concurrency = 16},
      [notifyBase](const core::OutboxEntry& e) {
        const auto contact = api::toSocialContact(e.contact, notifyBase);
        return ccp::notificationPayload(ccp::serializeSocialContact(contact), e.tag, contact.refURL);
      },
      metrics);
  xmppNotifier.start();
  httpNotifier.start();

  api::addLabRoutes(router, {.version = SMFRONT_VERSION,
                             .startedAt = startedAt,
                             .doors =
                                 [doorViews, mr = mrDoor.get()] {
                                   std::vector<api::DoorStatus> out;
                                   for (const auto* d : doorViews) out.push_back({d->name(), d->port(), d->openConnections()});
                                   if (mr != nullptr) out.push_back({"mr", mr->port(), mr->openConnections()});
                                   return out;
                                 },
                             .counts =
                                 [&services, &boshDoor] {
                                   return api::DomainCounts{
                                       {"contacts", static_cast<std::int64_t>(services.contacts.size())},
                                       {"chats_live", static_cast<std::int64_t>(services.chats.liveChats())},
                                       {"chats_waiting", static_cast<std::int64_t>(services.chats.waitingChats())},
                                       {"requests_queued",
                                        static_cast<std::int64_t>(services.mediaRouter ? services.mediaRouter->queued()
                                                                                       : services.router.queued())},
                                       {"agents_available", static_cast<std::int64_t>(services.router.agentsLoggedIn())},
                                       {"bosh_sessions", static_cast<std::int64_t>(boshDoor.sessionCount())},
                                       {"virtual_agents", static_cast<std::int64_t>(services.virtualAgentCount())}};
                                 },
                             .core = core,
                             .metrics = metrics,
                             .access = api::parseStatusAccess(cfg.server.statusAccess),
                             .accounts = &apiContext->accounts,
                             .moreStatus =
                                 [&xmppNotifier, &httpNotifier, mr = mrDoor.get()](boost::json::object& body) {
                                   if (mr != nullptr) body["mr"] = mrStatusJson(mr->status());
                                   const auto x = xmppNotifier.status();
                                   body["xmpp_notifier"] = boost::json::object{{"state", x.state},
                                                                               {"server", x.server},
                                                                               {"outbox", x.outbox},
                                                                               {"last_error", x.lastError},
                                                                               {"delivered", x.delivered},
                                                                               {"connects", x.connects}};
                                   const auto h = httpNotifier.status();
                                   body["http_notifier"] = boost::json::object{{"outbox", h.outbox},
                                                                               {"delivered", h.delivered},
                                                                               {"dropped", h.failed},
                                                                               {"last_error", h.lastError}};
                                 }});

  GracefulStop stop(io, doorViews, mrDoor.get(), cfg.server.shutdownGrace, core, [&xmppNotifier, &httpNotifier] {
    xmppNotifier.stop();
    httpNotifier.stop();
  });
  stop.arm();
  for (auto* d : doorViews) d->start();
  if (mrDoor) mrDoor->start();
  printListening(doorViews, mrDoor.get());
  spdlog::info("smfront {} serving with {} thread(s); web root {}", SMFRONT_VERSION, threads,
               cfg.server.webRoot.string());
  core.bus().publish(core::ServerStarted{clock.nowMs()});

  std::vector<std::thread> pool;
  for (unsigned i = 1; i < threads; ++i) pool.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& t : pool) t.join();

  store->close();
  spdlog::info("stopped");
  return 0;
}

int exportStore(const config::Config& cfg, const std::filesystem::path& file) {
  if (cfg.server.store == "memory") {
    throw std::invalid_argument("--export reads the SQLite store; with --store memory there is nothing to export");
  }
  auto store = store::openSqliteStore(cfg.server.dataDir);
  asio::io_context io;  // never run: timers the services arm stay unarmed
  core::SystemClock clock;
  core::Core core(io.get_executor(), *store, clock, 1);
  core::ServiceOptions options;
  options.xmppDomain = cfg.xmppDomain;
  const core::Services services(core, std::move(options), store->load());
  const std::string xml = api::exportXml(services, publicBase(cfg, "http", cfg.listeners.http));
  store->close();
  if (file == "-") {
    std::fwrite(xml.data(), 1, xml.size(), stdout);
    return 0;
  }
  std::FILE* out = std::fopen(file.c_str(), "wb");
  if (out == nullptr || std::fwrite(xml.data(), 1, xml.size(), out) != xml.size() || std::fclose(out) != 0) {
    throw std::runtime_error("--export: cannot write " + file.string());
  }
  return 0;
}

}  // namespace smfront
