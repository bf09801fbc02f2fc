// The client machine against scripted server transcripts. SCRAM steps reuse the RFC 7677 and
// RFC 5802 exchanges (user "user", password "pencil") with the RFCs' client nonces injected,
// so that every byte the client must send is known in advance.

#include "xmpp/client_stream.hpp"

#include <gtest/gtest.h>

#include <functional>

#include "xmpp/base64.hpp"

namespace smfront::xmpp {
namespace {

const std::string kClientHeader =
    "<?xml version='1.0'?><stream:stream xmlns=\"jabber:client\" xmlns:stream=\"http://etherx.jabber.org/streams\" "
    "to=\"localhost\" version=\"1.0\" xml:lang=\"en\">";
const std::string kServerHeader =
    "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' "
    "id='s1' from='localhost' version='1.0' xml:lang='en'>";
const std::string kSaslNs = "urn:ietf:params:xml:ns:xmpp-sasl";
const std::string kStartTls = "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>";
const std::string kBindAndSession =
    "<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/>";
const std::string kBindAndOptionalSession =
    "<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>"
    "<session xmlns='urn:ietf:params:xml:ns:xmpp-session'><optional/></session>";
const std::string kBindRequest =
    "<iq type=\"set\" id=\"bind-1\"><bind xmlns=\"urn:ietf:params:xml:ns:xmpp-bind\">"
    "<resource>smfront</resource></bind></iq>";
const std::string kBindResult =
    "<iq type='result' id='bind-1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
    "<jid>user@localhost/smfront</jid></bind></iq>";
const std::string kPresence = "<presence><priority>-1</priority></presence>";

// RFC 7677 section 3.
const std::string kSha256ClientFirst = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
const std::string kSha256ServerFirst =
    "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
const std::string kSha256ClientFinal =
    "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
const std::string kSha256ServerFinal = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

// RFC 5802 section 5.
const std::string kSha1ClientFirst = "n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL";
const std::string kSha1ServerFirst = "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096";
const std::string kSha1ClientFinal =
    "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=";
const std::string kSha1ServerFinal = "v=rmF9pqV8S7suAoZWja4dJRkFsKQ=";

std::string features(std::string_view inner) { return "<stream:features>" + std::string(inner) + "</stream:features>"; }

std::string mechanisms(std::initializer_list<std::string_view> names) {
  std::string out = "<mechanisms xmlns='" + kSaslNs + "'>";
  for (const auto n : names) out += "<mechanism>" + std::string(n) + "</mechanism>";
  return out + "</mechanisms>";
}

std::string sasl(std::string_view name, std::string_view data) {
  return "<" + std::string(name) + " xmlns='" + kSaslNs + "'>" + base64Encode(data) + "</" + std::string(name) + ">";
}

std::string clientAuth(std::string_view mechanism, std::string_view data) {
  return "<auth xmlns=\"" + kSaslNs + "\" mechanism=\"" + std::string(mechanism) + "\">" + base64Encode(data) + "</auth>";
}

std::string clientResponse(std::string_view data) {
  return "<response xmlns=\"" + kSaslNs + "\">" + base64Encode(data) + "</response>";
}

ClientOptions options(std::string nonce = "rOprNGfwEbeRWgbNEkqO") {
  ClientOptions o;
  o.domain = "localhost";
  o.username = "user";
  o.password = "pencil";
  o.nonce = [nonce] { return nonce; };
  return o;
}

// Drives a ClientStream like the I/O layer would and keeps every event.
class Driver {
 public:
  using Feed = std::function<std::size_t(ClientStream&, std::string_view)>;

  explicit Driver(ClientOptions o, Feed feed = wholeChunk) : client(std::move(o)), feed_(std::move(feed)) {}

  static std::size_t wholeChunk(ClientStream& c, std::string_view bytes) { return c.receive(bytes); }
  static std::size_t byteByByte(ClientStream& c, std::string_view bytes) {
    std::size_t used = 0;
    while (used < bytes.size()) {
      const std::size_t n = c.receive(bytes.substr(used, 1));
      if (n == 0) break;
      used += n;
    }
    return used;
  }

  std::string start() {
    client.start();
    return collect();
  }
  // Feeds @p bytes from the server and returns what the client sends in answer.
  std::string server(std::string_view bytes) {
    lastConsumed = feed_(client, bytes);
    return collect();
  }
  std::string collect() {
    for (ClientEvent& e : client.takeEvents()) events.push_back(std::move(e));
    return client.takeOutput();
  }

  template <class T>
  const T* last() const {
    for (auto it = events.rbegin(); it != events.rend(); ++it) {
      if (const T* e = std::get_if<T>(&*it)) return e;
    }
    return nullptr;
  }
  template <class T>
  std::size_t count() const {
    std::size_t n = 0;
    for (const ClientEvent& e : events) n += std::holds_alternative<T>(e) ? 1 : 0;
    return n;
  }

  ClientStream client;
  std::vector<ClientEvent> events;
  std::size_t lastConsumed = 0;

 private:
  Feed feed_;
};

// STARTTLS, SCRAM-SHA-256, bind and a required session, up to online.
void runHappyPath(Driver& d) {
  ASSERT_EQ(d.start(), kClientHeader);
  EXPECT_EQ(d.client.state(), ClientState::Negotiating);

  EXPECT_EQ(d.server(kServerHeader + features(kStartTls + mechanisms({"PLAIN"}))),
            "<starttls xmlns=\"urn:ietf:params:xml:ns:xmpp-tls\"/>");
  ASSERT_NE(d.last<event::StreamOpened>(), nullptr);
  EXPECT_EQ(d.last<event::StreamOpened>()->id, "s1");
  ASSERT_NE(d.last<event::FeaturesReceived>(), nullptr);
  EXPECT_TRUE(d.last<event::FeaturesReceived>()->features.starttlsRequired);

  // The bytes after <proceed/> are the server's TLS, never to be parsed.
  const std::string proceed = "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>";
  EXPECT_EQ(d.server(proceed + "\x16\x03\x03\x00\x7a"), "");
  EXPECT_EQ(d.lastConsumed, proceed.size());
  EXPECT_EQ(d.count<event::StartTls>(), 1u);
  EXPECT_EQ(d.client.state(), ClientState::AwaitingTls);
  EXPECT_FALSE(d.client.encrypted());

  d.client.tlsEstablished();
  EXPECT_EQ(d.collect(), kClientHeader);
  EXPECT_TRUE(d.client.encrypted());

  EXPECT_EQ(d.server(kServerHeader + features(mechanisms({"SCRAM-SHA-1", "SCRAM-SHA-256", "PLAIN"}))),
            clientAuth("SCRAM-SHA-256", kSha256ClientFirst));
  EXPECT_EQ(d.client.state(), ClientState::Authenticating);
  EXPECT_EQ(d.server(sasl("challenge", kSha256ServerFirst)), clientResponse(kSha256ClientFinal));

  // Success, the new stream header and its features in one read: the restart must re-feed.
  EXPECT_EQ(d.server(sasl("success", kSha256ServerFinal) + kServerHeader + features(kBindAndSession)),
            kClientHeader + kBindRequest);
  ASSERT_NE(d.last<event::Authenticated>(), nullptr);
  EXPECT_EQ(d.last<event::Authenticated>()->mechanism, "SCRAM-SHA-256");
  EXPECT_EQ(d.client.state(), ClientState::Binding);

  EXPECT_EQ(d.server(kBindResult),
            "<iq type=\"set\" id=\"sess-2\"><session xmlns=\"urn:ietf:params:xml:ns:xmpp-session\"/></iq>");
  EXPECT_EQ(d.count<event::Online>(), 0u);
}

TEST(ClientStream, HappyPathWithStartTlsScramSha256BindAndSession) {
  Driver d(options());
  // Queued before the stream is up, sent right after initial presence.
  const std::string early = d.client.sendChat(*Jid::parse("agent@localhost"), "first");
  EXPECT_EQ(early, "chat-1");
  EXPECT_EQ(d.client.queuedChats(), 1u);
  runHappyPath(d);
  EXPECT_EQ(d.client.queuedChats(), 1u);

  EXPECT_EQ(d.server("<iq type='result' id='sess-2'/>"),
            kPresence + "<message to=\"agent@localhost\" type=\"chat\" id=\"chat-1\"><body>first</body></message>");
  ASSERT_NE(d.last<event::Online>(), nullptr);
  EXPECT_EQ(d.last<event::Online>()->jid.full(), "user@localhost/smfront");
  EXPECT_TRUE(d.client.online());
  EXPECT_EQ(d.client.queuedChats(), 0u);

  EXPECT_EQ(d.client.sendChat(*Jid::parse("agent@localhost/desk"), "a & b", "smf-7"), "smf-7");
  EXPECT_EQ(d.collect(), "<message to=\"agent@localhost/desk\" type=\"chat\" id=\"smf-7\"><body>a &amp; b</body></message>");

  d.client.close();
  EXPECT_EQ(d.collect(), "<presence type=\"unavailable\"/></stream:stream>");
  EXPECT_EQ(d.client.state(), ClientState::Closing);
  EXPECT_EQ(d.server("</stream:stream>"), "");
  EXPECT_EQ(d.client.state(), ClientState::Closed);
  EXPECT_EQ(d.count<event::Closed>(), 1u);
  EXPECT_EQ(d.count<event::Failed>(), 0u);
}

TEST(ClientStream, HappyPathFedOneByteAtATime) {
  Driver d(options(), Driver::byteByByte);
  runHappyPath(d);
  EXPECT_EQ(d.server("<iq type='result' id='sess-2'/>"), kPresence);
  EXPECT_TRUE(d.client.online());
}

TEST(ClientStream, FallsBackToScramSha1AndSkipsOptionalSession) {
  ClientOptions o = options("fyko+d2lbbFgONRv9qkxdawL");
  o.requireTls = false;
  Driver d(o);
  d.start();
  EXPECT_EQ(d.server(kServerHeader + features(mechanisms({"PLAIN", "SCRAM-SHA-1", "DIGEST-MD5"}))),
            clientAuth("SCRAM-SHA-1", kSha1ClientFirst));
  EXPECT_EQ(d.server(sasl("challenge", kSha1ServerFirst)), clientResponse(kSha1ClientFinal));
  EXPECT_EQ(d.server(sasl("success", kSha1ServerFinal)), kClientHeader);
  EXPECT_EQ(d.server(kServerHeader + features(kBindAndOptionalSession)), kBindRequest);
  EXPECT_EQ(d.server(kBindResult), kPresence);
  EXPECT_TRUE(d.client.online());
  EXPECT_FALSE(d.client.encrypted());
}

TEST(ClientStream, RefusesPlainWithoutTls) {
  ClientOptions o = options();
  o.requireTls = false;
  Driver d(o);
  d.start();
  EXPECT_EQ(d.server(kServerHeader + features(mechanisms({"PLAIN"}))), "</stream:stream>");
  ASSERT_NE(d.last<event::Failed>(), nullptr);
  EXPECT_EQ(d.last<event::Failed>()->error, ClientError::PlainWithoutTls);
  EXPECT_EQ(d.client.state(), ClientState::Failed);
  EXPECT_EQ(d.client.error(), ClientError::PlainWithoutTls);
}

TEST(ClientStream, PlainWithoutTlsWhenExplicitlyAllowed) {
  ClientOptions o = options();
  o.requireTls = false;
  o.allowPlainWithoutTls = true;
  Driver d(o);
  d.start();
  EXPECT_EQ(d.server(kServerHeader + features(mechanisms({"PLAIN"}))),
            clientAuth("PLAIN", std::string("\0user\0pencil", 12)));
  EXPECT_EQ(d.server("<success xmlns='" + kSaslNs + "'/>"), kClientHeader);
  EXPECT_EQ(d.last<event::Authenticated>()->mechanism, "PLAIN");
}

TEST(ClientStream, PlainUnderTls) {
  Driver d(options());
  d.start();
  d.server(kServerHeader + features(kStartTls));
  d.server("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
  d.client.tlsEstablished();
  d.collect();
  EXPECT_EQ(d.server(kServerHeader + features(mechanisms({"PLAIN"}))),
            clientAuth("PLAIN", std::string("\0user\0pencil", 12)));
}

TEST(ClientStream, RequireTlsFailsWithoutStartTls) {
  Driver d(options());  // requireTls is the default
  d.start();
  EXPECT_EQ(d.server(kServerHeader + features(mechanisms({"SCRAM-SHA-256"}))), "</stream:stream>");
  ASSERT_NE(d.last<event::Failed>(), nullptr);
  EXPECT_EQ(d.last<event::Failed>()->error, ClientError::TlsRequired);
  EXPECT_EQ(toString(d.client.error()), "tls-required");
}

TEST(ClientStream, StartTlsRefused) {
  Driver d(options());
  d.start();
  d.server(kServerHeader + features(kStartTls));
  EXPECT_EQ(d.server("<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"), "</stream:stream>");
  EXPECT_EQ(d.client.error(), ClientError::TlsRefused);
}

TEST(ClientStream, NotAuthorizedIsAnAuthFailure) {
  ClientOptions o = options();
  o.requireTls = false;
  Driver d(o);
  d.start();
  d.server(kServerHeader + features(mechanisms({"SCRAM-SHA-256"})));
  EXPECT_EQ(d.server("<failure xmlns='" + kSaslNs + "'><not-authorized/><text>Unable to authorize you</text></failure>"),
            "</stream:stream>");
  const event::Failed* f = d.last<event::Failed>();
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->error, ClientError::AuthFailed);
  EXPECT_EQ(f->saslCondition, SaslCondition::NotAuthorized);
  EXPECT_EQ(f->text, "SASL SCRAM-SHA-256 failed: not-authorized (Unable to authorize you)");
  // Nothing after the failure is acted on.
  EXPECT_EQ(d.server(kServerHeader), "");
  EXPECT_EQ(d.client.state(), ClientState::Failed);
}

TEST(ClientStream, ForgedServerSignatureIsAnAuthFailure) {
  ClientOptions o = options();
  o.requireTls = false;
  Driver d(o);
  d.start();
  d.server(kServerHeader + features(mechanisms({"SCRAM-SHA-256"})));
  d.server(sasl("challenge", kSha256ServerFirst));
  EXPECT_EQ(d.server(sasl("success", "v=" + base64Encode(std::string(32, 'x')))), "</stream:stream>");
  ASSERT_NE(d.last<event::Failed>(), nullptr);
  EXPECT_EQ(d.last<event::Failed>()->error, ClientError::AuthFailed);
  EXPECT_EQ(d.last<event::Failed>()->text, "SASL: server signature mismatch");
  EXPECT_EQ(d.count<event::Authenticated>(), 0u);
}

TEST(ClientStream, NoUsableMechanism) {
  Driver d(options());
  d.start();
  d.server(kServerHeader + features(kStartTls));
  d.server("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
  d.client.tlsEstablished();
  d.server(kServerHeader + features(mechanisms({"EXTERNAL", "SCRAM-SHA-1-PLUS"})));
  EXPECT_EQ(d.client.error(), ClientError::NoUsableMechanism);
}

// Logs in without TLS through SCRAM-SHA-1 and optional session: the shortest way online.
void goOnline(Driver& d) {
  d.start();
  d.server(kServerHeader + features(mechanisms({"SCRAM-SHA-1"})));
  d.server(sasl("challenge", kSha1ServerFirst));
  d.server(sasl("success", kSha1ServerFinal));
  d.server(kServerHeader + features(kBindAndOptionalSession));
  d.server(kBindResult);
  ASSERT_TRUE(d.client.online());
}

ClientOptions plainTextOptions() {
  ClientOptions o = options("fyko+d2lbbFgONRv9qkxdawL");
  o.requireTls = false;
  return o;
}

TEST(ClientStream, StreamErrorMidSession) {
  Driver d(plainTextOptions());
  goOnline(d);
  EXPECT_EQ(d.server("<stream:error><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                     "<text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>Replaced by new connection</text>"
                     "</stream:error></stream:stream>"),
            "</stream:stream>");
  const event::Failed* f = d.last<event::Failed>();
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->error, ClientError::StreamError);
  EXPECT_EQ(f->streamCondition, "conflict");
  EXPECT_EQ(f->text, "stream error: conflict (Replaced by new connection)");
  EXPECT_EQ(d.count<event::Failed>(), 1u);  // the stream end after the error adds nothing
  EXPECT_FALSE(d.client.ping());
}

TEST(ClientStream, ServerClosingWithoutErrorIsReported) {
  Driver d(plainTextOptions());
  goOnline(d);
  EXPECT_EQ(d.server("</stream:stream>"), "</stream:stream>");
  EXPECT_EQ(d.client.error(), ClientError::StreamClosed);
}

TEST(ClientStream, AnswersServerPingsAndRefusesOtherRequests) {
  Driver d(plainTextOptions());
  goOnline(d);
  EXPECT_EQ(d.server("<iq from='localhost' to='user@localhost/smfront' type='get' id='c2s1'>"
                     "<ping xmlns='urn:xmpp:ping'/></iq>"),
            "<iq to=\"localhost\" from=\"user@localhost/smfront\" id=\"c2s1\" type=\"result\"/>");
  EXPECT_EQ(d.server("<iq from='localhost' type='get' id='v1'><query xmlns='jabber:iq:version'/></iq>"),
            "<iq to=\"localhost\" id=\"v1\" type=\"error\"><error type=\"cancel\">"
            "<service-unavailable xmlns=\"urn:ietf:params:xml:ns:xmpp-stanzas\"/></error></iq>");
  EXPECT_TRUE(d.client.online());
}

TEST(ClientStream, KeepalivePingsOnRequest) {
  Driver d(plainTextOptions());
  EXPECT_FALSE(d.client.ping());  // not online yet
  goOnline(d);
  const auto id = d.client.ping();
  ASSERT_TRUE(id);
  EXPECT_EQ(d.collect(), "<iq to=\"localhost\" type=\"get\" id=\"" + *id + "\"><ping xmlns=\"urn:xmpp:ping\"/></iq>");
  EXPECT_EQ(d.client.pendingPings(), 1u);
  d.server("<iq from='localhost' type='result' id='" + *id + "'/>");
  ASSERT_NE(d.last<event::Pong>(), nullptr);
  EXPECT_EQ(d.last<event::Pong>()->id, *id);
  EXPECT_TRUE(d.last<event::Pong>()->ok);
  EXPECT_EQ(d.client.pendingPings(), 0u);
  // A result nobody asked for is no pong.
  d.server("<iq type='result' id='other'/>");
  EXPECT_EQ(d.count<event::Pong>(), 1u);
}

TEST(ClientStream, ReportsBouncedMessagesAndPassesOtherStanzasOn) {
  Driver d(plainTextOptions());
  goOnline(d);
  const std::string id = d.client.sendChat(*Jid::parse("nobody@localhost"), "hi");
  d.collect();
  d.server("<message from='nobody@localhost' type='error' id='" + id +
           "'><error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>");
  const event::MessageError* e = d.last<event::MessageError>();
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->id, id);
  EXPECT_EQ(e->error.condition, StanzaErrorCondition::ServiceUnavailable);
  d.server("<message from='a@localhost/x' type='chat'><body>hello</body></message>");
  ASSERT_NE(d.last<event::StanzaReceived>(), nullptr);
  EXPECT_EQ(d.last<event::StanzaReceived>()->stanza.childText("body"), "hello");
}

TEST(ClientStream, BindErrorFails) {
  Driver d(plainTextOptions());
  d.start();
  d.server(kServerHeader + features(mechanisms({"SCRAM-SHA-1"})));
  d.server(sasl("challenge", kSha1ServerFirst));
  d.server(sasl("success", kSha1ServerFinal));
  d.server(kServerHeader + features(kBindAndOptionalSession));
  d.server("<iq type='error' id='bind-1'><error type='cancel'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
           "</error></iq>");
  EXPECT_EQ(d.client.error(), ClientError::BindFailed);
  EXPECT_EQ(d.last<event::Failed>()->text, "resource binding refused: conflict");
}

TEST(ClientStream, MalformedXmlFailsWithAStreamError) {
  Driver d(plainTextOptions());
  d.start();
  EXPECT_EQ(d.server(kServerHeader + "<stream:features><</stream:features>"),
            "<stream:error><not-well-formed xmlns=\"urn:ietf:params:xml:ns:xmpp-streams\"/></stream:error>"
            "</stream:stream>");
  EXPECT_EQ(d.client.error(), ClientError::BadXml);
}

TEST(ClientStream, RefusesAStreamWithoutVersion) {
  Driver d(plainTextOptions());
  d.start();
  d.server("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>");
  EXPECT_EQ(d.client.error(), ClientError::ProtocolError);
}

}  // namespace
}  // namespace smfront::xmpp
