#pragma once
// The accounts that may log in over BOSH, with the SCRAM and PLAIN verifiers
// derived once at start (PBKDF2 is slow on purpose and must not run per login).
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "xmpp/credentials.hpp"

namespace smfront::eventing {

struct UserAccount {
  std::string name;
  bool admin = false;
  bool agent = false;
  xmpp::UserCredentials credentials;

  /// Rooms and pubsub are for people who handle contacts.
  bool handlesContacts() const { return admin || agent; }
};

/// One configured user before derivation.
struct UserSeed {
  std::string name;
  std::string password;
  bool admin = false;
  bool agent = false;
};

class UserDirectory {
 public:
  UserDirectory() = default;
  /// Derives every user's verifiers with fresh salts.
  explicit UserDirectory(const std::vector<UserSeed>& seeds);

  /// The account named exactly @p name, or nullptr.
  const UserAccount* find(std::string_view name) const;
  std::size_t size() const { return users_.size(); }

 private:
  std::map<std::string, UserAccount, std::less<>> users_;
};

}  // namespace smfront::eventing
