#include "ccp/xmpp_config.hpp"

#include "ccp/notification_rule.hpp"
#include "ccp/request_body.hpp"
#include "ccp/validation.hpp"
#include "ccp/xml_fields.hpp"
#include "xml/writer.hpp"

namespace smfront::ccp {

namespace {

constexpr std::size_t kMaxHostChars = 253;

// Letters, digits, '-', '.', and ':' for IPv6 literals; what a host or domain may hold.
bool isHostName(std::string_view name) {
  if (name.empty() || name.size() > kMaxHostChars) return false;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '.' || c == ':' || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::optional<std::string> hostField(FieldReader& in, std::string_view name) {
  auto value = in.text(name);
  if (!value) return value;
  std::string trimmed(trimXmlSpace(*value));
  if (!trimmed.empty() && !isHostName(trimmed)) {
    in.problems().push_back(invalidValue(name, std::string(name) + " must be a host name or address"));
    return std::nullopt;
  }
  return trimmed;
}

}  // namespace

Parsed<XmppConfigUpdate> parseXmppConfigUpdate(std::string_view body) {
  Parsed<xml::Element> doc = parseXmlBody(body, "Xmpp");
  if (!doc) return doc.problems();
  Problems problems;
  FieldReader in(*doc, problems);
  XmppConfigUpdate u;
  u.xmppEnabled = in.boolean("xmppEnabled");
  u.xmppHost = hostField(in, "xmppHost");
  u.xmppPort = in.integer("xmppPort", 1, 65535);
  u.xmppService = hostField(in, "xmppService");
  u.xmppServiceLookup = in.boolean("xmppServiceLookup");
  u.xmppServiceUsername = in.text("xmppServiceUsername", 1023);
  if (!u.xmppServiceUsername) u.xmppServiceUsername = in.text("xmppServiceUserName", 1023);
  if (u.xmppServiceUsername) u.xmppServiceUsername = std::string(trimXmlSpace(*u.xmppServiceUsername));
  u.xmppServicePassword = in.text("xmppServicePassword", 1023);
  if (!problems.empty()) return problems;
  return u;
}

Problems applyXmppConfigUpdate(XmppConfig& c, const XmppConfigUpdate& u) {
  if (u.xmppEnabled) c.xmppEnabled = *u.xmppEnabled;
  if (u.xmppHost) c.xmppHost = *u.xmppHost;
  if (u.xmppPort) c.xmppPort = *u.xmppPort;
  if (u.xmppService) c.xmppService = *u.xmppService;
  if (u.xmppServiceLookup) c.xmppServiceLookup = *u.xmppServiceLookup;
  if (u.xmppServiceUsername) c.xmppServiceUsername = *u.xmppServiceUsername;
  if (u.xmppServicePassword && *u.xmppServicePassword != kMaskedPassword) c.xmppServicePassword = *u.xmppServicePassword;
  Problems problems;
  if (c.xmppEnabled) {
    if (c.xmppService.empty()) problems.push_back(fieldRequired("xmppService"));
    if (c.xmppHost.empty() && !c.xmppServiceLookup) problems.push_back(fieldRequired("xmppHost"));
    if (c.xmppServiceUsername.empty()) problems.push_back(fieldRequired("xmppServiceUsername"));
  }
  return problems;
}

std::string serializeXmppConfig(const XmppConfig& c) {
  xml::Writer w;
  w.open("Xmpp");
  writeBoolean(w, "xmppEnabled", c.xmppEnabled);
  w.leaf("xmppHost", c.xmppHost);
  writeInteger(w, "xmppPort", c.xmppPort);
  w.leaf("xmppService", c.xmppService);
  writeBoolean(w, "xmppServiceLookup", c.xmppServiceLookup);
  w.leaf("xmppServiceUsername", c.xmppServiceUsername);
  w.leaf("xmppServicePassword", c.xmppServicePassword.empty() ? std::string_view{} : kMaskedPassword);
  if (!c.refURL.empty()) w.leaf("refURL", c.refURL);
  w.close();
  return w.take();
}

}  // namespace smfront::ccp
