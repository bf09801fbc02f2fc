#include "xmpp/sasl_server.hpp"

#include <algorithm>

#include "xmpp/namespaces.hpp"

namespace smfront::xmpp {

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
