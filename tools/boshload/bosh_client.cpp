#include "bosh_client.hpp"

#include <utility>

#include "bosh/namespaces.hpp"
#include "xml/escape.hpp"
#include "xml/parser.hpp"
#include "xmpp/base64.hpp"
#include "xmpp/namespaces.hpp"

namespace boshload {

namespace xml = smfront::xml;
namespace xmpp = smfront::xmpp;
namespace ns = smfront::xmpp::ns;

namespace {

constexpr std::string_view kBindId = "bl-bind";
constexpr std::string_view kSessionId = "bl-session";
constexpr std::string_view kReadyId = "bl-ready";

std::string saslElement(std::string_view name, std::string_view data, std::string_view mechanism = {}) {
  std::string out = "<";
  out += name;
  out += " xmlns='";
  out += ns::kSasl;
  out += "'";
  if (!mechanism.empty()) {
    out += " mechanism='";
    out += mechanism;
    out += "'";
  }
  out += ">";
  out += data.empty() ? std::string("=") : xmpp::base64Encode(data);
  out += "</";
  out += name;
  out += ">";
  return out;
}

}  // namespace

BoshClient::BoshClient(Login login) : login_(std::move(login)), rid_(login_.firstRid) {}

void BoshClient::fail(std::string why) {
  if (state_ == State::Failed) return;
  state_ = State::Failed;
  error_ = login_.user + ": " + std::move(why);
}

std::string BoshClient::nextBody() {
  const std::string rid = std::to_string(rid_++);
  std::string out;
  if (!created_) {
    created_ = true;
    out = "<body content='text/xml; charset=utf-8' hold='1' rid='" + rid + "' to='" + xml::escapeAttribute(login_.domain) +
          "' ver='1.6' wait='60' xml:lang='en' xmlns='" + std::string(smfront::bosh::kHttpBindNs) +
          "' xmlns:xmpp='urn:xmpp:xbosh' xmpp:version='1.0'/>";
    return out;
  }
  out = "<body rid='" + rid + "' sid='" + sid_ + "' xmlns='" + std::string(smfront::bosh::kHttpBindNs) + "'";
  if (restartNext_) {
    restartNext_ = false;
    out += " to='" + xml::escapeAttribute(login_.domain) + "' xml:lang='en' xmlns:xmpp='urn:xmpp:xbosh' xmpp:restart='true'/>";
    return out;
  }
  if (pending_.empty()) {
    out += "/>";
    return out;
  }
  out += ">";
  out += pending_;
  out += "</body>";
  pending_.clear();
  return out;
}

void BoshClient::onResponse(std::string_view body) {
  if (state_ == State::Failed) return;
  auto parsed = xml::parseDocument(body);
  if (!parsed) {
    fail("unparsable response body");
    return;
  }
  const xml::Element& root = parsed.value();
  if (root.name() != "body") {
    fail("response root is not <body/>");
    return;
  }
  if (const std::string* type = root.attr("type"); type != nullptr && *type == "terminate") {
    const std::string* condition = root.attr("condition");
    fail("terminated: " + (condition != nullptr ? *condition : std::string("no condition")));
    return;
  }
  if (state_ == State::Creating && sid_.empty()) {
    const std::string* sid = root.attr("sid");
    if (sid == nullptr || sid->empty()) {
      fail("creation response without sid");
      return;
    }
    sid_ = *sid;
  }
  for (const xml::Element& child : root.children()) {
    if (state_ == State::Failed) return;
    handleStanza(child);
  }
}

void BoshClient::handleFeatures(const xml::Element& features) {
  if (state_ == State::Creating) {
    const xml::Element* mechanisms = features.child("mechanisms", ns::kSasl);
    bool offered = false;
    if (mechanisms != nullptr) {
      for (const xml::Element& m : mechanisms->children("mechanism")) offered = offered || m.text() == login_.mechanism;
    }
    if (!offered) {
      fail("server does not offer " + login_.mechanism);
      return;
    }
    sasl_ = xmpp::makeClientMechanism(login_.mechanism, {login_.user, login_.password, {}});
    if (!sasl_) {
      fail("unknown mechanism " + login_.mechanism);
      return;
    }
    pending_ += saslElement("auth", sasl_->initialResponse(), login_.mechanism);
    state_ = State::Authenticating;
  } else if (state_ == State::Restarting) {
    if (features.child("bind", ns::kBind) == nullptr) {
      fail("no bind feature after restart");
      return;
    }
    pending_ += "<iq type='set' id='" + std::string(kBindId) + "'><bind xmlns='" + std::string(ns::kBind) + "'><resource>" +
                xml::escapeText(login_.resource) + "</resource></bind></iq>";
    state_ = State::Binding;
  }
}

void BoshClient::handleStanza(const xml::Element& stanza) {
  const std::string& name = stanza.name();
  if (name == "features" && stanza.ns() == ns::kStream) {
    handleFeatures(stanza);
    return;
  }
  if (stanza.ns() == ns::kSasl && state_ == State::Authenticating) {
    if (name == "challenge") {
      auto decoded = xmpp::base64Decode(stanza.text() == "=" ? std::string() : stanza.text());
      auto reply = decoded ? sasl_->challenge(*decoded) : std::nullopt;
      if (!reply) {
        fail("bad SASL challenge: " + sasl_->error());
        return;
      }
      pending_ += saslElement("response", *reply);
    } else if (name == "success") {
      const std::string text = stanza.text();
      auto decoded = text.empty() || text == "=" ? std::optional<std::string>(std::string()) : xmpp::base64Decode(text);
      if (!decoded || !sasl_->success(*decoded)) {
        fail("SASL success not verified: " + sasl_->error());
        return;
      }
      restartNext_ = true;
      state_ = State::Restarting;
    } else if (name == "failure") {
      const xml::Element* condition = stanza.children().empty() ? nullptr : &*stanza.children().begin();
      fail("SASL failure " + (condition != nullptr ? condition->name() : std::string()));
    }
    return;
  }
  if (name == "iq") {
    const std::string id = stanza.attrOr("id", "");
    const std::string type = stanza.attrOr("type", "");
    if (state_ == State::Binding && id == kBindId) {
      if (type != "result") {
        fail("bind refused");
        return;
      }
      const xml::Element* bind = stanza.child("bind", ns::kBind);
      jid_ = bind != nullptr ? bind->childText("jid") : std::string();
      pending_ += "<iq type='set' id='" + std::string(kSessionId) + "'><session xmlns='" + std::string(ns::kSession) +
                  "'/></iq>";
      state_ = State::Starting;
      return;
    }
    if (state_ == State::Starting && id == kSessionId) {
      if (type != "result") {
        fail("session IQ refused");
        return;
      }
      pending_ += "<presence/><iq type='get' id='" + std::string(kReadyId) + "' to='" + xml::escapeAttribute(login_.domain) +
                  "'><ping xmlns='" + std::string(ns::kPing) + "'/></iq>";
      state_ = State::Presence;
      return;
    }
    if (state_ == State::Presence && id == kReadyId) {
      // An error answer still proves the presence before it was handled.
      state_ = State::Established;
      return;
    }
  }
  if (onStanza) onStanza(stanza);
}

}  // namespace boshload
