#include "xmpp/client_mechanism.hpp"

#include <algorithm>
#include <array>

#include "xmpp/plain_client.hpp"
#include "xmpp/sasl.hpp"
#include "xmpp/scram_client.hpp"
#include "xmpp/scram_messages.hpp"

namespace smfront::xmpp {

std::unique_ptr<ClientMechanism> makeClientMechanism(std::string_view name, const ClientCredentials& credentials,
                                                     NonceSource nonce) {
  if (name == mechanism::kPlain) return std::make_unique<PlainClient>(credentials);
  if (const auto algorithm = scram::algorithmOf(name)) {
    return std::make_unique<ScramClient>(*algorithm, credentials, std::move(nonce));
  }
  return nullptr;
}

MechanismChoice chooseMechanism(std::span<const std::string> offered, bool encrypted, bool allowPlainWithoutTls) {
  const auto isOffered = [&](std::string_view name) {
    return std::find(offered.begin(), offered.end(), name) != offered.end();
  };
  for (const std::string_view name : {mechanism::kScramSha256, mechanism::kScramSha1}) {
    if (isOffered(name)) return {std::string(name), false};
  }
  if (isOffered(mechanism::kPlain)) {
    if (encrypted || allowPlainWithoutTls) return {std::string(mechanism::kPlain), false};
    return {{}, true};
  }
  return {};
}

}  // namespace smfront::xmpp
