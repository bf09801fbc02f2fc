#pragma once

#include "xmpp/client_mechanism.hpp"

namespace smfront::xmpp {

/// PLAIN (RFC 4616) client: "authzid NUL authcid NUL password" and nothing else.
class PlainClient final : public ClientMechanism {
 public:
  explicit PlainClient(ClientCredentials credentials) : credentials_(std::move(credentials)) {}

  std::string_view name() const noexcept override { return "PLAIN"; }
  std::string initialResponse() override;
  std::optional<std::string> challenge(std::string_view data) override;
  bool success(std::string_view data) override;
  const std::string& error() const noexcept override { return error_; }

 private:
  ClientCredentials credentials_;
  std::string error_;
};

}  // namespace smfront::xmpp
