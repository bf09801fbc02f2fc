#pragma once

// The typed server configuration. Every member's initializer is the embedded
// default, so a default-constructed Config is what runs with no file at all.
// Kept free of JSON headers because nearly every part of the server includes it;
// reading and printing live in config_loader.hpp and config_printer.hpp.

#include <boost/describe/enum.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/limits.hpp"

namespace smfront::config {

// The settings that take one of a few words (config/choice.hpp spells them).
enum class StoreKind { Sqlite, Memory };  // <dataDir>/smfront.db, or lost at exit
BOOST_DESCRIBE_ENUM(StoreKind, Sqlite, Memory)
enum class StoreSync { Full, Process };   // each commit synced to disk, or in the file (safe from kill -9)
BOOST_DESCRIBE_ENUM(StoreSync, Full, Process)
enum class StatusAccess { LoopbackOrAdmin, Admin, Anyone };  // who may read /ccp/status and /metrics
BOOST_DESCRIBE_ENUM(StatusAccess, LoopbackOrAdmin, Admin, Anyone)
enum class XmppTls { Required, Optional };  // optional: STARTTLS when offered
BOOST_DESCRIBE_ENUM(XmppTls, Required, Optional)
enum class Routing { Internal, Mr };  // the built-in router, or CCE over the Media Routing link
BOOST_DESCRIBE_ENUM(Routing, Internal, Mr)

// Addresses and ports of the five doors. Port 0 asks the OS for any free port,
// which tests use to run several servers side by side.
struct Listeners {
  std::string bind = "0.0.0.0";
  std::uint16_t http = 80;
  std::uint16_t https = 443;
  std::uint16_t bosh = 7071;
  std::uint16_t boshs = 7443;
  std::uint16_t mr = 38001;

  bool operator==(const Listeners&) const = default;
};

// Empty paths mean the development certificate under server.dataDir;
// use certFile()/keyFile() below rather than reading these directly.
struct Tls {
  std::filesystem::path cert;
  std::filesystem::path key;

  bool operator==(const Tls&) const = default;
};

struct Server {
  std::string fqdn = "localhost";
  unsigned threads = 0;  // 0 = one per core
  std::filesystem::path dataDir = "data";  // relative to the working directory
  std::filesystem::path webRoot = "web";
  std::chrono::milliseconds shutdownGrace{5000};
  StoreKind store = StoreKind::Sqlite;
  StoreSync storeSync = StoreSync::Full;
  // Free space the store keeps on its disk: below it, changes are refused before they
  // are made, so a filling disk never leaves a change made in memory but not stored.
  unsigned storeMinFreeMb = 64;  // 0: no reserve
  // Finished contacts older than this are deleted; 0 keeps them forever. Bounded
  // by default: a lab box left open would otherwise grow its data file for ever.
  unsigned retentionDays = 30;
  StatusAccess statusAccess = StatusAccess::LoopbackOrAdmin;

  bool operator==(const Server&) const = default;
};

// BOSH session limits (spec bosh-xmpp §3).
struct Bosh {
  std::chrono::seconds maxWait{60};     // ceiling on a client's `wait`
  std::chrono::seconds inactivity{60};  // a session with nothing held is gone after this
  bool allowPlainCleartext = false;     // offer SASL PLAIN on the plain door (7071) too

  bool operator==(const Bosh&) const = default;
};

struct Http {
  std::size_t maxHeaderBytes = 8192;
  // The largest customer body is a chat message of limits.chat_message_chars (10,000)
  // characters, about 120 KB when every character is escaped.
  std::size_t maxBodyBytes = 131072;
  std::chrono::milliseconds readTimeout{10000};   // whole request
  std::chrono::milliseconds idleTimeout{60000};   // keep-alive with no request
  std::size_t maxConnections = 10000;             // per door

  bool operator==(const Http&) const = default;
};

enum class LogLevel { Trace, Debug, Info, Warn, Error, Critical, Off };
BOOST_DESCRIBE_ENUM(LogLevel, Trace, Debug, Info, Warn, Error, Critical, Off)

struct Log {
  LogLevel level = LogLevel::Info;
  // "stderr", "stdout", "off" or a file path; one line per HTTP request.
  std::string access = "stderr";
  // Query values in access-log lines; off, they show as "*" (keys kept).
  bool accessQueryValues = false;

  bool operator==(const Log&) const = default;
};

struct User {
  std::string name;  // also the XMPP localpart, hence the restricted alphabet
  std::string password;
  bool admin = false;
  bool agent = false;

  bool operator==(const User&) const = default;
};

// A feed created at start, before any API call; ids follow the list order
// from 100000, so a demo page can name feed 100000.
struct FeedSeed {
  std::string name;
  std::string description;
  int type = 8;  // 7 push, 8 chat, 10 callback, 12 task
  std::vector<std::string> tags;
  std::int64_t chatJoinTimeoutS = 60;
  std::int64_t chatInactivityTimeoutS = 300;
  bool mrRouting = false;  // chats routed through CCE when routing = mr (the Feed's mrRouting)

  bool operator==(const FeedSeed&) const = default;
};

// A campaign created at start, over seeded feeds named by their names.
struct CampaignSeed {
  std::string name;
  std::string publicId;  // empty: derived from the name
  std::string description;
  std::vector<std::string> feeds;  // names of entries of `feeds`

  bool operator==(const CampaignSeed&) const = default;
};

// A lab agent that takes chats by itself (off unless listed).
struct VirtualAgent {
  std::string name;  // shown in rooms ("Vera"); its user name is userNameOf(name) ("vera")
  std::chrono::milliseconds joinAfter{2000};
  std::string greeting = "Hello! How can I help you?";
  std::string mode = "echo";
  std::chrono::milliseconds handleTime{5000};  // a callback or task, from assignment to handled

  bool operator==(const VirtualAgent&) const = default;
};

// The outbound XMPP client (spec bosh-xmpp 9). The server and account seed the
// record of /ccp-webapp/ccp/xmpp/default, which wins once stored; TLS and the
// timing are this file's alone.
struct XmppNotifier {
  bool enabled = false;
  std::string host = "127.0.0.1";
  std::uint16_t port = 5222;
  std::string service = "localhost";  // the XMPP domain (and the name the certificate must carry)
  bool serviceLookup = false;         // DNS SRV _xmpp-client._tcp.<service>, then host/port
  std::string username = "smfront";
  std::string password;
  std::string resource = "smfront";
  XmppTls tls = XmppTls::Required;
  bool tlsVerify = true;
  std::filesystem::path caFile;       // empty: the system's CAs
  bool allowPlainCleartext = false;
  std::chrono::milliseconds backoffInitial{1000};
  std::chrono::milliseconds backoffMax{60000};
  std::chrono::milliseconds authRetry{60000};
  std::chrono::milliseconds connectTimeout{20000};
  std::chrono::milliseconds pingIdle{60000};
  std::chrono::milliseconds pingTimeout{20000};

  bool operator==(const XmppNotifier&) const = default;
};

// HTTP notification delivery: retries on the rule's URL, then its alternate.
struct HttpNotify {
  std::vector<std::chrono::milliseconds> retryDelays{std::chrono::milliseconds(1000), std::chrono::milliseconds(5000),
                                                     std::chrono::milliseconds(25000)};
  std::chrono::milliseconds timeout{10000};

  bool operator==(const HttpNotify&) const = default;
};

struct Notify {
  XmppNotifier xmpp;
  HttpNotify http;

  bool operator==(const Notify&) const = default;
};

// The Media Routing link to CCE (the MR PG connects to listeners.mr); used with
// routing = "mr".
struct MrLink {
  bool tls = false;                        // TLS on the MR port, with the server certificate
  // PEM CA certificates: when set (implies tls), a PG must present a certificate
  // signed by one of them or the TLS handshake fails, before any MR message.
  std::filesystem::path tlsClientCa;
  // PG addresses allowed to connect; empty = any, which is refused at start
  // unless listeners.bind is a loopback address.
  std::vector<std::string> allowedPeers;
  int floatWidth = 2;                      // floating fields: 2 = tag u16 + length u16, 1 = u8 + u8
  std::uint32_t mrdCallback = 1;           // MRDomainID per source type
  std::uint32_t mrdTask = 2;
  std::uint32_t mrdChat = 3;
  std::string defaultScriptSelector = "Default";  // when the contact names none
  std::chrono::seconds retryDelay{10};     // resend after E_ROUTING_NOT_AVAILABLE
  std::chrono::seconds newTaskTimeout{0};  // an unanswered NEW_TASK is cancelled after this; 0 = never
  std::chrono::seconds taskLife{120};      // MRD taskLife: longer link losses requeue reserved tasks

  bool operator==(const MrLink&) const = default;
};

struct Config {
  Listeners listeners;
  Tls tls;
  std::string xmppDomain = "localhost";
  Server server;
  Http http;
  Bosh bosh;
  Limits limits;
  Log log;
  std::vector<User> users;
  // Scheme and host for the URLs the server writes (Location, refURL); empty:
  // the door's scheme on server.fqdn and the door's port. Never the request's Host.
  std::string publicBaseUrl;
  // Origins allowed for credentialed CORS besides smfront's own pages; "*"
  // allows any (but never "null").
  std::vector<std::string> corsOrigins;
  // Where the redirect and form styles of chat creation send the browser;
  // empty: <base>/chat.html?resume=1.
  std::string chatRedirectUrl;
  std::vector<FeedSeed> feeds;
  std::vector<CampaignSeed> campaigns;
  std::vector<VirtualAgent> virtualAgents;
  Routing routing = Routing::Internal;  // who routes callbacks, tasks (and chats with mr_routing)
  MrLink mr;
  std::size_t agentTaskLimit = 1;                 // contacts an agent holds at once
  std::chrono::seconds avgHandleTime{120};        // wait estimates until handle times are measured
  std::chrono::milliseconds requestExpiry{300000};  // a callback/task resource without a poll is gone
  Notify notify;

  bool operator==(const Config&) const = default;
};

// The embedded defaults.
Config defaults();

// Certificate and key actually used: the configured paths, or the development
// pair <dataDir>/certs/server.crt and server.key when both are empty.
std::filesystem::path certFile(const Config& config);
std::filesystem::path keyFile(const Config& config);

// Names as written in the file and on the command line ("info", "warn", ...).
// "trace, debug, info, warn, error, critical, off" for error messages.


}  // namespace smfront::config
