// The server's SASL (the BOSH door's login): SaslServer driven through SCRAM-SHA-256,
// SCRAM-SHA-1 and PLAIN with fuzzer-made client messages, once as decoded data and once as
// <auth>/<response> nonzas; plus the SCRAM attribute and saslname parsers on their own.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_input.hpp"
#include "xml/parser.hpp"
#include "xmpp/credentials.hpp"
#include "xmpp/sasl_server.hpp"
#include "xmpp/scram_messages.hpp"

namespace {

using namespace smfront;

const xmpp::UserCredentials& alice() {
  // Few iterations: the fuzzer should spend its time in the parsers, not in PBKDF2.
  static const xmpp::UserCredentials credentials = xmpp::deriveUserCredentials(
      "alice", "secret", [](std::size_t n) { return std::string(n, 's'); }, 16);
  return credentials;
}

xmpp::ServerContext context() {
  xmpp::ServerContext c;
  c.domain = "localhost";
  c.lookup = [](std::string_view name) { return name == "alice" ? &alice() : nullptr; };
  c.nonce = [] { return std::string("servernonce"); };
  c.unknownUserKey = "unknown-user-key";
  return c;
}

constexpr std::string_view kMechanisms[] = {"SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN", "X-UNKNOWN"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::FuzzInput input(data, size);
  const std::uint8_t knob = input.takeByte();
  const auto messages = fuzz::splitMessages(input.rest());

  for (const std::string_view message : messages) {
    xmpp::scram::parseAttributes(message);
    xmpp::scram::decodeSaslName(message);
  }

  if ((knob & 0x80) == 0) {
    // Decoded data, as after base64: start with an initial response (or none), then respond.
    xmpp::SaslServer server(context());
    const std::string_view mechanism = kMechanisms[knob % 4];
    server.start(mechanism, (knob & 4) ? std::optional<std::string_view>() : messages.front());
    for (std::size_t i = 1; i < messages.size(); ++i) {
      if (server.authenticated()) break;
      const xmpp::SaslReply reply = server.respond(messages[i]);
      if (reply.closeStream) break;
    }
  } else {
    // Whole nonzas, as the door hands them over.
    xmpp::SaslServer server(context());
    for (const std::string_view message : messages) {
      const xml::ParseResult nonza = xml::parseDocument(message);
      if (!nonza) continue;
      if (server.handle(*nonza).closeStream) break;
    }
  }
  return 0;
}
