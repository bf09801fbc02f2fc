#include "xmpp/stream.hpp"

#include <array>

#include "xml/writer.hpp"
#include "xmpp/namespaces.hpp"

namespace smfront::xmpp {

namespace {

constexpr std::array<std::string_view, 25> kStreamConditions = {
    "bad-format",
    "bad-namespace-prefix",
    "conflict",
    "connection-timeout",
    "host-gone",
    "host-unknown",
    "improper-addressing",
    "internal-server-error",
    "invalid-from",
    "invalid-namespace",
    "invalid-xml",
    "not-authorized",
    "not-well-formed",
    "policy-violation",
    "remote-connection-failed",
    "reset",
    "resource-constraint",
    "restricted-xml",
    "see-other-host",
    "system-shutdown",
    "undefined-condition",
    "unsupported-encoding",
    "unsupported-feature",
    "unsupported-stanza-type",
    "unsupported-version",
};

}  // namespace

std::string streamOpen(const StreamHeader& header) {
  xml::Writer w;
  if (header.xmlDeclaration) w.raw("<?xml version='1.0'?>");
  w.open("stream:stream", ns::kClient).attr("xmlns:stream", ns::kStream);
  if (!header.to.empty()) w.attr("to", header.to);
  if (!header.from.empty()) w.attr("from", header.from);
  if (!header.id.empty()) w.attr("id", header.id);
  if (!header.version.empty()) w.attr("version", header.version);
  if (!header.lang.empty()) w.attr("xml:lang", header.lang);
  // take() ends the start tag and leaves the element open: the stream stays open.
  return w.take();
}

std::string_view streamClose() noexcept { return "</stream:stream>"; }

std::string_view toString(StreamErrorCondition condition) noexcept {
  return kStreamConditions[static_cast<std::size_t>(condition)];
}

std::optional<StreamErrorCondition> streamErrorConditionFromString(std::string_view text) noexcept {
  for (std::size_t i = 0; i < kStreamConditions.size(); ++i) {
    if (kStreamConditions[i] == text) return static_cast<StreamErrorCondition>(i);
  }
  return std::nullopt;
}

std::string streamErrorXml(StreamErrorCondition condition, std::string_view text) {
  xml::Writer w;
  w.open("stream:error").open(toString(condition), ns::kStreamErrors).close();
  if (!text.empty()) w.open("text", ns::kStreamErrors).text(text).close();
  w.close();
  return w.take();
}

std::optional<StreamErrorInfo> readStreamError(const xml::Element& element) {
  if (element.name() != "error" || element.ns() != ns::kStream) return std::nullopt;
  StreamErrorInfo info;
  for (const xml::Element& c : element.children()) {
    if (c.ns() != ns::kStreamErrors) continue;
    if (c.name() == "text") info.text = c.text();
    else if (info.condition.empty()) info.condition = c.name();
  }
  if (info.condition.empty()) info.condition = "undefined-condition";
  return info;
}

StreamFeatures readFeatures(const xml::Element& features) {
  StreamFeatures f;
  if (const xml::Element* tls = features.child("starttls", ns::kTls)) {
    f.starttls = true;
    f.starttlsRequired = tls->child("required", ns::kTls) != nullptr;
  }
  if (const xml::Element* mechanisms = features.child("mechanisms", ns::kSasl)) {
    for (const xml::Element& m : mechanisms->children("mechanism", ns::kSasl)) f.mechanisms.push_back(m.text());
  }
  f.bind = features.child("bind", ns::kBind) != nullptr;
  if (const xml::Element* session = features.child("session", ns::kSession)) {
    f.session = true;
    f.sessionOptional = session->child("optional", ns::kSession) != nullptr;
  }
  f.streamManagement = features.child("sm", ns::kStreamManagement) != nullptr;
  return f;
}

std::string featuresXml(const StreamFeatures& features) {
  xml::Writer w;
  w.open("stream:features");
  if (features.starttls) {
    w.open("starttls", ns::kTls);
    if (features.starttlsRequired) w.leaf("required");
    w.close();
  }
  if (!features.mechanisms.empty()) {
    w.open("mechanisms", ns::kSasl);
    for (const std::string& m : features.mechanisms) w.leaf("mechanism", m);
    w.close();
  }
  if (features.bind) w.open("bind", ns::kBind).close();
  if (features.session) {
    w.open("session", ns::kSession);
    if (features.sessionOptional) w.leaf("optional");
    w.close();
  }
  if (features.streamManagement) w.open("sm", ns::kStreamManagement).close();
  w.close();
  return w.take();
}

StreamFeatures preAuthFeatures(std::vector<std::string> mechanisms) {
  StreamFeatures f;
  f.mechanisms = std::move(mechanisms);
  return f;
}

StreamFeatures postAuthFeatures() {
  StreamFeatures f;
  f.bind = true;
  f.session = true;
  f.sessionOptional = true;
  return f;
}

}  // namespace smfront::xmpp
