// The outbound client's side of XMPP: xmpp::ClientStream fed what a server sends (stream
// header, features, STARTTLS, SASL challenges for SCRAM and PLAIN, bind, session, stanzas),
// split where the fuzzer chooses, with chats and pings queued on the way.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_input.hpp"
#include "xmpp/client_stream.hpp"
#include "xmpp/jid.hpp"

namespace {

using namespace smfront;

xmpp::ClientOptions optionsFor(std::uint8_t knob) {
  xmpp::ClientOptions o;
  o.domain = "localhost";
  o.username = "user";
  o.password = "pencil";
  o.requireTls = (knob & 1) != 0;
  o.allowPlainWithoutTls = (knob & 2) != 0;
  o.nonce = [] { return std::string("rOprNGfwEbeRWgbNEkqO"); };
  if (knob & 4) {
    o.limits.maxBytes = 512;
    o.limits.maxDepth = 4;
  }
  return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::FuzzInput input(data, size);
  const std::uint8_t knob = input.takeByte();
  const std::string_view seed = input.take(input.takeByte() % 16);

  xmpp::ClientStream client(optionsFor(knob));
  client.start();
  const auto to = xmpp::Jid::parse("agent@localhost");
  if (knob & 8) client.sendChat(*to, "queued before online");

  for (std::string_view chunk : fuzz::splitChunks(input.rest(), seed)) {
    while (!chunk.empty()) {
      const std::size_t used = client.receive(chunk);
      chunk.remove_prefix(used);
      if (client.state() == xmpp::ClientState::AwaitingTls) {
        client.tlsEstablished();
      } else if (used == 0) {
        break;
      }
    }
    client.takeEvents();
    client.takeOutput();
    if (client.online()) {
      client.sendChat(*to, "hello");
      client.ping();
    }
  }
  if (knob & 16) client.close();
  client.takeEvents();
  client.takeOutput();
  return 0;
}
