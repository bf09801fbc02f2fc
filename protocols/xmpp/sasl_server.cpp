#include "xmpp/sasl_server.hpp"

#include <algorithm>

#include "xmpp/namespaces.hpp"

namespace smfront::xmpp {

namespace {

// SCRAM's saslname (RFC 5802 5.1): ',' and '=' travel as =2C and =3D.
std::string unescapeSaslName(std::string_view name) {
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '=' && name.substr(i, 3) == "=2C") {
      out += ',';
      i += 2;
    } else if (name[i] == '=' && name.substr(i, 3) == "=3D") {
      out += '=';
      i += 2;
    } else {
      out += name[i];
    }
  }
  return out;
}

}  // namespace

std::string claimedUsername(const xml::Element& auth) {
  if (auth.name() != "auth" || auth.ns() != ns::kSasl) return {};
  const auto payload = readSaslPayload(auth);
  if (!payload || !payload->present) return {};
  const std::string_view data = payload->data;
  const std::string mechanism = auth.attrOr("mechanism", "");
  if (mechanism == mechanism::kPlain) {
    // authzid NUL authcid NUL password
    const auto first = data.find('\0');
    const auto second = first == std::string_view::npos ? first : data.find('\0', first + 1);
    if (second == std::string_view::npos) return {};
    return std::string(data.substr(first + 1, second - first - 1));
  }
  if (mechanism.starts_with("SCRAM-")) {
    // gs2-header (two fields, then a comma) then n=<name>,r=<nonce>...
    const auto firstComma = data.find(',');
    const auto secondComma = firstComma == std::string_view::npos ? firstComma : data.find(',', firstComma + 1);
    if (secondComma == std::string_view::npos) return {};
    const std::string_view bare = data.substr(secondComma + 1);
    if (!bare.starts_with("n=")) return {};
    return unescapeSaslName(bare.substr(2, bare.find(',') == std::string_view::npos ? std::string_view::npos
                                                                                    : bare.find(',') - 2));
  }
  return {};
}

SaslServer::SaslServer(ServerContext context, SaslServerOptions options)
    : context_(std::move(context)), options_(std::move(options)) {}

SaslReply SaslServer::handle(const xml::Element& nonza) {
  if (nonza.ns() != ns::kSasl) return fail(SaslCondition::MalformedRequest, "not a SASL element");
  if (nonza.name() == "abort") return abort();
  if (nonza.name() != "auth" && nonza.name() != "response") {
    return fail(SaslCondition::MalformedRequest, "unexpected SASL element <" + nonza.name() + ">");
  }
  const auto payload = readSaslPayload(nonza);
  if (!payload) {
    current_.reset();
    return fail(SaslCondition::IncorrectEncoding, "payload is not base64");
  }
  if (nonza.name() == "response") return respond(payload->data);
  std::optional<std::string_view> initial;
  if (payload->present) initial = payload->data;
  return start(nonza.attrOr("mechanism", ""), initial);
}

SaslReply SaslServer::start(std::string_view mechanism, std::optional<std::string_view> initialResponse) {
  current_.reset();
  if (authenticated()) return fail(SaslCondition::MalformedRequest, "already authenticated");
  const bool offered = std::find(options_.mechanisms.begin(), options_.mechanisms.end(), mechanism) !=
                       options_.mechanisms.end();
  if (offered) current_ = makeServerMechanism(mechanism, context_);
  if (!current_) return fail(SaslCondition::InvalidMechanism, "mechanism not offered: " + std::string(mechanism));
  // Without an initial response the client waits for an empty challenge (RFC 6120 6.4.2).
  if (!initialResponse) {
    SaslReply reply;
    reply.outcome = SaslReply::Outcome::Continue;
    reply.xml = saslChallengeXml({});
    return reply;
  }
  return answer(current_->step(*initialResponse));
}

SaslReply SaslServer::respond(std::string_view data) {
  if (!current_) return fail(SaslCondition::MalformedRequest, "response without an exchange");
  return answer(current_->step(data));
}

SaslReply SaslServer::abort() {
  current_.reset();
  return fail(SaslCondition::Aborted, "client aborted");
}

SaslReply SaslServer::answer(const ServerStep& step) {
  SaslReply reply;
  switch (step.kind) {
    case ServerStep::Kind::Challenge:
      reply.outcome = SaslReply::Outcome::Continue;
      reply.xml = saslChallengeXml(step.data);
      return reply;
    case ServerStep::Kind::Success:
      username_ = current_->username();
      current_.reset();
      reply.outcome = SaslReply::Outcome::Success;
      reply.xml = saslSuccessXml(step.data);
      return reply;
    case ServerStep::Kind::Failure:
      break;
  }
  current_.reset();
  return fail(step.condition, step.reason);
}

SaslReply SaslServer::fail(SaslCondition condition, std::string reason) {
  ++failures_;
  SaslReply reply;
  reply.outcome = SaslReply::Outcome::Failure;
  reply.xml = saslFailureXml(condition);
  reply.condition = condition;
  reply.reason = std::move(reason);
  reply.closeStream = options_.maxFailures > 0 && failures_ >= options_.maxFailures;
  return reply;
}

}  // namespace smfront::xmpp
