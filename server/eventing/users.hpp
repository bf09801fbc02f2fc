#pragma once
// The accounts that may log in over BOSH, with their SCRAM and PLAIN verifiers.
// PBKDF2 is slow on purpose and must not run per login; it need not run per
// start either, so the verifiers are kept in the store and derived again only
// for a user whose configured password changed.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/journal.hpp"
#include "core/store.hpp"
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

/// Where the verifiers of the configured users came from at start.
struct CredentialOrigins {
  std::size_t restored = 0;  ///< stored ones that still match the configured password
  std::size_t derived = 0;   ///< new users, changed passwords, unreadable rows
  std::size_t erased = 0;    ///< stored rows of users no longer configured
};

class UserDirectory {
 public:
  UserDirectory() = default;
  /// Derives every user's verifiers with fresh salts.
  explicit UserDirectory(const std::vector<UserSeed>& seeds);
  /// Reuses the rows of @p stored (table core::records::kUserCredentials) that
  /// still verify their user's configured password, derives the others, and
  /// records in @p journal the rows to write (derived) and to remove (users
  /// no longer configured).
  UserDirectory(const std::vector<UserSeed>& seeds, const core::Table& stored, core::Journal& journal);

  /// The account named exactly @p name, or nullptr.
  const UserAccount* find(std::string_view name) const;
  std::size_t size() const { return users_.size(); }
  const CredentialOrigins& origins() const { return origins_; }

 private:
  std::map<std::string, UserAccount, std::less<>> users_;
  CredentialOrigins origins_;
};

}  // namespace smfront::eventing
