#include "xmpp/stanza.hpp"

#include <array>
#include <utility>

#include "xmpp/namespaces.hpp"

namespace smfront::xmpp {

namespace {

constexpr std::array<std::string_view, 5> kErrorTypes = {"auth", "cancel", "continue", "modify", "wait"};

struct ConditionInfo {
  std::string_view name;
  ErrorType type;
};

// Indexed by StanzaErrorCondition; the types follow the examples of RFC 6120 8.3.3.
constexpr std::array<ConditionInfo, 22> kConditions = {{
    {"bad-request", ErrorType::Modify},
    {"conflict", ErrorType::Cancel},
    {"feature-not-implemented", ErrorType::Cancel},
    {"forbidden", ErrorType::Auth},
    {"gone", ErrorType::Cancel},
    {"internal-server-error", ErrorType::Cancel},
    {"item-not-found", ErrorType::Cancel},
    {"jid-malformed", ErrorType::Modify},
    {"not-acceptable", ErrorType::Modify},
    {"not-allowed", ErrorType::Cancel},
    {"not-authorized", ErrorType::Auth},
    {"policy-violation", ErrorType::Modify},
    {"recipient-unavailable", ErrorType::Wait},
    {"redirect", ErrorType::Modify},
    {"registration-required", ErrorType::Auth},
    {"remote-server-not-found", ErrorType::Cancel},
    {"remote-server-timeout", ErrorType::Wait},
    {"resource-constraint", ErrorType::Wait},
    {"service-unavailable", ErrorType::Cancel},
    {"subscription-required", ErrorType::Auth},
    {"undefined-condition", ErrorType::Cancel},
    {"unexpected-request", ErrorType::Wait},
}};

bool isClientNs(const xml::Element& e) { return e.ns() == ns::kClient || e.ns().empty(); }

// Copies the request's addressing to the reply, reversed.
void addressReply(xml::Element& reply, const xml::Element& request) {
  if (const std::string* from = request.attr("from")) reply.setAttr("to", *from);
  if (const std::string* to = request.attr("to")) reply.setAttr("from", *to);
  if (const std::string* id = request.attr("id")) reply.setAttr("id", *id);
}

}  // namespace

StanzaHeader readHeader(const xml::Element& stanza) {
  StanzaHeader h;
  if (isClientNs(stanza)) {
    if (stanza.name() == "message") h.kind = StanzaKind::Message;
    else if (stanza.name() == "presence") h.kind = StanzaKind::Presence;
    else if (stanza.name() == "iq") h.kind = StanzaKind::Iq;
  }
  h.to = stanza.attrOr("to", "");
  h.from = stanza.attrOr("from", "");
  h.type = stanza.attrOr("type", "");
  h.id = stanza.attrOr("id", "");
  return h;
}

std::string_view toString(ErrorType type) noexcept { return kErrorTypes[static_cast<std::size_t>(type)]; }

std::optional<ErrorType> errorTypeFromString(std::string_view text) noexcept {
  for (std::size_t i = 0; i < kErrorTypes.size(); ++i) {
    if (kErrorTypes[i] == text) return static_cast<ErrorType>(i);
  }
  return std::nullopt;
}

std::string_view toString(StanzaErrorCondition condition) noexcept {
  return kConditions[static_cast<std::size_t>(condition)].name;
}

std::optional<StanzaErrorCondition> stanzaErrorConditionFromString(std::string_view text) noexcept {
  for (std::size_t i = 0; i < kConditions.size(); ++i) {
    if (kConditions[i].name == text) return static_cast<StanzaErrorCondition>(i);
  }
  return std::nullopt;
}

ErrorType defaultErrorType(StanzaErrorCondition condition) noexcept {
  return kConditions[static_cast<std::size_t>(condition)].type;
}

StanzaError stanzaError(StanzaErrorCondition condition, std::string text) {
  return {defaultErrorType(condition), condition, std::move(text)};
}

xml::Element errorElement(const StanzaError& error) {
  xml::Element e("error", std::string(ns::kClient));
  e.setAttr("type", std::string(toString(error.type)));
  e.addChild(xml::Element(std::string(toString(error.condition)), std::string(ns::kStanzas)));
  if (!error.text.empty()) {
    e.addChild(xml::Element("text", std::string(ns::kStanzas))).addText(error.text);
  }
  return e;
}

std::optional<StanzaError> readStanzaError(const xml::Element& stanza) {
  const xml::Element* error = stanza.child("error");
  if (error == nullptr) return std::nullopt;
  StanzaError out;
  out.type = errorTypeFromString(error->attrOr("type", "")).value_or(ErrorType::Cancel);
  for (const xml::Element& c : error->children()) {
    if (c.ns() != ns::kStanzas) continue;
    if (c.name() == "text") {
      out.text = c.text();
    } else if (auto condition = stanzaErrorConditionFromString(c.name())) {
      out.condition = *condition;
    }
  }
  return out;
}

xml::Element iqResult(const xml::Element& request, std::optional<xml::Element> payload) {
  xml::Element reply("iq", std::string(ns::kClient));
  addressReply(reply, request);
  reply.setAttr("type", "result");
  if (payload) reply.addChild(std::move(*payload));
  return reply;
}

xml::Element errorReply(const xml::Element& request, const StanzaError& error) {
  xml::Element reply(request.name(), std::string(ns::kClient));
  addressReply(reply, request);
  reply.setAttr("type", "error");
  reply.addChild(errorElement(error));
  return reply;
}

xml::Element errorReply(const xml::Element& request, StanzaErrorCondition condition, std::string text) {
  return errorReply(request, stanzaError(condition, std::move(text)));
}

xml::Element makeIq(std::string_view type, std::string_view id, std::string_view to) {
  xml::Element iq("iq", std::string(ns::kClient));
  if (!to.empty()) iq.setAttr("to", std::string(to));
  iq.setAttr("type", std::string(type));
  iq.setAttr("id", std::string(id));
  return iq;
}

xml::Element makeMessage(std::string_view to, std::string_view body, std::string_view type, std::string_view id) {
  xml::Element m("message", std::string(ns::kClient));
  if (!to.empty()) m.setAttr("to", std::string(to));
  if (!type.empty()) m.setAttr("type", std::string(type));
  if (!id.empty()) m.setAttr("id", std::string(id));
  m.addChild(xml::Element("body", std::string(ns::kClient))).addText(body);
  return m;
}

xml::Element makePresence(std::string_view type, std::optional<int> priority, std::string_view to) {
  xml::Element p("presence", std::string(ns::kClient));
  if (!to.empty()) p.setAttr("to", std::string(to));
  if (!type.empty()) p.setAttr("type", std::string(type));
  if (priority) {
    const int clamped = *priority < -128 ? -128 : (*priority > 127 ? 127 : *priority);
    p.addChild(xml::Element("priority", std::string(ns::kClient))).addText(std::to_string(clamped));
  }
  return p;
}

xml::Element makePing(std::string_view id, std::string_view to) {
  xml::Element iq = makeIq("get", id, to);
  iq.addChild(xml::Element("ping", std::string(ns::kPing)));
  return iq;
}

bool isPing(const xml::Element& stanza) {
  const StanzaHeader h = readHeader(stanza);
  return h.kind == StanzaKind::Iq && h.type == "get" && stanza.child("ping", ns::kPing) != nullptr;
}

}  // namespace smfront::xmpp
