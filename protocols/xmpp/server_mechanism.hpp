#pragma once

// The server side of one SASL exchange, independent of XML: client messages in, the next
// challenge, success or failure out. SaslServer (sasl_server.hpp) wraps it in nonzas.

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "xmpp/credentials.hpp"
#include "xmpp/crypto.hpp"
#include "xmpp/sasl.hpp"

namespace smfront::xmpp {

/// One answer of a server mechanism.
struct ServerStep {
  enum class Kind { Challenge, Success, Failure };

  Kind kind = Kind::Failure;
  /// Challenge data, or the additional data of success (SCRAM's "v=..."); raw bytes.
  std::string data;
  /// Failure only.
  SaslCondition condition = SaslCondition::NotAuthorized;
  /// Failure only: for the log. Never tells a client whether the user exists.
  std::string reason;

  static ServerStep challenge(std::string data) { return {Kind::Challenge, std::move(data), {}, {}}; }
  static ServerStep success(std::string data) { return {Kind::Success, std::move(data), {}, {}}; }
  static ServerStep failure(SaslCondition condition, std::string reason) {
    return {Kind::Failure, {}, condition, std::move(reason)};
  }
};

/// Finds a user's verifiers by the name the client authenticated as (exactly as sent, after
/// SCRAM unescaping); nullptr when unknown. The pointer is read during the call only.
using CredentialLookup = std::function<const UserCredentials*(std::string_view username)>;

/// What every server mechanism needs.
struct ServerContext {
  /// The XMPP domain, for authzid checks: an authzid must be empty or "user@domain".
  std::string domain;
  CredentialLookup lookup;
  /// Server nonce part of SCRAM (appended to the client's).
  NonceSource nonce = secureNonce;
  /// Secret keying the made-up salts SCRAM shows for unknown users; set it to random bytes
  /// once per process so that outsiders cannot tell a made-up salt from a real one.
  std::string unknownUserKey;
};

class ServerMechanism {
 public:
  virtual ~ServerMechanism() = default;
  virtual std::string_view name() const noexcept = 0;
  /// @brief Consumes the next client message (the initial response first) and answers it.
  /// After Success or Failure the exchange is over and further calls fail.
  virtual ServerStep step(std::string_view clientMessage) = 0;
  /// @brief The authenticated user name once step() returned Success, else empty.
  virtual const std::string& username() const noexcept = 0;
};

/// @brief The mechanism named @p name, or nullptr when it is not one of PLAIN, SCRAM-SHA-1,
/// SCRAM-SHA-256. @p context is copied.
std::unique_ptr<ServerMechanism> makeServerMechanism(std::string_view name, const ServerContext& context);

/// @brief Whether @p authzid may be used by @p username: empty, or the user's bare JID.
bool authzidAllowed(std::string_view authzid, std::string_view username, std::string_view domain);

}  // namespace smfront::xmpp
