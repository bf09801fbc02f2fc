#include "app.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <thread>
#include <tuple>

#include "api/export.hpp"
#include "api/lab_routes.hpp"
#include "api/public_base_url.hpp"
#include "api/representations.hpp"
#include "api/rest_api.hpp"
#include "config/names.hpp"
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
#include "net/http_door.hpp"
#include "net/http_telemetry.hpp"
#include "net/tls_context.hpp"
#include "notify/http_notifier.hpp"
#include "notify/xmpp_notifier.hpp"
#include "media_routing/mr_door.hpp"
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
  options.mediaRouting = cfg.routing == config::Routing::Mr;
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
    options.virtualAgents.push_back(
        {config::userNameOf(agent.name), agent.name, agent.joinAfter, agent.greeting, agent.mode, agent.handleTime});
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
  if (cfg.server.store == config::StoreKind::Memory) return store::makeMemoryStore();
  std::filesystem::create_directories(cfg.server.dataDir);
  store::SqliteOptions options;
  options.syncEveryCommit = cfg.server.storeSync == config::StoreSync::Full;
  options.minFreeBytes = std::uint64_t{cfg.server.storeMinFreeMb} * 1024 * 1024;
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
  return {.requireTls = x.tls == config::XmppTls::Required,
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

media_routing::MrDoorOptions mrDoorOptions(const config::Config& cfg, std::shared_ptr<asio::ssl::context> tls) {
  media_routing::MrDoorOptions options;
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

api::StatusAccess statusAccess(config::StatusAccess access) {
  switch (access) {
    case config::StatusAccess::Admin: return api::StatusAccess::Admin;
    case config::StatusAccess::Anyone: return api::StatusAccess::Anyone;
    case config::StatusAccess::LoopbackOrAdmin: break;
  }
  return api::StatusAccess::LoopbackOrAdmin;
}

// The one line on stdout that tells scripts and tests where each door listens.
void printListening(const std::vector<std::pair<std::string, std::uint16_t>>& ports) {
  boost::json::object line;
  line["event"] = "listening";
  for (const auto& [door, port] : ports) line[door] = port;
  std::printf("%s\n", boost::json::serialize(line).c_str());
  std::fflush(stdout);
}

// Stops accepting, lets in-flight requests finish within the grace period, then
// cuts what is left and ends the io_context. On the io_context.
class GracefulStop {
 public:
  GracefulStop(asio::io_context& io, std::vector<net::HttpDoor*> doors, media_routing::MrDoor* mr,
               std::chrono::milliseconds grace, core::Core& core, std::function<void()> onStop)
      : io_(io), doors_(std::move(doors)), mr_(mr), grace_(grace), core_(core), onStop_(std::move(onStop)), poll_(io) {}

  /// The first request begins the stop; a second one means "now".
  void request(const std::string& why) {
    if (begun_) {
      deadline_ = std::chrono::steady_clock::now();
      return;
    }
    begun_ = true;
    spdlog::info("{}: stopping; in-flight requests have {} ms", why, grace_.count());
    core_.bus().publish(core::ServerStopping{core_.clock().nowMs()});
    if (onStop_) onStop_();
    for (auto* door : doors_) door->beginStop();
    if (mr_ != nullptr) mr_->beginStop();  // CLOSE_REQ to the PG
    deadline_ = std::chrono::steady_clock::now() + grace_;
    waitForDrain();
  }

 private:
  void waitForDrain() {
    std::size_t open = 0;
    for (auto* door : doors_) open += door->openConnections();
    if (mr_ != nullptr) open += mr_->openConnections();
    const auto now = std::chrono::steady_clock::now();
    if (open == 0 || (forced_ && now >= deadline_ + kSettle)) {
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
  media_routing::MrDoor* mr_;
  std::chrono::milliseconds grace_;
  core::Core& core_;
  std::function<void()> onStop_;
  asio::steady_timer poll_;
  std::chrono::steady_clock::time_point deadline_;
  bool begun_ = false;
  bool forced_ = false;
};

}  // namespace

// The server's io_context, which can drop the handlers it still holds while the
// objects they refer to are alive. A stop that had to cut connections may leave
// handlers queued (a request's coroutine, a session's last steps); the
// io_context's own destructor would destroy them only after every other part of
// the server, and their destructors would touch a destroyed core or telemetry.
class ServerIoContext : public asio::io_context {
 public:
  using asio::io_context::io_context;
  /// Shuts the services down: pending handlers are destroyed, I/O objects stay
  /// valid to destroy. The destructor's own shutdown then finds nothing left.
  void dropPendingHandlers() { shutdown(); }
};

// Every part of the running server, declared in the order it is built, so that
// it is torn down in the reverse order: doors and notifiers before the services
// they call, the services before the core, the core before the store and the
// io_context.
struct Server::Impl {
  explicit Impl(const config::Config& config);
  ~Impl() { io.dropPendingHandlers(); }

  const config::Config cfg;
  const std::chrono::steady_clock::time_point startedAt = std::chrono::steady_clock::now();
  const unsigned threads = threadCount(cfg);
  ServerIoContext io{static_cast<int>(threads)};
  std::unique_ptr<core::Store> store = openStore(cfg);
  core::SystemClock clock;
  core::Core core{io.get_executor(), *store, clock, threads};
  telemetry::Registry metrics;
  telemetry::LimitRefusals limitRefusals{metrics};
  // What several build steps share. One throttle for failed logins, shared by HTTP
  // Basic and SASL: guesses at one password count the same over either door.
  std::shared_ptr<security::LoginThrottle> loginThrottle;
  // One account of refused requests per client address for every HTTP and BOSH door.
  std::shared_ptr<security::KeyedRate> refusalPacing;
  std::shared_ptr<asio::ssl::context> tls;
  api::PublicBaseUrls bases;             // of the URLs written, per door (known once the doors are bound)
  std::vector<std::string> corsOrigins;  // the browsers' origins allowed on the REST and BOSH doors
  // The components, in build order.
  std::unique_ptr<core::Services> services;
  std::unique_ptr<net::HttpTelemetry> httpTelemetry;
  std::unique_ptr<api::RestApi> rest;
  std::vector<std::unique_ptr<net::HttpDoor>> doors;
  std::shared_ptr<const api::ApiContext> apiContext;
  std::unique_ptr<eventing::UserDirectory> xmppUsers;
  std::unique_ptr<eventing::BoshDoor> boshDoor;
  std::unique_ptr<media_routing::MrDoor> mrDoor;
  std::unique_ptr<notify::XmppNotifier> xmppNotifier;
  std::unique_ptr<notify::HttpNotifier> httpNotifier;
  std::unique_ptr<GracefulStop> graceful;
  std::unique_ptr<asio::signal_set> signals;

  /// Loads what the store holds into the services; the snapshot, for the XMPP users.
  core::Snapshot restoreDomain();
  void addStoreMetrics();
  /// The REST API and web root behind the HTTP and HTTPS doors, which it binds.
  void buildRestDoors();
  /// The BOSH door with its XMPP services behind the two BOSH ports, which it binds.
  void buildBoshDoors(const core::Snapshot& stored);
  void buildNotifiers();
  /// /ccp/status, /ccp/health and /metrics, which read every other component.
  void addLabRoutes();

  std::vector<const telemetry::StatusSection*> sections() const {
    std::vector<const telemetry::StatusSection*> out{xmppNotifier.get(), httpNotifier.get()};
    if (mrDoor) out.insert(out.begin(), mrDoor.get());
    return out;
  }
  std::vector<net::HttpDoor*> doorViews() const {
    std::vector<net::HttpDoor*> out;
    for (const auto& d : doors) out.push_back(d.get());
    return out;
  }
  void awaitSignal() {
    signals->async_wait([this](const boost::system::error_code& ec, int signal) {
      if (ec) return;
      graceful->request("signal " + std::to_string(signal));
      awaitSignal();  // a second one means "now"
    });
  }
};

Server::Impl::Impl(const config::Config& config) : cfg(config) {
  const core::Snapshot stored = restoreDomain();
  addStoreMetrics();
  httpTelemetry = std::make_unique<net::HttpTelemetry>(metrics, makeAccessLog(cfg.log), cfg.log.accessQueryValues);
  loginThrottle = std::make_shared<security::LoginThrottle>(security::LoginThrottleOptions{
      .failuresBeforeDelay = cfg.limits.loginFailuresBeforeDelay,
      .maxDelay = std::chrono::milliseconds(cfg.limits.loginDelayMaxMs)});
  refusalPacing = minuteRate(cfg.limits.refusalsPerAddressPerMinute);
  tls = loadTls(cfg);
  buildRestDoors();
  buildBoshDoors(stored);
  if (services->mediaRouter) {
    mrDoor = std::make_unique<media_routing::MrDoor>(io, core, *services, mrDoorOptions(cfg, tls), metrics);
  }
  buildNotifiers();
  addLabRoutes();
  notify::XmppNotifier& xmppOut = *xmppNotifier;
  notify::HttpNotifier& httpOut = *httpNotifier;
  graceful = std::make_unique<GracefulStop>(io, doorViews(), mrDoor.get(), cfg.server.shutdownGrace, core,
                                            [&xmppOut, &httpOut] {
                                              xmppOut.stop();
                                              httpOut.stop();
                                            });
}

core::Snapshot Server::Impl::restoreDomain() {
  core::Snapshot stored = store->load();
  if (!stored.empty()) {
    spdlog::info("store: restored {}, {}, {}, {}", counted(stored, core::records::kFeeds),
                 counted(stored, core::records::kCampaigns), counted(stored, core::records::kContacts),
                 counted(stored, core::records::kChats));
  }
  services = std::make_unique<core::Services>(core, serviceOptions(cfg, limitRefusals), stored);
  return stored;
}

void Server::Impl::addStoreMetrics() {
  core::Store& theStore = *store;
  metrics.gaugeCallback("smfront_store_writable", "1 while the store takes writes, 0 while it refuses them", {},
                        [&theStore] { return theStore.health().writable ? 1.0 : 0.0; });
  metrics.gaugeCallback("smfront_store_batches_committed", "batches of changes the store made durable since start", {},
                        [&theStore] { return static_cast<double>(theStore.health().commits); });
  if (store->health().kind == "sqlite") {
    metrics.gaugeCallback("smfront_store_transactions", "SQLite transactions that committed those batches (group commit)",
                          {}, [&theStore] { return static_cast<double>(store::sqliteStats(theStore).transactions); });
  }
}

void Server::Impl::buildRestDoors() {
  const api::LoginDefence httpLogins{
      .throttle = loginThrottle,
      .failures = &metrics.counter("smfront_login_failures_total", "logins refused for wrong or unknown credentials",
                                   {{"door", "http"}}),
      .refused = &metrics.counter("smfront_logins_throttled_total", "logins refused unchecked after too many failures",
                                  {{"door", "http"}})};
  rest = std::make_unique<api::RestApi>(core, cfg.server.webRoot);

  auto addDoor = [&](std::string name, std::uint16_t port, std::shared_ptr<asio::ssl::context> tls) {
    doors.push_back(std::make_unique<net::HttpDoor>(io,
                                                    net::HttpDoorOptions{.name = std::move(name),
                                                                         .bindAddress = cfg.listeners.bind,
                                                                         .port = port,
                                                                         .limits = httpLimits(cfg, refusalPacing, limitRefusals),
                                                                         .tls = std::move(tls)},
                                                    rest->handler(), *httpTelemetry));
  };
  addDoor("http", cfg.listeners.http, nullptr);
  addDoor("https", cfg.listeners.https, tls);

  // Routes go in before anything is served; the URLs they write need the bound ports.
  const std::uint16_t httpPort = doors[0]->port();
  const std::uint16_t httpsPort = doors[1]->port();
  bases = {.http = publicBase(cfg, "http", httpPort), .https = publicBase(cfg, "https", httpsPort)};
  apiContext = std::make_shared<const api::ApiContext>(api::ApiContext{.core = core,
                                                                       .services = *services,
                                                                       .accounts = api::Accounts(accounts(cfg), httpLogins),
                                                                       .publicBaseUrl = bases,
                                                                       .chatRedirectUrl = cfg.chatRedirectUrl,
                                                                       .chatMessageChars = cfg.limits.chatMessageChars,
                                                                       .newContactsPerAddress = minuteRate(
                                                                           cfg.limits.newContactsPerAddressPerMinute),
                                                                       .limitRefusals = &limitRefusals});
  rest->addRoutes(apiContext,
                  {.maxCount = cfg.limits.searchMaxCount,
                   .transcriptChars = cfg.limits.searchTranscriptChars,
                   .perUser = minuteRate(cfg.limits.searchesPerUserPerMinute)},
                  metrics, limitRefusals);
  // The policy names the doors' ports, known only now that they are bound.
  corsOrigins = allowedOrigins(cfg, httpPort, httpsPort);
  rest->allowOrigins(corsOrigins);
}

void Server::Impl::buildBoshDoors(const core::Snapshot& stored) {
  // Pubsub payloads carry refURLs, written for the HTTP door.
  const std::string& restBase = bases.http;
  // Before the io_context runs: the journal's first change schedules a flush,
  // which commits the derived rows as soon as the core strand runs.
  xmppUsers = std::make_unique<eventing::UserDirectory>(
      userSeeds(cfg), core::tableOf(stored, core::records::kUserCredentials), core.journal());
  const auto& userOrigins = xmppUsers->origins();
  spdlog::info("xmpp users: {} restored, {} derived, {} removed", userOrigins.restored, userOrigins.derived,
               userOrigins.erased);
  eventing::BoshDoorOptions boshOptions;
  boshOptions.session.domain = cfg.xmppDomain;
  boshOptions.session.maxWait = cfg.bosh.maxWait;
  boshOptions.session.inactivity = cfg.bosh.inactivity;
  boshOptions.corsOrigins = corsOrigins;
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
  boshDoor = std::make_unique<eventing::BoshDoor>(core, boshOptions, std::move(hubOptions),
                                                  eventing::HubServices{.chats = services->chats,
                                                                        .contacts = services->contacts,
                                                                        .catalog = services->catalog,
                                                                        .router = services->router,
                                                                        .clock = clock},
                                                  *xmppUsers);
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
                                                    *boshDoor, *httpTelemetry));
  }
}

void Server::Impl::buildNotifiers() {
  // Notifications name the contact by its URL on the HTTP door.
  const std::string& notifyBase = bases.http;
  xmppNotifier = std::make_unique<notify::XmppNotifier>(
      io.get_executor(), core, services->notifications, xmppClientOptions(cfg.notify.xmpp),
      [notifyBase](const core::OutboxEntry& e) {
        if (!e.body.empty()) return e.body;
        return "New " + std::string(core::toString(e.contact.sourceType)) + " contact from " + e.contact.author + ": " +
               e.contact.title + " " + api::contactUrl(notifyBase, e.contact.id);
      },
      metrics);
  httpNotifier = std::make_unique<notify::HttpNotifier>(
      io.get_executor(), core, services->notifications,
      notify::HttpNotifierOptions{.retryDelays = cfg.notify.http.retryDelays, .timeout = cfg.notify.http.timeout, .concurrency = 16},
      [notifyBase](const core::OutboxEntry& e) {
        const auto contact = api::toSocialContact(e.contact, notifyBase);
        return ccp::notificationPayload(ccp::serializeSocialContact(contact), e.tag, contact.refURL);
      },
      metrics);
  xmppNotifier->start();
  httpNotifier->start();
}

void Server::Impl::addLabRoutes() {
  core::Services& domain = *services;
  eventing::BoshDoor& bosh = *boshDoor;
  api::addLabRoutes(rest->router(), {.version = SMFRONT_VERSION,
                             .startedAt = startedAt,
                             .doors =
                                 [views = doorViews(), mr = mrDoor.get()] {
                                   std::vector<api::DoorStatus> out;
                                   for (const auto* d : views) out.push_back({d->name(), d->port(), d->openConnections()});
                                   if (mr != nullptr) out.push_back({"mr", mr->port(), mr->openConnections()});
                                   return out;
                                 },
                             .counts =
                                 [&domain, &bosh] {
                                   return api::DomainCounts{
                                       {"contacts", static_cast<std::int64_t>(domain.contacts.size())},
                                       {"chats_live", static_cast<std::int64_t>(domain.chats.liveChats())},
                                       {"chats_waiting", static_cast<std::int64_t>(domain.chats.waitingChats())},
                                       {"requests_queued",
                                        static_cast<std::int64_t>(domain.mediaRouter ? domain.mediaRouter->queued()
                                                                                     : domain.router.queued())},
                                       {"agents_available", static_cast<std::int64_t>(domain.router.agentsLoggedIn())},
                                       {"bosh_sessions", static_cast<std::int64_t>(bosh.sessionCount())},
                                       {"virtual_agents", static_cast<std::int64_t>(domain.virtualAgentCount())}};
                                 },
                             .core = core,
                             .metrics = metrics,
                             .access = statusAccess(cfg.server.statusAccess),
                             .accounts = &apiContext->accounts,
                             .sections = sections()});
}

Server::Server(const config::Config& config) : impl_(std::make_unique<Impl>(config)) {}

Server::~Server() = default;

std::vector<std::pair<std::string, std::uint16_t>> Server::ports() const {
  std::vector<std::pair<std::string, std::uint16_t>> out;
  for (const auto& door : impl_->doors) out.emplace_back(door->name(), door->port());
  if (impl_->mrDoor) out.emplace_back("mr", impl_->mrDoor->port());
  return out;
}

void Server::stopOnSignals() {
  impl_->signals = std::make_unique<asio::signal_set>(impl_->io, SIGINT, SIGTERM);
  impl_->awaitSignal();
}

void Server::start() {
  for (auto* door : impl_->doorViews()) door->start();
  if (impl_->mrDoor) impl_->mrDoor->start();
  spdlog::info("smfront {} serving with {} thread(s); web root {}", SMFRONT_VERSION, impl_->threads,
               impl_->cfg.server.webRoot.string());
  impl_->core.bus().publish(core::ServerStarted{impl_->clock.nowMs()});
}

void Server::run() {
  std::vector<std::thread> pool;
  for (unsigned i = 1; i < impl_->threads; ++i) pool.emplace_back([this] { impl_->io.run(); });
  impl_->io.run();
  for (auto& t : pool) t.join();
  impl_->store->close();
  spdlog::info("stopped");
}

void Server::stop() {
  asio::post(impl_->io, [impl = impl_.get()] { impl->graceful->request("stop requested"); });
}

int runServer(const config::Config& cfg) {
  Server server(cfg);
  server.stopOnSignals();
  server.start();
  printListening(server.ports());
  server.run();
  return 0;
}

int exportStore(const config::Config& cfg, const std::filesystem::path& file) {
  if (cfg.server.store == config::StoreKind::Memory) {
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
