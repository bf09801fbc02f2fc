#include "xmpp/bind.hpp"

#include "xmpp/namespaces.hpp"
#include "xmpp/stanza.hpp"

namespace smfront::xmpp {

std::optional<BindRequest> readBindRequest(const xml::Element& iq) {
  const StanzaHeader h = readHeader(iq);
  if (h.kind != StanzaKind::Iq || h.type != "set") return std::nullopt;
  const xml::Element* bind = iq.child("bind", ns::kBind);
  if (bind == nullptr) return std::nullopt;
  return BindRequest{bind->childText("resource", ns::kBind)};
}

xml::Element bindResult(const xml::Element& request, const Jid& bound) {
  xml::Element bind("bind", std::string(ns::kBind));
  bind.addChild(xml::Element("jid", std::string(ns::kBind))).addText(bound.full());
  xml::Element reply = iqResult(request, std::move(bind));
  // The request came from a client that has no address yet; the result goes back to it.
  reply.removeAttr("to");
  return reply;
}

std::string generatedResource(const RandomSource& random) {
  static constexpr char kHex[] = "0123456789abcdef";
  const std::string bytes = random(4);
  std::string out = "smf-";
  for (const char b : bytes) {
    const auto v = static_cast<unsigned char>(b);
    out += kHex[v >> 4];
    out += kHex[v & 15];
  }
  return out;
}

bool isSessionRequest(const xml::Element& iq) {
  const StanzaHeader h = readHeader(iq);
  return h.kind == StanzaKind::Iq && h.type == "set" && iq.child("session", ns::kSession) != nullptr;
}

}  // namespace smfront::xmpp
