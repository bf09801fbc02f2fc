// The readers the BOSH door's XMPP services apply to what clients send: stanza headers and
// errors, JIDs, bind and session IQs, SASL payloads and failures, stream errors and features,
// pings, the replies built from a received stanza, and the server stream's stage machine in
// each of its stages.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "xml/parser.hpp"
#include "xml/writer.hpp"
#include "xmpp/bind.hpp"
#include "xmpp/jid.hpp"
#include "xmpp/sasl.hpp"
#include "xmpp/server_stream.hpp"
#include "xmpp/stanza.hpp"
#include "xmpp/stream.hpp"

namespace {

using namespace smfront;

void readJid(std::string_view text) {
  const auto jid = xmpp::Jid::parse(text);
  if (!jid) return;
  // A parsed JID prints as text that parses back to the same JID.
  const auto again = xmpp::Jid::parse(jid->full());
  if (!again || *again != *jid) std::abort();
  jid->bareString();
  jid->withResource("r");
}

// An element ends the stream exactly when the machine says so, and then the stage is Ended.
void stepThroughEachStage(const xml::Element& element) {
  for (int stage = 0; stage < 3; ++stage) {
    xmpp::ServerStream stream;
    if (stage >= 1) stream.authenticated();
    if (stage >= 2) stream.bound();
    const auto step = stream.receive(element);
    const bool ended = step.action == xmpp::StreamStep::Action::EndStream;
    if (ended != (stream.stage() == xmpp::ServerStage::Ended)) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  readJid(text);

  const xml::ParseResult parsed = xml::parseDocument(text);
  if (!parsed) return 0;
  const xml::Element& stanza = *parsed;

  const xmpp::StanzaHeader header = xmpp::readHeader(stanza);
  readJid(header.to);
  readJid(header.from);
  xmpp::readStanzaError(stanza);
  xmpp::readStreamError(stanza);
  xmpp::readFeatures(stanza);
  xmpp::readBindRequest(stanza);
  xmpp::isSessionRequest(stanza);
  xmpp::isPing(stanza);
  xmpp::readSaslPayload(stanza);
  xmpp::readSaslFailure(stanza);
  if (header.kind == xmpp::StanzaKind::Iq) {
    xml::serialize(xmpp::iqResult(stanza));
  }
  xml::serialize(xmpp::errorReply(stanza, xmpp::StanzaErrorCondition::BadRequest, "text"));
  stepThroughEachStage(stanza);
  return 0;
}
