#include "config/sections.hpp"

#include <algorithm>
#include <set>

#include "config/names.hpp"

namespace smfront::config::detail {

namespace json = boost::json;

namespace {

constexpr std::int64_t kMaxPort = 65535;
constexpr Range kPort{0, kMaxPort};  // 0: any free port

const TextRule kDnsName{isDnsName, "must be a DNS name (letters, digits and '-' in dot-separated labels)"};
const TextRule kIpAddress{isIpAddress, "must be an IPv4 or IPv6 address"};
const TextRule kUserName{isUserName, "must be 1 to 64 characters of a-z, 0-9, '.', '_' and '-'"};
const TextRule kDisplayName{isDisplayName, "must be 1 to 64 characters of UTF-8 text without control characters"};

constexpr std::string_view kPlaceholderPassword = "change-me";

// A host name or an IPv4/IPv6 address.
bool isHost(std::string_view host) { return isDnsName(host) || isIpAddress(host); }

// Printable ASCII, as everything that crosses the MR link must be.
bool isScriptSelector(std::string_view s) {
  return !s.empty() && s.size() <= 32 && std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c <= 0x7E; });
}

// What a browser sends as Origin: a scheme, a host and maybe a port, no path.
bool isOrigin(std::string_view origin) {
  if (origin == "*") return true;
  std::string_view rest;
  if (origin.starts_with("http://")) {
    rest = origin.substr(7);
  } else if (origin.starts_with("https://")) {
    rest = origin.substr(8);
  } else {
    return false;
  }
  return !rest.empty() && rest.find_first_of("/?#@ ") == std::string_view::npos;
}

bool isVirtualAgentMode(std::string_view mode) { return mode == "echo"; }

// Feed types by SocialMiner's numbers.
constexpr std::pair<std::string_view, int> kFeedTypes[] = {{"push", 7}, {"chat", 8}, {"callback", 10}, {"task", 12}};

template <class S>
Setting<S> custom(std::string_view key, std::function<void(ObjectReader&, S&)> read,
                  std::function<json::value(const S&, bool)> write) {
  return {key, std::move(read), std::move(write)};
}

// A list of objects at `key`, each read by `readOne(reader, item)`.
template <class T, class ReadOne>
void readList(ObjectReader& in, std::string_view key, std::vector<T>& out, ReadOne readOne) {
  const json::array* list = in.array(key);
  if (list == nullptr) return;
  out.clear();
  const std::string listPath = in.pathOf(key);
  for (std::size_t i = 0; i < list->size(); ++i) {
    T item;
    ObjectReader reader(&(*list)[i], indexPath(listPath, i), in.errors());
    readOne(reader, item);
    out.push_back(std::move(item));
  }
}

template <class T>
json::value writeList(const std::vector<T>& items, const Section<T>& table, bool mask) {
  json::array list;
  for (const T& item : items) list.push_back(writeSection(item, table, mask));
  return list;
}

const Section<Listeners>& listeners() {
  static const Section<Listeners> table{
      text("bind", &Listeners::bind, kIpAddress),     number("http", &Listeners::http, kPort),
      number("https", &Listeners::https, kPort),      number("bosh", &Listeners::bosh, kPort),
      number("boshs", &Listeners::boshs, kPort),      number("mr", &Listeners::mr, kPort),
  };
  return table;
}

const Section<Tls>& tls() {
  static const Section<Tls> table{
      path("cert", &Tls::cert),
      path("key", &Tls::key),
      custom<Tls>(
          "", [](ObjectReader& in, Tls& out) {
            // A certificate with some other key (the development one) would only fail
            // later, at the first TLS handshake.
            if (!in.hasErrors() && out.cert.empty() != out.key.empty()) in.fail({}, "cert and key must be set together");
          },
          nullptr),
  };
  return table;
}

const Section<Server>& server() {
  static const Section<Server> table{
      text("fqdn", &Server::fqdn, kDnsName),
      number("threads", &Server::threads, {0, 256}),
      path("data_dir", &Server::dataDir, kNonEmpty),
      choice("store", &Server::store),
      choice("store_sync", &Server::storeSync),
      number("store_min_free_mb", &Server::storeMinFreeMb, {0, 1048576}),
      number("retention_days", &Server::retentionDays, {0, 36500}),
      choice("status_access", &Server::statusAccess),
      path("web_root", &Server::webRoot, kNonEmpty),
      millis("shutdown_grace_ms", &Server::shutdownGrace, {100, 60000}),
  };
  return table;
}

const Section<Http>& http() {
  static const Section<Http> table{
      number("max_header_bytes", &Http::maxHeaderBytes, {1024, 1048576}),
      number("max_body_bytes", &Http::maxBodyBytes, {1024, 67108864}),
      millis("read_timeout_ms", &Http::readTimeout, {100, 600000}),
      millis("idle_timeout_ms", &Http::idleTimeout, {100, 3600000}),
      number("max_connections", &Http::maxConnections, {1, 1000000}),
  };
  return table;
}

const Section<Bosh>& bosh() {
  static const Section<Bosh> table{
      seconds("max_wait", &Bosh::maxWait, {1, 3600}),
      seconds("inactivity", &Bosh::inactivity, {1, 3600}),
      flag("allow_plain_cleartext", &Bosh::allowPlainCleartext),
  };
  return table;
}

// The limits have their own table, kLimitFields (config/limits.hpp).
const Section<Limits>& limits() {
  static const Section<Limits> table = [] {
    Section<Limits> out;
    for (const LimitField& field : kLimitFields) {
      out.push_back(number(field.key, field.member,
                           {static_cast<std::int64_t>(field.min), static_cast<std::int64_t>(field.max)}));
    }
    return out;
  }();
  return table;
}

const Section<Log>& log() {
  static const Section<Log> table{
      choice("level", &Log::level),
      text("access", &Log::access, kNonEmpty),
      flag("access_query_values", &Log::accessQueryValues),
  };
  return table;
}

const Section<User>& user() {
  static const Section<User> table{
      requiredText("name", &User::name, kUserName),
      custom<User>(
          "password",
          [](ObjectReader& in, User& out) {
            if (in.require("password") && in.text("password", out.password, kNonEmpty) &&
                out.password == kPlaceholderPassword) {
              // The shipped config/smfront.json carries it; a server started with it
              // would give anyone who read that file the admin API.
              in.fail("password", "is the placeholder \"" + std::string(kPlaceholderPassword) +
                                      "\" of the shipped file; set a password of your own for user \"" + out.name + "\"");
            }
          },
          [](const User& u, bool mask) { return json::value(mask ? std::string("******") : u.password); }),
      custom<User>(
          "roles",
          [](ObjectReader& in, User& out) {
            if (!in.require("roles")) return;
            const json::array* roles = in.array("roles");
            if (roles == nullptr) return;
            if (roles->empty()) return in.fail("roles", "must list at least one of \"admin\", \"agent\"");
            const std::string rolesPath = in.pathOf("roles");
            for (std::size_t i = 0; i < roles->size(); ++i) {
              const json::string* name = (*roles)[i].if_string();
              if (name != nullptr && *name == "admin") {
                out.admin = true;
              } else if (name != nullptr && *name == "agent") {
                out.agent = true;
              } else {
                report(in.errors(), indexPath(rolesPath, i), "must be \"admin\" or \"agent\"" + got((*roles)[i]));
              }
            }
          },
          [](const User& u, bool) {
            json::array roles;
            if (u.admin) roles.emplace_back("admin");
            if (u.agent) roles.emplace_back("agent");
            return json::value(std::move(roles));
          }),
  };
  return table;
}

const Section<FeedSeed>& feed() {
  static const Section<FeedSeed> table{
      requiredText("name", &FeedSeed::name),
      text("description", &FeedSeed::description),
      custom<FeedSeed>(
          "type",
          [](ObjectReader& in, FeedSeed& out) {
            std::string type;
            if (!in.text("type", type)) return;
            for (const auto& [name, number] : kFeedTypes) {
              if (name == type) {
                out.type = number;
                return;
              }
            }
            in.fail("type", "must be \"chat\", \"callback\", \"task\" or \"push\"" + got(json::value(type)));
          },
          [](const FeedSeed& f, bool) {
            for (const auto& [name, number] : kFeedTypes) {
              if (number == f.type) return json::value(name);
            }
            return json::value("chat");
          }),
      strings("tags", &FeedSeed::tags, kNonEmpty),
      number("chat_join_timeout_s", &FeedSeed::chatJoinTimeoutS, {1, 86400}),
      number("chat_inactivity_timeout_s", &FeedSeed::chatInactivityTimeoutS, {1, 86400}),
      flag("mr_routing", &FeedSeed::mrRouting),
  };
  return table;
}

const Section<CampaignSeed>& campaign() {
  static const Section<CampaignSeed> table{
      requiredText("name", &CampaignSeed::name),
      text("public_id", &CampaignSeed::publicId),
      text("description", &CampaignSeed::description),
      strings("feeds", &CampaignSeed::feeds, kNonEmpty),
  };
  return table;
}

const Section<VirtualAgent>& virtualAgent() {
  static const Section<VirtualAgent> table{
      requiredText("name", &VirtualAgent::name, kDisplayName),
      millis("join_after_ms", &VirtualAgent::joinAfter, {0, 3600000}),
      text("greeting", &VirtualAgent::greeting),
      text("mode", &VirtualAgent::mode, TextRule{isVirtualAgentMode, "must be \"echo\""}),
      millis("handle_ms", &VirtualAgent::handleTime, {0, 86400000}),
  };
  return table;
}

const Section<MrLink>& mr() {
  static const Section<MrLink> mrd{
      number("callback", &MrLink::mrdCallback, {0, 0xFFFFFFFE}),
      number("task", &MrLink::mrdTask, {0, 0xFFFFFFFE}),
      number("chat", &MrLink::mrdChat, {0, 0xFFFFFFFE}),
  };
  static const Section<MrLink> table{
      flag("tls", &MrLink::tls),
      path("tls_client_ca", &MrLink::tlsClientCa),
      strings("allowed_peers", &MrLink::allowedPeers, kIpAddress),
      number("float_width", &MrLink::floatWidth, {1, 2}),
      custom<MrLink>(
          "mrd",
          [](ObjectReader& in, MrLink& out) {
            ObjectReader nested = in.section("mrd");
            readSection(nested, out, mrd);
          },
          [](const MrLink& m, bool mask) { return json::value(writeSection(m, mrd, mask)); }),
      text("default_script_selector", &MrLink::defaultScriptSelector,
           TextRule{isScriptSelector, "must be 1 to 32 printable ASCII characters"}),
      seconds("retry_delay", &MrLink::retryDelay, {1, 3600}),
      seconds("new_task_timeout", &MrLink::newTaskTimeout, {0, 86400}),
      seconds("task_life", &MrLink::taskLife, {1, 86400}),
  };
  return table;
}

const Section<XmppNotifier>& xmppNotifier() {
  static const Section<XmppNotifier> table{
      flag("enabled", &XmppNotifier::enabled),
      text("host", &XmppNotifier::host, TextRule{isHost, "must be a DNS name or an IP address"}),
      number("port", &XmppNotifier::port, {1, kMaxPort}),
      text("service", &XmppNotifier::service, kDnsName),
      flag("service_lookup", &XmppNotifier::serviceLookup),
      text("username", &XmppNotifier::username, kNonEmpty),
      secret("password", &XmppNotifier::password),
      text("resource", &XmppNotifier::resource, kNonEmpty),
      choice("tls", &XmppNotifier::tls),
      flag("tls_verify", &XmppNotifier::tlsVerify),
      path("ca_file", &XmppNotifier::caFile),
      flag("allow_plain_cleartext", &XmppNotifier::allowPlainCleartext),
      millis("backoff_initial_ms", &XmppNotifier::backoffInitial, {10, 3600000}),
      millis("backoff_max_ms", &XmppNotifier::backoffMax, {10, 3600000}),
      millis("auth_retry_ms", &XmppNotifier::authRetry, {10, 3600000}),
      millis("connect_timeout_ms", &XmppNotifier::connectTimeout, {100, 600000}),
      millis("ping_idle_ms", &XmppNotifier::pingIdle, {100, 3600000}),
      millis("ping_timeout_ms", &XmppNotifier::pingTimeout, {100, 600000}),
  };
  return table;
}

const Section<HttpNotify>& httpNotify() {
  static const Section<HttpNotify> table{
      custom<HttpNotify>(
          "retry_delays_ms",
          [](ObjectReader& in, HttpNotify& out) {
            const json::array* delays = in.array("retry_delays_ms");
            if (delays == nullptr) return;
            out.retryDelays.clear();
            const std::string listPath = in.pathOf("retry_delays_ms");
            for (std::size_t i = 0; i < delays->size(); ++i) {
              const json::value& v = (*delays)[i];
              if (!v.is_int64() || v.as_int64() < 0 || v.as_int64() > 3600000) {
                report(in.errors(), indexPath(listPath, i), "must be 0 to 3600000" + got(v));
                continue;
              }
              out.retryDelays.emplace_back(v.as_int64());
            }
          },
          [](const HttpNotify& h, bool) {
            json::array delays;
            for (const auto& d : h.retryDelays) delays.emplace_back(d.count());
            return json::value(std::move(delays));
          }),
      millis("timeout_ms", &HttpNotify::timeout, {100, 600000}),
  };
  return table;
}

const Section<Notify>& notify() {
  static const Section<Notify> table{
      section("xmpp", &Notify::xmpp, xmppNotifier()),
      section("http", &Notify::http, httpNotify()),
  };
  return table;
}

}  // namespace

const Section<Config>& documentSection() {
  static const Section<Config> table{
      section("listeners", &Config::listeners, listeners()),
      section("tls", &Config::tls, tls()),
      text("xmpp_domain", &Config::xmppDomain, kDnsName),
      section("server", &Config::server, server()),
      section("http", &Config::http, http()),
      section("bosh", &Config::bosh, bosh()),
      section("limits", &Config::limits, limits()),
      section("log", &Config::log, log()),
      custom<Config>(
          "users",
          [](ObjectReader& in, Config& out) {
            std::set<std::string> seen;
            readList(in, "users", out.users, [&](ObjectReader& item, User& u) {
              readSection(item, u, user());
              if (!u.name.empty() && !seen.insert(u.name).second) item.fail("name", "duplicate user \"" + u.name + "\"");
            });
          },
          [](const Config& c, bool mask) { return writeList(c.users, user(), mask); }),
      text("public_base_url", &Config::publicBaseUrl),
      strings("cors_origins", &Config::corsOrigins,
              TextRule{isOrigin, "must be \"*\" or an origin such as \"https://shop.example.com\""}),
      text("chat_redirect_url", &Config::chatRedirectUrl),
      custom<Config>(
          "feeds",
          [](ObjectReader& in, Config& out) {
            readList(in, "feeds", out.feeds, [](ObjectReader& item, FeedSeed& f) { readSection(item, f, feed()); });
          },
          [](const Config& c, bool mask) { return writeList(c.feeds, feed(), mask); }),
      custom<Config>(
          "campaigns",
          [](ObjectReader& in, Config& out) {
            readList(in, "campaigns", out.campaigns, [&](ObjectReader& item, CampaignSeed& c) {
              readSection(item, c, campaign());
              for (const auto& name : c.feeds) {
                const bool known =
                    std::any_of(out.feeds.begin(), out.feeds.end(), [&](const FeedSeed& f) { return f.name == name; });
                if (!known) item.fail("feeds", "names no feed of \"feeds\" (got \"" + name + "\")");
              }
            });
          },
          [](const Config& c, bool mask) { return writeList(c.campaigns, campaign(), mask); }),
      custom<Config>(
          "virtual_agents",
          [](ObjectReader& in, Config& out) {
            std::set<std::string> seen;
            readList(in, "virtual_agents", out.virtualAgents, [&](ObjectReader& item, VirtualAgent& a) {
              readSection(item, a, virtualAgent());
              // Two display names for one user name would be one agent twice.
              if (!a.name.empty() && !seen.insert(userNameOf(a.name)).second) {
                item.fail("name", "duplicate virtual agent \"" + a.name + "\" (user name \"" + userNameOf(a.name) + "\")");
              }
            });
          },
          [](const Config& c, bool mask) { return writeList(c.virtualAgents, virtualAgent(), mask); }),
      choice("routing", &Config::routing),
      section("mr", &Config::mr, mr()),
      number("agent_task_limit", &Config::agentTaskLimit, {1, 100}),
      seconds("avg_handle_seconds", &Config::avgHandleTime, {1, 86400}),
      millis("request_expiry_ms", &Config::requestExpiry, {100, 86400000}),
      section("notify", &Config::notify, notify()),
  };
  return table;
}

}  // namespace smfront::config::detail
