#pragma once

// Choices: gs2 flag 'n' (no channel binding); user names are sent as given, without SASLprep;
// the server's iteration count must lie in [1, kMaxIterations] so that a hostile server cannot
// make the client spin; the server signature is verified whether it arrives in a final
// <challenge> or as the additional data of <success>, and success without it is refused.

#include <cstdint>

#include "xmpp/client_mechanism.hpp"

namespace smfront::xmpp {

/// SCRAM-SHA-1 / SCRAM-SHA-256 client (RFC 5802, RFC 7677).
class ScramClient final : public ClientMechanism {
 public:
  static constexpr std::uint32_t kMaxIterations = 1'000'000;

  ScramClient(HashAlgorithm algorithm, ClientCredentials credentials, NonceSource nonce = secureNonce);

  std::string_view name() const noexcept override;
  std::string initialResponse() override;
  std::optional<std::string> challenge(std::string_view data) override;
  bool success(std::string_view data) override;
  const std::string& error() const noexcept override { return error_; }

 private:
  std::optional<std::string> onServerFirst(std::string_view data);
  bool onServerFinal(std::string_view data);

  enum class State { Initial, SentFirst, SentFinal, Verified, Failed };

  HashAlgorithm algorithm_;
  ClientCredentials credentials_;
  NonceSource nonce_;
  State state_ = State::Initial;
  std::string gs2Header_;
  std::string clientNonce_;
  std::string clientFirstBare_;
  std::string expectedServerSignature_;
  std::string error_;
};

}  // namespace smfront::xmpp
