#pragma once

// The client side of one BOSH session as an agent console drives it (XEP-0124/0206,
// spec bosh-xmpp.md §3-5): create, SASL, restart, bind, session, initial presence. Pure:
// it turns response bodies into the next request body and knows nothing of sockets or
// clocks, so the load driver decides when and on which connection a body goes out.
//
// The login is a chain of round trips. After bind and the session IQ the client sends its
// initial presence together with a ping to the domain in one body: the ping's result can
// only come after the presence was processed, so it marks the session as established
// without waiting for whatever else (or nothing) the server answers to a presence.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "xml/element.hpp"
#include "xmpp/client_mechanism.hpp"

namespace boshload {

struct Login {
  std::string domain;     ///< to='...' and the JID domain
  std::string user;       ///< local part
  std::string password;
  std::string mechanism;  ///< PLAIN, SCRAM-SHA-1 or SCRAM-SHA-256
  std::string resource;   ///< bind this resource
  std::uint64_t firstRid = 1;
};

class BoshClient {
 public:
  enum class State { Creating, Authenticating, Restarting, Binding, Starting, Presence, Established, Failed };

  explicit BoshClient(Login login);

  State state() const noexcept { return state_; }
  bool established() const noexcept { return state_ == State::Established; }
  bool failed() const noexcept { return state_ == State::Failed; }
  const std::string& error() const noexcept { return error_; }
  const std::string& jid() const noexcept { return jid_; }
  const std::string& user() const noexcept { return login_.user; }

  /// @brief The next request body: the creation request first, then each rid in turn,
  /// carrying whatever was queued (possibly nothing: an empty poll).
  std::string nextBody();

  /// @brief Queues stanzas (serialized XML in jabber:client) for the next body.
  void queue(std::string_view stanzas) { pending_ += stanzas; }

  /// @brief Handles one response body; stanzas other than the login's go to onStanza.
  void onResponse(std::string_view body);

  /// Called for every stanza that is not part of the login (messages, IQ results, presence).
  std::function<void(const smfront::xml::Element&)> onStanza;

 private:
  void fail(std::string why);
  void handleFeatures(const smfront::xml::Element& features);
  void handleStanza(const smfront::xml::Element& stanza);

  Login login_;
  State state_ = State::Creating;
  std::uint64_t rid_;
  std::string sid_;
  std::string pending_;
  bool restartNext_ = false;
  bool created_ = false;
  std::unique_ptr<smfront::xmpp::ClientMechanism> sasl_;
  std::string jid_;
  std::string error_;
};

}  // namespace boshload
