#pragma once

// Choices: gs2 flags 'n' and 'y' are accepted (this server offers no -PLUS mechanism, so 'y'
// is no downgrade), 'p=' is <malformed-request/>; mandatory extensions ("m=") are
// <malformed-request/>; a channel-binding value or nonce in the final message that does not
// match the exchange, like a bad proof, is <not-authorized/>. An unknown user is given a
// challenge with a salt derived from the name, so that the first answer does not tell which
// users exist; the exchange then fails at the proof like a wrong password.

#include "xmpp/server_mechanism.hpp"

namespace smfront::xmpp {

/// SCRAM-SHA-1 / SCRAM-SHA-256 server (RFC 5802, RFC 7677), without channel binding.
class ScramServer final : public ServerMechanism {
 public:
  ScramServer(HashAlgorithm algorithm, ServerContext context);

  std::string_view name() const noexcept override;
  ServerStep step(std::string_view clientMessage) override;
  const std::string& username() const noexcept override { return username_; }

 private:
  ServerStep onClientFirst(std::string_view message);
  ServerStep onClientFinal(std::string_view message);

  enum class State { ClientFirst, ClientFinal, Done };

  HashAlgorithm algorithm_;
  ServerContext context_;
  State state_ = State::ClientFirst;
  bool knownUser_ = false;
  ScramCredentials credentials_;
  std::string candidate_;  // user name claimed in client-first
  std::string authzid_;
  std::string gs2Header_;
  std::string clientFirstBare_;
  std::string serverFirst_;
  std::string nonce_;
  std::string username_;  // set on success only
};

}  // namespace smfront::xmpp
