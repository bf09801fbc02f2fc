#pragma once
// HTTP Basic authentication against the configured accounts, through the
// shared throttle for failed logins (security/login_throttle.hpp).
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "net/http_message.hpp"

namespace smfront::security {
class LoginThrottle;
}
namespace smfront::telemetry {
class Counter;
class RateLimitedLog;
}

namespace smfront::api {

struct Account {
  std::string name;
  std::string password;
  bool admin = false;
  bool agent = false;
};

/// Where failed logins are counted and refused; all optional (unit tests).
struct LoginDefence {
  std::shared_ptr<security::LoginThrottle> throttle{};
  telemetry::Counter* failures = nullptr;  // wrong or unknown credentials
  telemetry::Counter* refused = nullptr;   // answered 429 without a check
};

/// The caller's account, or the answer to send instead: 401 (no or wrong
/// credentials) or 429 with Retry-After (too many failed logins lately).
using Authentication = std::variant<Account, net::Response>;

class Accounts {
 public:
  explicit Accounts(std::vector<Account> accounts, LoginDefence defence = {});
  ~Accounts();
  Accounts(Accounts&&) noexcept;
  Accounts& operator=(Accounts&&) noexcept;

  Authentication authenticate(const net::Request& request) const;

 private:
  const Account* match(std::string_view name, std::string_view password) const;

  std::vector<Account> accounts_;
  LoginDefence defence_;
  std::unique_ptr<telemetry::RateLimitedLog> refusalLog_;
};

/// The 401 that asks for credentials, with SocialMiner's notAuthorized body.
net::Response notAuthorized();
/// The 403 for a known account without the role.
net::Response forbidden(std::string_view what);
/// The 429 for a client that must wait @p seconds before its next login.
net::Response tooManyFailedLogins(long long seconds);

/// Decodes standard base64; nothing when the text is not base64.
std::optional<std::string> decodeBase64(std::string_view text);

}  // namespace smfront::api
