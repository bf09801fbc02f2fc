#include "support/prosody.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace smfront::testing {

namespace {
constexpr const char* kProsody = "/usr/bin/prosody";
constexpr const char* kProsodyctl = "/usr/bin/prosodyctl";
constexpr const char* kOpenssl = "/usr/bin/openssl";

std::string quoted(const std::filesystem::path& p) { return "\"" + p.string() + "\""; }
}  // namespace

bool prosodyInstalled() { return ::access(kProsody, X_OK) == 0 && ::access(kProsodyctl, X_OK) == 0; }

int freeLoopbackPort() {
  UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (!fd.valid() || ::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    throw std::runtime_error("no free loopback port");
  }
  return ntohs(addr.sin_port);
}

Prosody::Prosody(ProsodyOptions options) : options_(std::move(options)), dir_("smfront-prosody") {
  c2sPort_ = freeLoopbackPort();
  httpPort_ = freeLoopbackPort();
  std::filesystem::create_directories(dir_.file("data"));
  std::string output;
  const int status = runProgram({kOpenssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30", "-subj",
                                 "/CN=" + options_.certificateName, "-addext",
                                 "subjectAltName=DNS:" + options_.certificateName, "-keyout",
                                 dir_.file("server.key").string(), "-out", dir_.file("server.crt").string()},
                                std::chrono::seconds(30), &output);
  if (status != 0) throw std::runtime_error("openssl req failed: " + output);
  writeConfig();
}

Prosody::~Prosody() {
  if (process_) stop();
}

void Prosody::writeConfig() {
  const auto dir = dir_.path();
  std::string modules = R"("roster"; "saslauth"; "tls"; "disco"; "ping"; "posix"; "offline";)";
  for (const auto& m : options_.extraModules) modules += " \"" + m + "\";";
  std::string cfg;
  cfg += "pidfile = " + quoted(dir / "prosody.pid") + "\n";
  cfg += "data_path = " + quoted(dir / "data") + "\n";
  if (::geteuid() == 0) cfg += "run_as_root = true\n";
  cfg += "daemonize = false\n";
  cfg += "log = { { levels = { min = \"info\" }, to = \"console\" } }\n";
  cfg += "interfaces = { \"127.0.0.1\" }\n";
  cfg += "c2s_ports = { " + std::to_string(c2sPort_) + " }\n";
  cfg += "s2s_ports = { }\n";
  cfg += "http_ports = { " + std::to_string(httpPort_) + " }\nhttp_interfaces = { \"127.0.0.1\" }\nhttps_ports = { }\n";
  cfg += "modules_enabled = { " + modules + " }\n";
  cfg += "modules_disabled = { \"s2s\" }\n";
  cfg += "authentication = \"internal_plain\"\nallow_unencrypted_plain_auth = true\n";
  cfg += std::string("c2s_require_encryption = ") + (options_.requireEncryption ? "true" : "false") + "\n";
  cfg += "VirtualHost \"" + options_.domain + "\"\n";
  cfg += "  ssl = { key = " + quoted(dir / "server.key") + "; certificate = " + quoted(dir / "server.crt") + " }\n";
  writeFile(configFile(), cfg);
}

void Prosody::start(std::chrono::milliseconds deadline) {
  if (process_) return;
  SmfrontOptions options;
  options.binary = kProsody;
  options.extraArgs = {"-F", "--config", configFile().string()};
  process_ = std::make_unique<SmfrontProcess>(std::move(options));
  process_->spawn();
  // Prosody logs each service it activates; c2s is the one the tests need.
  const auto end = std::chrono::steady_clock::now() + deadline;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
    auto line = left.count() > 0 ? process_->readStdoutLine(left) : std::nullopt;
    if (!line) {
      const std::string why = process_->stderrTail() ;
      process_->signalAndWait(SIGKILL, std::chrono::seconds(5));
      process_.reset();
      throw std::runtime_error("prosody did not activate c2s: " + why);
    }
    previousLogs_ += *line + "\n";
    if (line->find("Activated service 'c2s'") != std::string::npos) return;
  }
}

void Prosody::stop() {
  if (!process_) return;
  if (process_->signalAndWait(SIGTERM, std::chrono::seconds(10)) < 0) {
    process_->signalAndWait(SIGKILL, std::chrono::seconds(5));
  }
  previousLogs_ += process_->stderrLog();
  process_.reset();
}

void Prosody::addUser(const std::string& user, const std::string& password) {
  std::string output;
  const int status = runProgram({kProsodyctl, "--config", configFile().string(), "register", user, options_.domain, password},
                                std::chrono::seconds(30), &output);
  if (status != 0) throw std::runtime_error("prosodyctl register " + user + " failed: " + output);
}

pid_t Prosody::pid() const { return process_ ? process_->pid() : -1; }

std::string Prosody::log() const { return previousLogs_ + (process_ ? process_->stderrLog() : std::string()); }

}  // namespace smfront::testing
