#pragma once

// The outbound c2s client (spec bosh-xmpp 9) as a pure machine: bytes from the server go in,
// bytes to send and events come out. The I/O layer owns the socket, TLS and every timer.
//
//   ClientStream c(options);
//   c.start();                        // stream header to send
//   loop: write(c.takeOutput()); handle(c.takeEvents()); n = c.receive(bytesRead);
//   on event::StartTls: do the TLS handshake on the same socket (bytes past n, if any,
//                       belong to TLS), then c.tlsEstablished()
//   idle 60 s: c.ping(); no event::Pong for that id within 20 s: reconnect
//
// Choices where the spec leaves room:
// - STARTTLS is used whenever offered; requireTls turns its absence into TlsRequired.
// - SCRAM-SHA-256 > SCRAM-SHA-1 > PLAIN, PLAIN only under TLS unless allowPlainWithoutTls.
//   No fallback to a weaker mechanism after a SASL failure: a failure is final for the stream.
// - The stream header carries to=domain and no 'from'.
// - The session IQ is sent only when offered without <optional/>.
// - Initial presence has the configured priority (default -1, so that the server routes no
//   user messages to this resource).
// - Server IQ get/set other than ping are answered with service-unavailable (RFC 6120 8.4).
// - A server closing the stream without <stream:error> is reported as StreamClosed; every
//   failure sends </stream:stream> and stops the machine (a new connection needs a new one).
// - Chats queued before the stream is online are sent in order right after initial presence;
//   the machine keeps no copy once sent (delivery tracking belongs to the caller's outbox).
// - XEP-0198 is not negotiated; features report whether the server offers it.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "xml/element.hpp"
#include "xml/limits.hpp"
#include "xml/parser.hpp"
#include "xmpp/client_mechanism.hpp"
#include "xmpp/jid.hpp"
#include "xmpp/sasl.hpp"
#include "xmpp/stanza.hpp"
#include "xmpp/stream.hpp"

namespace smfront::xmpp {

struct ClientOptions {
  /// The server's XMPP domain (stream 'to', ping target).
  std::string domain;
  std::string username;
  std::string password;
  std::string resource = "smfront";
  /// Fail unless the server offers STARTTLS.
  bool requireTls = true;
  /// Allow PLAIN on an unencrypted stream (labs only).
  bool allowPlainWithoutTls = false;
  int presencePriority = -1;
  xml::Limits limits{};
  NonceSource nonce = secureNonce;
};

enum class ClientState {
  Idle,            ///< before start()
  Negotiating,     ///< stream open, waiting for features
  StartingTls,     ///< <starttls/> sent
  AwaitingTls,     ///< <proceed/> received: the I/O layer must do the handshake
  Authenticating,  ///< <auth/> sent
  Binding,         ///< bind IQ sent
  StartingSession, ///< session IQ sent
  Online,
  Closing,         ///< our </stream:stream> sent
  Closed,
  Failed,
};

/// Why the machine stopped.
enum class ClientError {
  None,
  TlsRequired,        ///< requireTls and the server offers no STARTTLS
  TlsRefused,         ///< the server answered <starttls/> with <failure/>
  NoUsableMechanism,  ///< no offered SASL mechanism is implemented
  PlainWithoutTls,    ///< only PLAIN offered and the stream is not encrypted
  AuthFailed,         ///< SASL <failure/>, or the server failed to prove itself (SCRAM v=)
  BindFailed,
  SessionFailed,
  StreamError,        ///< the server sent <stream:error/>
  StreamClosed,       ///< the server closed the stream without an error
  BadXml,             ///< the server sent malformed or over-limit XML
  ProtocolError,      ///< well-formed XML that breaks the protocol
};

/// @brief Stable kebab-case name, e.g. "auth-failed", for logs and /ccp/status.
std::string_view toString(ClientError error) noexcept;

namespace event {
/// The server opened (or re-opened) its stream.
struct StreamOpened {
  std::string id;
  std::string from;
};
struct FeaturesReceived {
  StreamFeatures features;
};
/// Do the TLS handshake now, then call tlsEstablished().
struct StartTls {};
struct Authenticated {
  std::string mechanism;
};
/// Bound and initial presence sent: chats flow from here on.
struct Online {
  Jid jid;
};
/// The server answered the ping with this id (ok = result, not error).
struct Pong {
  std::string id;
  bool ok = true;
};
/// A message we sent bounced with this error.
struct MessageError {
  std::string id;
  StanzaError error;
};
/// Any other stanza addressed to us (messages, presence).
struct StanzaReceived {
  xml::Element stanza;
};
struct Failed {
  ClientError error = ClientError::None;
  std::string text;
  /// AuthFailed from a SASL <failure/>: its condition.
  std::optional<SaslCondition> saslCondition;
  /// StreamError: the condition name, e.g. "conflict".
  std::string streamCondition;
};
/// Both sides closed the stream cleanly after close().
struct Closed {};
}  // namespace event

using ClientEvent = std::variant<event::StreamOpened, event::FeaturesReceived, event::StartTls, event::Authenticated,
                                 event::Online, event::Pong, event::MessageError, event::StanzaReceived, event::Failed,
                                 event::Closed>;

class ClientStream {
 public:
  explicit ClientStream(ClientOptions options);
  ~ClientStream();
  ClientStream(const ClientStream&) = delete;
  ClientStream& operator=(const ClientStream&) = delete;

  /// @brief Opens the stream (call once, after the TCP connect).
  void start();

  /// @brief Feeds bytes read from the server. Returns how many were taken: fewer than given
  /// only when the machine stopped reading (AwaitingTls, Closed, Failed); bytes past that point
  /// belong to TLS or to nobody.
  std::size_t receive(std::string_view bytes);

  /// @brief The TLS handshake asked for by event::StartTls succeeded; restarts the stream.
  void tlsEstablished();

  /// @brief Sends (or queues until online) <message type='chat'> to @p to; returns its id.
  std::string sendChat(const Jid& to, std::string_view body);
  /// @brief The same with a caller-chosen id (e.g. the outbox's "smf-<seq>").
  std::string sendChat(const Jid& to, std::string_view body, std::string id);

  /// @brief Sends a XEP-0199 ping to the domain when online; its id, or nullopt otherwise.
  std::optional<std::string> ping();

  /// @brief Ends the stream: unavailable presence when online, then </stream:stream>.
  void close();

  /// @brief Bytes to write to the server since the last call.
  std::string takeOutput();
  /// @brief Events since the last call, in order.
  std::vector<ClientEvent> takeEvents();

  ClientState state() const noexcept { return state_; }
  bool online() const noexcept { return state_ == ClientState::Online; }
  bool encrypted() const noexcept { return tls_; }
  /// @brief The bound full JID once online.
  const Jid& jid() const noexcept { return jid_; }
  /// @brief Chats waiting for the stream to come online.
  std::size_t queuedChats() const noexcept { return queue_.size(); }
  /// @brief Pings sent and not yet answered.
  std::size_t pendingPings() const noexcept { return pendingPings_.size(); }
  /// @brief The failure, or ClientError::None.
  ClientError error() const noexcept { return error_; }

 private:
  class Handler;
  friend class Handler;

  void openStream();
  void onStreamStart(const xml::Element& header);
  void onElement(xml::Element&& element);
  void onStreamEnd();
  void onFeatures(const xml::Element& element);
  void onTls(const xml::Element& element);
  void onSasl(const xml::Element& element);
  void onStanza(xml::Element&& stanza);
  void onBindResult(const xml::Element& iq, const StanzaHeader& h);
  void onSessionResult(const StanzaHeader& h, const xml::Element& iq);
  void goOnline();
  void writeChat(const Jid& to, std::string_view body, const std::string& id);
  void write(const xml::Element& stanza);
  void fail(event::Failed failure);
  void fail(ClientError error, std::string text);
  std::string nextId(std::string_view prefix);
  bool stopped() const noexcept;

  struct QueuedChat {
    Jid to;
    std::string body;
    std::string id;
  };

  ClientOptions options_;
  std::unique_ptr<Handler> handler_;
  std::unique_ptr<xml::StreamParser> parser_;
  ClientState state_ = ClientState::Idle;
  ClientError error_ = ClientError::None;
  bool tls_ = false;
  bool authenticated_ = false;
  bool sessionNeeded_ = false;
  std::unique_ptr<ClientMechanism> mechanism_;
  std::string bindId_;
  std::string sessionId_;
  Jid jid_;
  std::deque<QueuedChat> queue_;
  std::set<std::string> pendingPings_;
  std::uint64_t counter_ = 0;
  std::uint64_t chatCounter_ = 0;
  std::string output_;
  std::vector<ClientEvent> events_;
};

}  // namespace smfront::xmpp
