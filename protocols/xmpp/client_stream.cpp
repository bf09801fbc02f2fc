#include "xmpp/client_stream.hpp"

#include <array>
#include <utility>

#include "xml/writer.hpp"
#include "xmpp/namespaces.hpp"

namespace smfront::xmpp {

namespace {

// Indexed by ClientError.
constexpr std::array<std::string_view, 12> kErrorNames = {
    "none",        "tls-required", "tls-refused",    "no-usable-mechanism", "plain-without-tls", "auth-failed",
    "bind-failed", "session-failed", "stream-error", "stream-closed",       "bad-xml",           "protocol-error",
};

std::string describe(std::string_view what, std::string_view condition, std::string_view text) {
  std::string out(what);
  out += ": ";
  out += condition;
  if (!text.empty()) {
    out += " (";
    out += text;
    out += ')';
  }
  return out;
}

}  // namespace

std::string_view toString(ClientError error) noexcept { return kErrorNames[static_cast<std::size_t>(error)]; }

// Forwards parser events to the machine; a separate object keeps StreamHandler out of the
// public interface.
class ClientStream::Handler final : public xml::StreamHandler {
 public:
  explicit Handler(ClientStream& owner) : owner_(owner) {}
  void onStreamStart(const xml::Element& header) override { owner_.onStreamStart(header); }
  void onStanza(xml::Element&& stanza) override { owner_.onElement(std::move(stanza)); }
  void onStreamEnd() override { owner_.onStreamEnd(); }

 private:
  ClientStream& owner_;
};

ClientStream::ClientStream(ClientOptions options)
    : options_(std::move(options)),
      handler_(std::make_unique<Handler>(*this)),
      parser_(std::make_unique<xml::StreamParser>(*handler_, options_.limits)) {}

ClientStream::~ClientStream() = default;

void ClientStream::start() {
  if (state_ != ClientState::Idle) return;
  openStream();
}

void ClientStream::openStream() {
  parser_->reset();
  StreamHeader header;
  header.to = options_.domain;
  output_ += streamOpen(header);
  state_ = ClientState::Negotiating;
}

std::size_t ClientStream::receive(std::string_view bytes) {
  std::size_t used = 0;
  while (used < bytes.size() && !stopped() && state_ != ClientState::AwaitingTls && state_ != ClientState::Idle) {
    const xml::FeedResult r = parser_->feed(bytes.substr(used));
    used += r.consumed;
    if (r.ok() && r.consumed == 0) break;  // nothing taken and nothing to report: wait for more
    if (!r.ok()) {
      const xml::ErrorCode code = r.error->code;
      const StreamErrorCondition condition =
          code == xml::ErrorCode::Malformed || code == xml::ErrorCode::UnexpectedEnd ? StreamErrorCondition::NotWellFormed
          : code == xml::ErrorCode::ForbiddenDoctype || code == xml::ErrorCode::ForbiddenEntity ||
                  code == xml::ErrorCode::ForbiddenProcessingInstruction || code == xml::ErrorCode::ForbiddenComment
              ? StreamErrorCondition::RestrictedXml
              : StreamErrorCondition::PolicyViolation;
      output_ += streamErrorXml(condition);
      fail(ClientError::BadXml, r.error->message);
      break;
    }
    // A handler reset the parser (stream restart after SASL success, or a stop): the loop
    // feeds what is left to the new stream unless the machine stopped reading.
  }
  return used;
}

void ClientStream::tlsEstablished() {
  if (state_ != ClientState::AwaitingTls) return;
  tls_ = true;
  openStream();
}

bool ClientStream::stopped() const noexcept {
  return state_ == ClientState::Closed || state_ == ClientState::Failed;
}

void ClientStream::onStreamStart(const xml::Element& header) {
  if (header.name() != "stream" || header.ns() != ns::kStream) {
    output_ += streamErrorXml(StreamErrorCondition::InvalidNamespace);
    fail(ClientError::ProtocolError, "server did not open an XMPP stream");
    return;
  }
  const std::string version = header.attrOr("version", "");
  if (version.empty() || version.front() < '1' || version.front() > '9') {
    output_ += streamErrorXml(StreamErrorCondition::UnsupportedVersion);
    fail(ClientError::ProtocolError, "server does not speak XMPP 1.0 (version '" + version + "')");
    return;
  }
  events_.emplace_back(event::StreamOpened{header.attrOr("id", ""), header.attrOr("from", "")});
}

void ClientStream::onElement(xml::Element&& element) {
  if (stopped()) return;
  if (element.ns() == ns::kStream) {
    if (auto error = readStreamError(element)) {
      event::Failed f;
      f.error = ClientError::StreamError;
      f.text = describe("stream error", error->condition, error->text);
      f.streamCondition = error->condition;
      fail(std::move(f));
    } else if (element.name() == "features") {
      onFeatures(element);
    }
    return;
  }
  if (element.ns() == ns::kTls) return onTls(element);
  if (element.ns() == ns::kSasl) return onSasl(element);
  if (element.ns() == ns::kClient) return onStanza(std::move(element));
  // Other nonzas (e.g. XEP-0198 acks we never asked for) are not ours to answer.
}

void ClientStream::onStreamEnd() {
  if (state_ == ClientState::Closing) {
    state_ = ClientState::Closed;
    events_.emplace_back(event::Closed{});
    parser_->reset();
    return;
  }
  if (!stopped()) fail(ClientError::StreamClosed, "server closed the stream");
}

void ClientStream::onFeatures(const xml::Element& element) {
  if (state_ != ClientState::Negotiating) {
    output_ += streamErrorXml(StreamErrorCondition::UndefinedCondition, "unexpected stream features");
    return fail(ClientError::ProtocolError, "stream features out of place");
  }
  StreamFeatures features = readFeatures(element);
  events_.emplace_back(event::FeaturesReceived{features});

  if (authenticated_) {
    if (!features.bind) return fail(ClientError::ProtocolError, "server offers no resource binding");
    sessionNeeded_ = features.session && !features.sessionOptional;
    bindId_ = nextId("bind");
    xml::Element iq = makeIq("set", bindId_);
    xml::Element& bind = iq.addChild(xml::Element("bind", std::string(ns::kBind)));
    if (!options_.resource.empty()) {
      bind.addChild(xml::Element("resource", std::string(ns::kBind))).addText(options_.resource);
    }
    write(iq);
    state_ = ClientState::Binding;
    return;
  }

  if (!tls_ && features.starttls) {
    xml::Writer w;
    w.open("starttls", ns::kTls).close();
    output_ += w.take();
    state_ = ClientState::StartingTls;
    return;
  }
  if (!tls_ && options_.requireTls) {
    return fail(ClientError::TlsRequired, "server does not offer STARTTLS and TLS is required");
  }
  const MechanismChoice choice = chooseMechanism(features.mechanisms, tls_, options_.allowPlainWithoutTls);
  if (choice.name.empty()) {
    if (choice.plainRefusedWithoutTls) {
      return fail(ClientError::PlainWithoutTls, "server offers only PLAIN, which is refused without TLS");
    }
    std::string offered;
    for (const std::string& m : features.mechanisms) offered += (offered.empty() ? "" : " ") + m;
    return fail(ClientError::NoUsableMechanism, "no usable SASL mechanism among [" + offered + "]");
  }
  mechanism_ = makeClientMechanism(choice.name, {options_.username, options_.password, {}}, options_.nonce);
  output_ += saslAuthXml(mechanism_->name(), mechanism_->initialResponse());
  state_ = ClientState::Authenticating;
}

void ClientStream::onTls(const xml::Element& element) {
  if (state_ != ClientState::StartingTls) return fail(ClientError::ProtocolError, "unexpected TLS negotiation element");
  if (element.name() == "proceed") {
    state_ = ClientState::AwaitingTls;
    // Whatever follows <proceed/> on the wire is TLS: stop parsing right here.
    parser_->reset();
    events_.emplace_back(event::StartTls{});
    return;
  }
  fail(ClientError::TlsRefused, "server refused STARTTLS");
}

void ClientStream::onSasl(const xml::Element& element) {
  if (state_ != ClientState::Authenticating) return fail(ClientError::ProtocolError, "unexpected SASL element");
  if (element.name() == "failure") {
    const SaslFailureInfo info = readSaslFailure(element);
    event::Failed f;
    f.error = ClientError::AuthFailed;
    f.text = describe("SASL " + std::string(mechanism_->name()) + " failed", info.conditionName, info.text);
    f.saslCondition = info.condition;
    return fail(std::move(f));
  }
  const auto payload = readSaslPayload(element);
  if (!payload) return fail(ClientError::AuthFailed, "server sent SASL data that is not base64");
  if (element.name() == "challenge") {
    const auto response = mechanism_->challenge(payload->data);
    if (!response) return fail(ClientError::AuthFailed, "SASL: " + mechanism_->error());
    output_ += saslResponseXml(*response);
    return;
  }
  if (element.name() == "success") {
    if (!mechanism_->success(payload->data)) return fail(ClientError::AuthFailed, "SASL: " + mechanism_->error());
    authenticated_ = true;
    events_.emplace_back(event::Authenticated{std::string(mechanism_->name())});
    mechanism_.reset();
    openStream();  // RFC 6120 6.4.6: restart the stream over the same connection
    return;
  }
  fail(ClientError::ProtocolError, "unexpected SASL element <" + element.name() + ">");
}

void ClientStream::onStanza(xml::Element&& stanza) {
  const StanzaHeader h = readHeader(stanza);
  if (h.kind == StanzaKind::Iq) {
    if (h.type == "get" || h.type == "set") {
      if (!authenticated_) return;
      if (isPing(stanza)) write(iqResult(stanza));
      else write(errorReply(stanza, StanzaErrorCondition::ServiceUnavailable));
      return;
    }
    if (state_ == ClientState::Binding && h.id == bindId_) return onBindResult(stanza, h);
    if (state_ == ClientState::StartingSession && h.id == sessionId_) return onSessionResult(h, stanza);
    if (pendingPings_.erase(h.id) > 0) events_.emplace_back(event::Pong{h.id, h.type == "result"});
    return;
  }
  if (h.kind == StanzaKind::Message && h.type == "error") {
    events_.emplace_back(event::MessageError{h.id, readStanzaError(stanza).value_or(StanzaError{})});
    return;
  }
  events_.emplace_back(event::StanzaReceived{std::move(stanza)});
}

void ClientStream::onBindResult(const xml::Element& iq, const StanzaHeader& h) {
  if (h.type != "result") {
    const StanzaError e = readStanzaError(iq).value_or(StanzaError{});
    return fail(ClientError::BindFailed, describe("resource binding refused", toString(e.condition), e.text));
  }
  const xml::Element* bind = iq.child("bind", ns::kBind);
  const auto jid = bind != nullptr ? Jid::parse(bind->childText("jid", ns::kBind)) : std::nullopt;
  if (!jid || jid->isBare()) return fail(ClientError::BindFailed, "bind result without a full JID");
  jid_ = *jid;
  if (sessionNeeded_) {
    sessionId_ = nextId("sess");
    xml::Element session = makeIq("set", sessionId_);
    session.addChild(xml::Element("session", std::string(ns::kSession)));
    write(session);
    state_ = ClientState::StartingSession;
    return;
  }
  goOnline();
}

void ClientStream::onSessionResult(const StanzaHeader& h, const xml::Element& iq) {
  if (h.type != "result") {
    const StanzaError e = readStanzaError(iq).value_or(StanzaError{});
    return fail(ClientError::SessionFailed, describe("session refused", toString(e.condition), e.text));
  }
  goOnline();
}

void ClientStream::goOnline() {
  write(makePresence({}, options_.presencePriority));
  state_ = ClientState::Online;
  events_.emplace_back(event::Online{jid_});
  while (!queue_.empty()) {
    const QueuedChat chat = std::move(queue_.front());
    queue_.pop_front();
    writeChat(chat.to, chat.body, chat.id);
  }
}

std::string ClientStream::sendChat(const Jid& to, std::string_view body) {
  // Chats count on their own, so that "chat-N" is the N-th chat of this stream.
  return sendChat(to, body, "chat-" + std::to_string(++chatCounter_));
}

std::string ClientStream::sendChat(const Jid& to, std::string_view body, std::string id) {
  if (state_ == ClientState::Online) writeChat(to, body, id);
  else queue_.push_back({to, std::string(body), id});
  return id;
}

void ClientStream::writeChat(const Jid& to, std::string_view body, const std::string& id) {
  write(makeMessage(to.full(), body, "chat", id));
}

std::optional<std::string> ClientStream::ping() {
  if (state_ != ClientState::Online) return std::nullopt;
  std::string id = nextId("ping");
  write(makePing(id, options_.domain));
  pendingPings_.insert(id);
  return id;
}

void ClientStream::close() {
  if (state_ == ClientState::Idle) {
    state_ = ClientState::Closed;
    return;
  }
  if (stopped() || state_ == ClientState::Closing) return;
  if (state_ == ClientState::Online) write(makePresence("unavailable"));
  output_ += streamClose();
  state_ = ClientState::Closing;
}

std::string ClientStream::takeOutput() { return std::exchange(output_, {}); }

std::vector<ClientEvent> ClientStream::takeEvents() { return std::exchange(events_, {}); }

void ClientStream::write(const xml::Element& stanza) { xml::appendSerialized(output_, stanza, ns::kClient); }

void ClientStream::fail(ClientError error, std::string text) {
  event::Failed f;
  f.error = error;
  f.text = std::move(text);
  fail(std::move(f));
}

void ClientStream::fail(event::Failed failure) {
  if (stopped()) return;
  if (state_ != ClientState::Idle && state_ != ClientState::Closing) output_ += streamClose();
  state_ = ClientState::Failed;
  error_ = failure.error;
  events_.emplace_back(std::move(failure));
  // Stop parsing: nothing after a failure is acted on.
  parser_->reset();
}

std::string ClientStream::nextId(std::string_view prefix) {
  std::string id(prefix);
  id += '-';
  id += std::to_string(++counter_);
  return id;
}

}  // namespace smfront::xmpp
