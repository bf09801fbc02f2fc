#pragma once

// The client side of one SASL exchange, independent of XML, and the choice among what a
// server offers.
//
// Choice order (spec bosh-xmpp 9): SCRAM-SHA-256, SCRAM-SHA-1, PLAIN; PLAIN only when the
// stream is encrypted or the caller explicitly allows it in clear text.

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "xmpp/crypto.hpp"

namespace smfront::xmpp {

struct ClientCredentials {
  std::string username;
  std::string password;
  /// Empty: act as the authenticated user (the usual case).
  std::string authzid;
};

class ClientMechanism {
 public:
  virtual ~ClientMechanism() = default;
  virtual std::string_view name() const noexcept = 0;
  /// @brief The initial response sent inside <auth> (all mechanisms here are client-first).
  virtual std::string initialResponse() = 0;
  /// @brief The response to a server challenge; nullopt when the challenge is unacceptable
  /// (see error()), and the client should abort.
  virtual std::optional<std::string> challenge(std::string_view data) = 0;
  /// @brief Checks the additional data of <success> (may be empty); false means the server
  /// did not prove it knows the credentials, which is an authentication failure.
  virtual bool success(std::string_view data) = 0;
  /// @brief Why the last call failed.
  virtual const std::string& error() const noexcept = 0;
};

/// @brief A client for @p name (PLAIN, SCRAM-SHA-1, SCRAM-SHA-256), or nullptr.
std::unique_ptr<ClientMechanism> makeClientMechanism(std::string_view name, const ClientCredentials& credentials,
                                                     NonceSource nonce = secureNonce);

/// Outcome of chooseMechanism.
struct MechanismChoice {
  /// Empty when nothing offered is acceptable.
  std::string name;
  /// True when nothing was chosen only because PLAIN needs TLS.
  bool plainRefusedWithoutTls = false;
};

/// @brief Picks the best of @p offered by the order above.
MechanismChoice chooseMechanism(std::span<const std::string> offered, bool encrypted, bool allowPlainWithoutTls);

}  // namespace smfront::xmpp
