#include "eventing/users.hpp"

namespace smfront::eventing {

UserDirectory::UserDirectory(const std::vector<UserSeed>& seeds) {
  for (const auto& seed : seeds) {
    UserAccount account{seed.name, seed.admin, seed.agent, xmpp::deriveUserCredentials(seed.name, seed.password)};
    users_.insert_or_assign(seed.name, std::move(account));
  }
}

const UserAccount* UserDirectory::find(std::string_view name) const {
  const auto it = users_.find(name);
  return it == users_.end() ? nullptr : &it->second;
}

}  // namespace smfront::eventing
