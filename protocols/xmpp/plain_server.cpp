#include "xmpp/plain_server.hpp"

namespace smfront::xmpp {

ServerStep PlainServer::step(std::string_view message) {
  if (done_) return ServerStep::failure(SaslCondition::MalformedRequest, "exchange already finished");
  done_ = true;
  const std::size_t first = message.find('\0');
  const std::size_t second = first == std::string_view::npos ? first : message.find('\0', first + 1);
  if (second == std::string_view::npos || message.find('\0', second + 1) != std::string_view::npos) {
    return ServerStep::failure(SaslCondition::MalformedRequest, "PLAIN message is not authzid\\0authcid\\0passwd");
  }
  const std::string_view authzid = message.substr(0, first);
  const std::string_view authcid = message.substr(first + 1, second - first - 1);
  const std::string_view password = message.substr(second + 1);
  if (authcid.empty() || password.empty()) {
    return ServerStep::failure(SaslCondition::MalformedRequest, "PLAIN with empty user name or password");
  }
  const UserCredentials* user = context_.lookup ? context_.lookup(authcid) : nullptr;
  if (user == nullptr || !user->checkPassword(password)) {
    return ServerStep::failure(SaslCondition::NotAuthorized, "bad user name or password");
  }
  if (!authzidAllowed(authzid, authcid, context_.domain)) {
    return ServerStep::failure(SaslCondition::InvalidAuthzid, "authzid is not the user's bare JID");
  }
  username_ = std::string(authcid);
  return ServerStep::success({});
}

}  // namespace smfront::xmpp
