#include "api/auth.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <chrono>

#include "api/api_error.hpp"
#include "security/client_key.hpp"
#include "security/login_throttle.hpp"
#include "telemetry/metrics.hpp"
#include "telemetry/rate_limited_log.hpp"

namespace smfront::api {

std::optional<std::string> decodeBase64(std::string_view text) {
  if (text.size() % 4 != 0 || text.size() > 4096) return std::nullopt;
  std::string out(text.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  // EVP_DecodeBlock counts the padding as data: drop one byte per '='.
  std::size_t size = static_cast<std::size_t>(n);
  for (auto it = text.rbegin(); it != text.rend() && *it == '='; ++it) --size;
  out.resize(size);
  return out;
}

Accounts::Accounts(std::vector<Account> accounts, LoginDefence defence)
    : accounts_(std::move(accounts)),
      defence_(std::move(defence)),
      refusalLog_(std::make_unique<telemetry::RateLimitedLog>()) {}

Accounts::~Accounts() = default;
Accounts::Accounts(Accounts&&) noexcept = default;
Accounts& Accounts::operator=(Accounts&&) noexcept = default;

const Account* Accounts::match(std::string_view name, std::string_view password) const {
  for (const auto& account : accounts_) {
    // Constant-time on the password, so timing does not tell how much matched.
    if (account.name == name && account.password.size() == password.size() &&
        CRYPTO_memcmp(account.password.data(), password.data(), password.size()) == 0) {
      return &account;
    }
  }
  return nullptr;
}

Authentication Accounts::authenticate(const net::Request& request) const {
  const auto header = request.headers.get("Authorization");
  constexpr std::string_view scheme = "Basic ";
  if (header.empty()) return notAuthorized();  // a challenge, not a failed login
  std::string_view name;
  std::string_view password;
  const auto decoded = header.size() > scheme.size() && net::equalsIgnoreCase(header.substr(0, scheme.size()), scheme)
                           ? decodeBase64(header.substr(scheme.size()))
                           : std::nullopt;
  const auto colon = decoded ? decoded->find(':') : std::string::npos;
  if (colon != std::string::npos) {
    name = std::string_view(*decoded).substr(0, colon);
    password = std::string_view(*decoded).substr(colon + 1);
  }
  const std::string address = security::clientKey(request.remoteAddress);
  const auto now = std::chrono::steady_clock::now();
  if (defence_.throttle) {
    const auto wait = defence_.throttle->wait(address, name, now);
    if (wait.count() > 0) {
      if (defence_.refused != nullptr) defence_.refused->inc();
      (*refusalLog_)("http: failed logins from {} (user '{}') are throttled", request.remoteAddress, name);
      return tooManyFailedLogins(std::chrono::ceil<std::chrono::seconds>(wait).count());
    }
  }
  const Account* account = colon == std::string::npos ? nullptr : match(name, password);
  if (account == nullptr) {
    if (defence_.throttle) defence_.throttle->failed(address, name, now);
    if (defence_.failures != nullptr) defence_.failures->inc();
    return notAuthorized();
  }
  if (defence_.throttle) defence_.throttle->succeeded(address, name);
  return *account;
}

net::Response notAuthorized() {
  auto r = apiError(401, "notAuthorized", "Authorization", "valid HTTP Basic credentials are required");
  r.headers.set("WWW-Authenticate", "Basic realm=\"smfront\"");
  return r;
}

net::Response forbidden(std::string_view what) {
  return apiError(403, "forbidden", {}, "this account may not " + std::string(what));
}

net::Response tooManyFailedLogins(long long seconds) {
  const std::string wait = std::to_string(std::max(1LL, seconds));
  auto r = apiError(429, "tooManyRequests", "Authorization",
                    "too many failed logins from this address or for this user; retry after " + wait + " s");
  r.headers.set("Retry-After", wait);
  return r;
}

}  // namespace smfront::api
