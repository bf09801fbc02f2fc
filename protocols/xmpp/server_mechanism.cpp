#include "xmpp/server_mechanism.hpp"

#include "xmpp/jid.hpp"
#include "xmpp/plain_server.hpp"
#include "xmpp/scram_messages.hpp"
#include "xmpp/scram_server.hpp"

namespace smfront::xmpp {

std::unique_ptr<ServerMechanism> makeServerMechanism(std::string_view name, const ServerContext& context) {
  if (name == mechanism::kPlain) return std::make_unique<PlainServer>(context);
  if (const auto algorithm = scram::algorithmOf(name)) return std::make_unique<ScramServer>(*algorithm, context);
  return nullptr;
}

bool authzidAllowed(std::string_view authzid, std::string_view username, std::string_view domain) {
  if (authzid.empty()) return true;
  const auto requested = Jid::parse(authzid);
  const auto own = Jid::make(username, domain);
  return requested && own && requested->isBare() && *requested == *own;
}

}  // namespace smfront::xmpp
