#include "config/config_loader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <set>

#include <boost/json/stream_parser.hpp>

#include "config/json_reader.hpp"
#include "config/names.hpp"

namespace smfront::config {

namespace json = boost::json;
using detail::ObjectReader;
using detail::TextRule;

namespace {

// One reader per section. A new section is one function here plus one call
// in readDocument(); the reader takes care of paths and unknown keys.

constexpr std::int64_t kMaxPort = 65535;

const TextRule kDnsName{isDnsName, "must be a DNS name (letters, digits and '-' in dot-separated labels)"};
const TextRule kIpAddress{isIpAddress, "must be an IPv4 or IPv6 address"};
const TextRule kUserName{isUserName, "must be 1 to 64 characters of a-z, 0-9, '.', '_' and '-'"};

constexpr std::string_view kPlaceholderPassword = "change-me";

bool isLogLevelName(std::string_view name) { return parseLogLevel(name).has_value(); }

void readListeners(ObjectReader in, Listeners& out) {
  in.text("bind", out.bind, kIpAddress);
  in.integer("http", out.http, 0, kMaxPort);
  in.integer("https", out.https, 0, kMaxPort);
  in.integer("bosh", out.bosh, 0, kMaxPort);
  in.integer("boshs", out.boshs, 0, kMaxPort);
  in.integer("mr", out.mr, 0, kMaxPort);
}

void readTls(ObjectReader in, Tls& out) {
  in.path("cert", out.cert);
  in.path("key", out.key);
  // A certificate with some other key (the development one) would only fail
  // later, at the first TLS handshake.
  if (!in.hasErrors() && out.cert.empty() != out.key.empty())
    in.fail({}, "cert and key must be set together");
}

void readServer(ObjectReader in, Server& out) {
  in.text("fqdn", out.fqdn, kDnsName);
  in.integer("threads", out.threads, 0, 256);
  in.path("data_dir", out.dataDir, detail::kNonEmpty);
  in.choice("store", out.store);
  in.choice("store_sync", out.storeSync);
  in.integer("store_min_free_mb", out.storeMinFreeMb, 0, 1048576);
  in.integer("retention_days", out.retentionDays, 0, 36500);
  in.choice("status_access", out.statusAccess);
  in.path("web_root", out.webRoot, detail::kNonEmpty);
  in.millis("shutdown_grace_ms", out.shutdownGrace, 100, 60000);
}

void readHttp(ObjectReader in, Http& out) {
  in.integer("max_header_bytes", out.maxHeaderBytes, 1024, 1048576);
  in.integer("max_body_bytes", out.maxBodyBytes, 1024, 67108864);
  in.millis("read_timeout_ms", out.readTimeout, 100, 600000);
  in.millis("idle_timeout_ms", out.idleTimeout, 100, 3600000);
  in.integer("max_connections", out.maxConnections, 1, 1000000);
}

void readLimits(ObjectReader in, Limits& out) {
  for (const LimitField& field : kLimitFields) {
    in.integer(field.key, out.*field.member, static_cast<std::int64_t>(field.min),
               static_cast<std::int64_t>(field.max));
  }
}

void readLog(ObjectReader in, Log& out) {
  const std::string levelReason =
      "must be one of " + std::string(logLevelNames());
  std::string level;
  if (in.text("level", level, TextRule{isLogLevelName, levelReason}))
    out.level = *parseLogLevel(level);
  in.text("access", out.access, detail::kNonEmpty);
  in.boolean("access_query_values", out.accessQueryValues);
}

void readRoles(ObjectReader& in, User& out) {
  if (!in.require("roles")) return;
  const json::array* roles = in.array("roles");
  if (roles == nullptr) return;
  if (roles->empty()) {
    in.fail("roles", "must list at least one of \"admin\", \"agent\"");
    return;
  }
  const std::string rolesPath = in.pathOf("roles");
  for (std::size_t i = 0; i < roles->size(); ++i) {
    const json::value& role = (*roles)[i];
    const json::string* name = role.if_string();
    if (name != nullptr && *name == "admin") {
      out.admin = true;
    } else if (name != nullptr && *name == "agent") {
      out.agent = true;
    } else {
      detail::report(in.errors(), detail::indexPath(rolesPath, i),
                     "must be \"admin\" or \"agent\"" + detail::got(role));
    }
  }
}

void readUser(ObjectReader in, User& out, std::set<std::string>& seen) {
  if (in.require("name") && in.text("name", out.name, kUserName) &&
      !seen.insert(out.name).second)
    in.fail("name", "duplicate user \"" + out.name + "\"");
  if (in.require("password") && in.text("password", out.password, detail::kNonEmpty) &&
      out.password == kPlaceholderPassword) {
    // The shipped config/smfront.json carries it; a server started with it
    // would give anyone who read that file the admin API.
    in.fail("password", "is the placeholder \"" + std::string(kPlaceholderPassword) + "\" of the shipped file; set a password of your own for user \"" + out.name + "\"");
  }
  readRoles(in, out);
}

void readUsers(ObjectReader& root, std::vector<User>& out) {
  const json::array* list = root.array("users");
  if (list == nullptr) return;
  out.clear();
  std::set<std::string> seen;
  const std::string usersPath = root.pathOf("users");
  for (std::size_t i = 0; i < list->size(); ++i) {
    User user;
    readUser(ObjectReader(&(*list)[i], detail::indexPath(usersPath, i), root.errors()), user,
             seen);
    out.push_back(std::move(user));
  }
}

// A list of strings at `key`, each checked by `rule`; false when absent.
bool readStrings(ObjectReader& in, std::string_view key, std::vector<std::string>& out, const TextRule& rule) {
  const json::array* list = in.array(key);
  if (list == nullptr) return false;
  const std::string listPath = in.pathOf(key);
  out.clear();
  for (std::size_t i = 0; i < list->size(); ++i) {
    const json::string* text = (*list)[i].if_string();
    if (text == nullptr || (rule.accepts != nullptr && !rule.accepts(*text))) {
      const std::string reason = text == nullptr ? std::string("must be a string") : std::string(rule.reason);
      detail::report(in.errors(), detail::indexPath(listPath, i), reason + detail::got((*list)[i]));
      continue;
    }
    out.emplace_back(*text);
  }
  return true;
}

bool isFeedTypeName(std::string_view name) {
  return name == "push" || name == "chat" || name == "callback" || name == "task";
}

void readFeed(ObjectReader& in, FeedSeed& out) {
  if (in.require("name")) in.text("name", out.name, detail::kNonEmpty);
  in.text("description", out.description);
  std::string type;
  if (in.text("type", type, TextRule{isFeedTypeName, "must be \"chat\", \"callback\", \"task\" or \"push\""})) {
    out.type = type == "push" ? 7 : type == "chat" ? 8 : type == "callback" ? 10 : 12;
  }
  readStrings(in, "tags", out.tags, detail::kNonEmpty);
  in.integer("chat_join_timeout_s", out.chatJoinTimeoutS, 1, 86400);
  in.integer("chat_inactivity_timeout_s", out.chatInactivityTimeoutS, 1, 86400);
  in.boolean("mr_routing", out.mrRouting);
}

void readCampaign(ObjectReader& in, CampaignSeed& out, const std::vector<FeedSeed>& feeds) {
  if (in.require("name")) in.text("name", out.name, detail::kNonEmpty);
  in.text("public_id", out.publicId);
  in.text("description", out.description);
  readStrings(in, "feeds", out.feeds, detail::kNonEmpty);
  for (const auto& feed : out.feeds) {
    const bool known = std::any_of(feeds.begin(), feeds.end(), [&](const FeedSeed& f) { return f.name == feed; });
    if (!known) in.fail("feeds", "names no feed of \"feeds\" (got \"" + feed + "\")");
  }
}

bool isVirtualAgentMode(std::string_view mode) { return mode == "echo"; }

void readVirtualAgent(ObjectReader& in, VirtualAgent& out, std::set<std::string>& seen) {
  if (in.require("name") && in.text("name", out.name, kUserName) && !seen.insert(out.name).second)
    in.fail("name", "duplicate virtual agent \"" + out.name + "\"");
  in.millis("join_after_ms", out.joinAfter, 0, 3600000);
  in.text("greeting", out.greeting);
  in.text("mode", out.mode, TextRule{isVirtualAgentMode, "must be \"echo\""});
  in.millis("handle_ms", out.handleTime, 0, 86400000);
}


// A host name or an IPv4/IPv6 address.
bool isHost(std::string_view host) { return isDnsName(host) || isIpAddress(host); }

void readXmppNotifier(ObjectReader in, XmppNotifier& out) {
  in.boolean("enabled", out.enabled);
  in.text("host", out.host, TextRule{isHost, "must be a DNS name or an IP address"});
  in.integer("port", out.port, 1, kMaxPort);
  in.text("service", out.service, kDnsName);
  in.boolean("service_lookup", out.serviceLookup);
  in.text("username", out.username, detail::kNonEmpty);
  in.text("password", out.password);
  in.text("resource", out.resource, detail::kNonEmpty);
  in.choice("tls", out.tls);
  in.boolean("tls_verify", out.tlsVerify);
  in.path("ca_file", out.caFile);
  in.boolean("allow_plain_cleartext", out.allowPlainCleartext);
  in.millis("backoff_initial_ms", out.backoffInitial, 10, 3600000);
  in.millis("backoff_max_ms", out.backoffMax, 10, 3600000);
  in.millis("auth_retry_ms", out.authRetry, 10, 3600000);
  in.millis("connect_timeout_ms", out.connectTimeout, 100, 600000);
  in.millis("ping_idle_ms", out.pingIdle, 100, 3600000);
  in.millis("ping_timeout_ms", out.pingTimeout, 100, 600000);
}

void readHttpNotify(ObjectReader in, HttpNotify& out) {
  if (const json::array* delays = in.array("retry_delays_ms")) {
    out.retryDelays.clear();
    const std::string listPath = in.pathOf("retry_delays_ms");
    for (std::size_t i = 0; i < delays->size(); ++i) {
      const json::value& v = (*delays)[i];
      if (!v.is_int64() || v.as_int64() < 0 || v.as_int64() > 3600000) {
        detail::report(in.errors(), detail::indexPath(listPath, i), "must be 0 to 3600000" + detail::got(v));
        continue;
      }
      out.retryDelays.emplace_back(v.as_int64());
    }
  }
  in.millis("timeout_ms", out.timeout, 100, 600000);
}

void readNotify(ObjectReader in, Notify& out) {
  readXmppNotifier(in.section("xmpp"), out.xmpp);
  readHttpNotify(in.section("http"), out.http);
}


// Printable ASCII, as everything that crosses the MR link must be.
bool isScriptSelector(std::string_view s) {
  return !s.empty() && s.size() <= 32 && std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c <= 0x7E; });
}

void readMrd(ObjectReader in, MrLink& out) {
  in.integer("callback", out.mrdCallback, 0, 0xFFFFFFFE);
  in.integer("task", out.mrdTask, 0, 0xFFFFFFFE);
  in.integer("chat", out.mrdChat, 0, 0xFFFFFFFE);
}

void readMr(ObjectReader in, MrLink& out) {
  in.boolean("tls", out.tls);
  in.path("tls_client_ca", out.tlsClientCa);
  readStrings(in, "allowed_peers", out.allowedPeers, kIpAddress);
  in.integer("float_width", out.floatWidth, 1, 2);
  readMrd(in.section("mrd"), out);
  in.text("default_script_selector", out.defaultScriptSelector,
          TextRule{isScriptSelector, "must be 1 to 32 printable ASCII characters"});
  std::int64_t retrySeconds = out.retryDelay.count();
  if (in.integer("retry_delay", retrySeconds, 1, 3600)) out.retryDelay = std::chrono::seconds(retrySeconds);
  std::int64_t timeoutSeconds = out.newTaskTimeout.count();
  if (in.integer("new_task_timeout", timeoutSeconds, 0, 86400)) out.newTaskTimeout = std::chrono::seconds(timeoutSeconds);
  std::int64_t lifeSeconds = out.taskLife.count();
  if (in.integer("task_life", lifeSeconds, 1, 86400)) out.taskLife = std::chrono::seconds(lifeSeconds);
}

// Reads each object of the list at `key` with `readOne`.
template <class T, class ReadOne>
void readList(ObjectReader& root, std::string_view key, std::vector<T>& out, ReadOne readOne) {
  const json::array* list = root.array(key);
  if (list == nullptr) return;
  out.clear();
  const std::string listPath = root.pathOf(key);
  for (std::size_t i = 0; i < list->size(); ++i) {
    T item;
    ObjectReader reader(&(*list)[i], detail::indexPath(listPath, i), root.errors());
    readOne(reader, item);
    out.push_back(std::move(item));
  }
}

void readBosh(ObjectReader in, Bosh& out) {
  for (auto [key, member] : {std::pair{"max_wait", &out.maxWait}, std::pair{"inactivity", &out.inactivity}}) {
    std::int64_t seconds = member->count();
    if (in.integer(key, seconds, 1, 3600)) *member = std::chrono::seconds(seconds);
  }
  in.boolean("allow_plain_cleartext", out.allowPlainCleartext);
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

void readDocument(ObjectReader in, Config& out) {
  readListeners(in.section("listeners"), out.listeners);
  readTls(in.section("tls"), out.tls);
  in.text("xmpp_domain", out.xmppDomain, kDnsName);
  readServer(in.section("server"), out.server);
  readHttp(in.section("http"), out.http);
  readBosh(in.section("bosh"), out.bosh);
  readLimits(in.section("limits"), out.limits);
  readLog(in.section("log"), out.log);
  readUsers(in, out.users);
  in.text("public_base_url", out.publicBaseUrl);
  readStrings(in, "cors_origins", out.corsOrigins, TextRule{isOrigin, "must be \"*\" or an origin such as \"https://shop.example.com\""});
  in.text("chat_redirect_url", out.chatRedirectUrl);
  readList(in, "feeds", out.feeds, [](ObjectReader& item, FeedSeed& feed) { readFeed(item, feed); });
  in.choice("routing", out.routing);
  readMr(in.section("mr"), out.mr);
  in.integer("agent_task_limit", out.agentTaskLimit, 1, 100);
  std::int64_t avgHandleSeconds = out.avgHandleTime.count();
  if (in.integer("avg_handle_seconds", avgHandleSeconds, 1, 86400)) out.avgHandleTime = std::chrono::seconds(avgHandleSeconds);
  in.millis("request_expiry_ms", out.requestExpiry, 100, 86400000);
  readList(in, "campaigns", out.campaigns,
           [&](ObjectReader& item, CampaignSeed& campaign) { readCampaign(item, campaign, out.feeds); });
  readNotify(in.section("notify"), out.notify);
  std::set<std::string> agentNames;
  readList(in, "virtual_agents", out.virtualAgents,
           [&](ObjectReader& item, VirtualAgent& agent) { readVirtualAgent(item, agent, agentNames); });
}

// "line 3, column 14 (byte 37)" for the failing byte; columns count bytes.
std::string describeOffset(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t line = 1;
  std::size_t lineStart = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      lineStart = i + 1;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(offset - lineStart + 1) +
         " (byte " + std::to_string(offset) + ")";
}

json::value parseJson(std::string_view text, const std::string& sourceName) {
  json::stream_parser parser;
  json::error_code ec;
  // On failure write() returns the offset of the offending byte.
  std::size_t offset = parser.write(text.data(), text.size(), ec);
  if (!ec) {
    parser.finish(ec);
    offset = text.size();
  }
  if (ec)
    throw ConfigError(sourceName,
                      {describeOffset(text, offset) + ": invalid JSON: " + ec.message()});
  return parser.release();
}

std::string joinLines(const std::string& source, const std::vector<std::string>& errors) {
  std::string joined;
  for (const std::string& error : errors) {
    if (!joined.empty()) joined += '\n';
    joined += source + ": " + error;
  }
  return joined;
}

}  // namespace

ConfigError::ConfigError(const std::string& source, std::vector<std::string> errors)
    : std::runtime_error(joinLines(source, errors)), source_(source), errors_(std::move(errors)) {}

Config parseConfig(std::string_view text, const std::string& sourceName) {
  const json::value document = parseJson(text, sourceName);
  Config config = defaults();
  detail::Errors errors;
  readDocument(ObjectReader(&document, "", errors), config);
  if (!errors.empty()) throw ConfigError(sourceName, std::move(errors));
  return config;
}

Config loadConfigFile(const std::filesystem::path& file) {
  const std::string name = file.string();
  const auto fail = [&name](int error) {
    return ConfigError(name, {std::string("cannot read config file: ") + std::strerror(error)});
  };
  errno = 0;
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> stream(std::fopen(name.c_str(), "rb"),
                                                               &std::fclose);
  if (!stream) throw fail(errno);
  std::string text;
  char buffer[8192];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, stream.get())) > 0) text.append(buffer, n);
  // A directory opens fine and only fails here, with EISDIR.
  if (std::ferror(stream.get())) throw fail(errno);
  return parseConfig(text, name);
}

}  // namespace smfront::config
