#include "eventing/users.hpp"

#include <optional>

#include "core/records.hpp"
#include "eventing/stored_credentials.hpp"

namespace smfront::eventing {

namespace {

// A row is reused only when it verifies the configured password (an HMAC, not
// PBKDF2) and was derived with today's iteration count, so that raising the
// count upgrades every user at the next start.
std::optional<xmpp::UserCredentials> reusable(const core::Table& stored, const UserSeed& seed) {
  const auto row = stored.find(seed.name);
  if (row == stored.end()) return std::nullopt;
  auto credentials = decodeStoredCredentials(row->second);
  if (!credentials || credentials->username != seed.name) return std::nullopt;
  if (credentials->sha1.iterations != xmpp::kDefaultScramIterations ||
      credentials->sha256.iterations != xmpp::kDefaultScramIterations) {
    return std::nullopt;
  }
  if (!credentials->checkPassword(seed.password)) return std::nullopt;
  return credentials;
}

}  // namespace

UserDirectory::UserDirectory(const std::vector<UserSeed>& seeds) {
  for (const auto& seed : seeds) {
    UserAccount account{seed.name, seed.admin, seed.agent, xmpp::deriveUserCredentials(seed.name, seed.password)};
    users_.insert_or_assign(seed.name, std::move(account));
  }
}

UserDirectory::UserDirectory(const std::vector<UserSeed>& seeds, const core::Table& stored, core::Journal& journal) {
  for (const auto& seed : seeds) {
    auto credentials = reusable(stored, seed);
    if (credentials) {
      ++origins_.restored;
    } else {
      credentials = xmpp::deriveUserCredentials(seed.name, seed.password);
      journal.put(core::records::kUserCredentials, seed.name, encodeStoredCredentials(*credentials));
      ++origins_.derived;
    }
    users_.insert_or_assign(seed.name, UserAccount{seed.name, seed.admin, seed.agent, std::move(*credentials)});
  }
  for (const auto& [name, value] : stored) {
    if (users_.contains(name)) continue;
    journal.erase(core::records::kUserCredentials, name);
    ++origins_.erased;
  }
}

const UserAccount* UserDirectory::find(std::string_view name) const {
  const auto it = users_.find(name);
  return it == users_.end() ? nullptr : &it->second;
}

}  // namespace smfront::eventing
