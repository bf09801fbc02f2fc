#pragma once

// The server's SASL negotiation on one stream (RFC 6120 6.4), over parsed nonzas.
//
// Choices (spec bosh-xmpp 5): <abort/> answers <aborted/>; an <auth> while an exchange runs
// starts over; anything after success is <malformed-request/>. Each failure counts (an
// <abort/> too, so that a client cannot loop forever), and the
// maxFailures-th (default 3) sets closeStream so that the door follows the <failure/> with
// stream error policy-violation and closes.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xml/element.hpp"
#include "xmpp/server_mechanism.hpp"

namespace smfront::xmpp {

struct SaslServerOptions {
  /// Mechanisms offered, in the advertised order.
  std::vector<std::string> mechanisms = {std::string(mechanism::kScramSha256), std::string(mechanism::kScramSha1),
                                         std::string(mechanism::kPlain)};
  std::size_t maxFailures = 3;
};

/// What to send back for one client nonza.
struct SaslReply {
  enum class Outcome { Continue, Success, Failure };

  Outcome outcome = Outcome::Failure;
  /// The nonza to send: <challenge>, <success> or <failure>.
  std::string xml;
  /// Failure only.
  SaslCondition condition = SaslCondition::NotAuthorized;
  std::string reason;
  /// Failure only: too many failures; send stream error policy-violation and close.
  bool closeStream = false;
};

/// @brief The user name a client's <auth> claims before any check: PLAIN's authcid or
/// SCRAM's n= (unescaped); empty when there is none or it cannot be read. For throttling
/// failed logins by user name before a password is looked at.
std::string claimedUsername(const xml::Element& auth);

class SaslServer {
 public:
  explicit SaslServer(ServerContext context, SaslServerOptions options = {});

  /// @brief The mechanisms to advertise in <stream:features>.
  const std::vector<std::string>& mechanisms() const noexcept { return options_.mechanisms; }

  /// @brief Answers a client <auth>, <response> or <abort> (SASL namespace). Any other element
  /// is <malformed-request/>.
  SaslReply handle(const xml::Element& nonza);

  // The same, below XML. Payloads are raw bytes; nullopt initial response: none was sent.
  SaslReply start(std::string_view mechanism, std::optional<std::string_view> initialResponse);
  SaslReply respond(std::string_view data);
  SaslReply abort();

  bool authenticated() const noexcept { return !username_.empty(); }
  /// @brief The authenticated user name (the SCRAM/PLAIN authcid), empty before success.
  const std::string& username() const noexcept { return username_; }
  std::size_t failures() const noexcept { return failures_; }

 private:
  SaslReply fail(SaslCondition condition, std::string reason);
  SaslReply answer(const ServerStep& step);

  ServerContext context_;
  SaslServerOptions options_;
  std::unique_ptr<ServerMechanism> current_;
  std::string username_;
  std::size_t failures_ = 0;
};

}  // namespace smfront::xmpp
