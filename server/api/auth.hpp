#pragma once
// HTTP Basic authentication against the configured accounts.
#include <optional>
#include <string>
#include <vector>

#include "net/http_message.hpp"

namespace smfront::api {

struct Account {
  std::string name;
  std::string password;
  bool admin = false;
  bool agent = false;
};

class Accounts {
 public:
  explicit Accounts(std::vector<Account> accounts) : accounts_(std::move(accounts)) {}
  /// The account whose Basic credentials the request carries, if they are right.
  std::optional<Account> authenticate(const net::Request& request) const;

 private:
  std::vector<Account> accounts_;
};

/// The 401 that asks for credentials, with SocialMiner's notAuthorized body.
net::Response notAuthorized();
/// The 403 for a known account without the role.
net::Response forbidden(std::string_view what);

/// Decodes standard base64; nothing when the text is not base64.
std::optional<std::string> decodeBase64(std::string_view text);

}  // namespace smfront::api
