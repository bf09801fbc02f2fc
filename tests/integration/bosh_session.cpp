#include "bosh_session.hpp"

#include <regex>

#include "xmpp/base64.hpp"

namespace smfront::testing {

using namespace std::chrono_literals;

namespace {
constexpr std::string_view kBodyNs = "xmlns='http://jabber.org/protocol/httpbind'";
}

BoshSession::BoshSession(int port, std::string source) : port_(port) {
  http_.setSourceAddress(std::move(source));
}

std::string BoshSession::create(int wait) {
  const std::string body = send({}, "to='localhost' wait='" + std::to_string(wait) +
                                        "' hold='1' ver='1.6' xmlns:xmpp='urn:xmpp:xbosh' xmpp:version='1.0'");
  std::smatch m;
  if (std::regex_search(body, m, std::regex("sid='([0-9a-f]{32})'"))) sid_ = m[1].str();
  return body;
}

std::string BoshSession::send(const std::string& payload, const std::string& attributes,
                              std::chrono::milliseconds deadline) {
  if (!http_.connected() || http_.peerClosed()) {
    if (!http_.connect(port_, 5s)) return {};
  }
  std::string body = "<body " + std::string(kBodyNs) + " rid='" + std::to_string(rid_++) + "'";
  if (!sid_.empty()) body += " sid='" + sid_ + "'";
  if (!attributes.empty()) body += " " + attributes;
  body += payload.empty() ? "/>" : ">" + payload + "</body>";
  auto r = http_.request("POST", "/http-bind/", {{"Content-Type", "text/xml; charset=utf-8"}}, body, deadline);
  last_ = r ? r->body : std::string();
  if (last_.find("type='terminate'") != std::string::npos) terminated_ = true;
  return last_;
}

std::string BoshSession::authPlain(const std::string& user, const std::string& password) {
  const std::string raw = std::string(1, '\0') + user + std::string(1, '\0') + password;
  return send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + xmpp::base64Encode(raw) + "</auth>");
}

bool BoshSession::login(const std::string& user, const std::string& password, const std::string& resource) {
  if (sid_.empty() && create().empty()) return false;
  if (authPlain(user, password).find("<success") == std::string::npos) return false;
  if (send({}, "xmpp:restart='true' xmlns:xmpp='urn:xmpp:xbosh'").find("xmpp-bind") == std::string::npos) return false;
  const std::string bound = send("<iq xmlns='jabber:client' type='set' id='bind'><bind "
                                 "xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>" + resource +
                                 "</resource></bind></iq>");
  if (bound.find("<jid>") == std::string::npos) return false;
  // Presence travels with the session request, whose answer releases the request at once.
  const std::string session = send(
      "<iq xmlns='jabber:client' type='set' id='sess'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>"
      "<presence xmlns='jabber:client'/>");
  return !terminated_ && session.find("sess") != std::string::npos;
}

std::string BoshSession::readUntil(const std::string& needle, std::chrono::milliseconds deadline) {
  std::string gathered;
  const auto end = std::chrono::steady_clock::now() + deadline;
  while (std::chrono::steady_clock::now() < end) {
    gathered += send({});
    if (gathered.find(needle) != std::string::npos || terminated_) break;
  }
  return gathered;
}

}  // namespace smfront::testing
