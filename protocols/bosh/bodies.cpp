#include "bosh/bodies.hpp"

#include "bosh/namespaces.hpp"
#include "xml/escape.hpp"

namespace smfront::bosh {

namespace {

void attribute(std::string& out, std::string_view name, std::string_view value) {
  out += ' ';
  out += name;
  out += "='";
  xml::appendEscapedAttribute(out, value);
  out += '\'';
}

void attribute(std::string& out, std::string_view name, std::uint64_t value) {
  attribute(out, name, std::to_string(value));
}

// Escaped text cannot contain '<', so a "<stream:" in serialized XML is a start tag.
bool usesStreamPrefix(std::string_view payload) noexcept {
  return payload.find("<stream:") != std::string_view::npos;
}

void openBody(std::string& out, bool declareStream) {
  out += "<body";
  attribute(out, "xmlns", kHttpBindNs);
  if (declareStream) attribute(out, "xmlns:stream", kStreamNs);
}

void closeBody(std::string& out, std::string_view payload) {
  if (payload.empty()) {
    out += "/>";
    return;
  }
  out += '>';
  out += payload;
  out += "</body>";
}

}  // namespace

std::string creationBody(const CreationAttributes& a, std::string_view features) {
  std::string out;
  out.reserve(480 + features.size());
  out += "<body";
  attribute(out, "xmlns", kHttpBindNs);
  attribute(out, "xmlns:xmpp", kXboshNs);
  attribute(out, "xmlns:stream", kStreamNs);
  attribute(out, "sid", a.sid);
  attribute(out, "authid", a.sid);
  attribute(out, "from", a.from);
  attribute(out, "wait", static_cast<std::uint64_t>(a.wait.count()));
  attribute(out, "hold", a.hold);
  attribute(out, "requests", a.requests);
  attribute(out, "inactivity", static_cast<std::uint64_t>(a.inactivity.count()));
  attribute(out, "polling", static_cast<std::uint64_t>(a.polling.count()));
  attribute(out, "maxpause", static_cast<std::uint64_t>(a.maxPause.count()));
  attribute(out, "ver", a.ver);
  attribute(out, "secure", a.secure ? "true" : "false");
  attribute(out, "xmpp:version", "1.0");
  attribute(out, "xmpp:restartlogic", "true");
  if (a.ack) attribute(out, "ack", *a.ack);
  closeBody(out, features);
  return out;
}

std::string responseBody(std::string_view payload, std::optional<std::uint64_t> ack) {
  std::string out;
  out.reserve(64 + payload.size());
  openBody(out, usesStreamPrefix(payload));
  if (ack) attribute(out, "ack", *ack);
  closeBody(out, payload);
  return out;
}

std::string terminateBody(Condition condition, std::string_view payload) {
  std::string out;
  out.reserve(112 + payload.size());
  openBody(out, usesStreamPrefix(payload));
  attribute(out, "type", "terminate");
  if (condition != Condition::None) attribute(out, "condition", toString(condition));
  closeBody(out, payload);
  return out;
}

std::string streamError(std::string_view condition, std::string_view text) {
  std::string out = "<stream:error><";
  out += condition;
  attribute(out, "xmlns", kStreamErrorNs);
  out += "/>";
  if (!text.empty()) {
    out += "<text";
    attribute(out, "xmlns", kStreamErrorNs);
    out += '>';
    xml::appendEscapedText(out, text);
    out += "</text>";
  }
  out += "</stream:error>";
  return out;
}

}  // namespace smfront::bosh
