#pragma once

#include "xmpp/server_mechanism.hpp"

namespace smfront::xmpp {

/// PLAIN (RFC 4616): one message "authzid NUL authcid NUL password".
class PlainServer final : public ServerMechanism {
 public:
  explicit PlainServer(ServerContext context) : context_(std::move(context)) {}

  std::string_view name() const noexcept override { return "PLAIN"; }
  ServerStep step(std::string_view clientMessage) override;
  const std::string& username() const noexcept override { return username_; }

 private:
  ServerContext context_;
  std::string username_;
  bool done_ = false;
};

}  // namespace smfront::xmpp
