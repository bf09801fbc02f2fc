#include "xmpp/scram_server.hpp"

#include <charconv>

#include "xmpp/base64.hpp"
#include "xmpp/scram_messages.hpp"

namespace smfront::xmpp {

ScramServer::ScramServer(HashAlgorithm algorithm, ServerContext context)
    : algorithm_(algorithm), context_(std::move(context)) {}

std::string_view ScramServer::name() const noexcept {
  return algorithm_ == HashAlgorithm::Sha1 ? "SCRAM-SHA-1" : "SCRAM-SHA-256";
}

ServerStep ScramServer::step(std::string_view message) {
  switch (state_) {
    case State::ClientFirst: {
      ServerStep s = onClientFirst(message);
      state_ = s.kind == ServerStep::Kind::Challenge ? State::ClientFinal : State::Done;
      return s;
    }
    case State::ClientFinal:
      state_ = State::Done;
      return onClientFinal(message);
    case State::Done:
      break;
  }
  return ServerStep::failure(SaslCondition::MalformedRequest, "exchange already finished");
}

ServerStep ScramServer::onClientFirst(std::string_view message) {
  // gs2-header = gs2-cbind-flag "," [ authzid ] ","
  if (message.starts_with("p=")) {
    return ServerStep::failure(SaslCondition::MalformedRequest, "channel binding is not supported");
  }
  if (!(message.starts_with("n,") || message.starts_with("y,"))) {
    return ServerStep::failure(SaslCondition::MalformedRequest, "bad gs2 header");
  }
  const std::size_t end = message.find(',', 2);
  if (end == std::string_view::npos) return ServerStep::failure(SaslCondition::MalformedRequest, "bad gs2 header");
  const std::string_view authzidPart = message.substr(2, end - 2);
  if (!authzidPart.empty()) {
    if (!authzidPart.starts_with("a=")) {
      return ServerStep::failure(SaslCondition::MalformedRequest, "bad authzid in gs2 header");
    }
    auto authzid = scram::decodeSaslName(authzidPart.substr(2));
    if (!authzid) return ServerStep::failure(SaslCondition::MalformedRequest, "bad authzid in gs2 header");
    authzid_ = std::move(*authzid);
  }
  gs2Header_ = std::string(message.substr(0, end + 1));
  clientFirstBare_ = std::string(message.substr(end + 1));

  const auto attrs = scram::parseAttributes(clientFirstBare_);
  if (!attrs || attrs->size() < 2) return ServerStep::failure(SaslCondition::MalformedRequest, "bad client-first-message");
  if ((*attrs)[0].first == 'm') {
    return ServerStep::failure(SaslCondition::MalformedRequest, "mandatory extension not supported");
  }
  if ((*attrs)[0].first != 'n' || (*attrs)[1].first != 'r') {
    return ServerStep::failure(SaslCondition::MalformedRequest, "client-first-message needs n= then r=");
  }
  auto user = scram::decodeSaslName((*attrs)[0].second);
  if (!user) return ServerStep::failure(SaslCondition::MalformedRequest, "bad user name");
  const std::string_view clientNonce = (*attrs)[1].second;
  if (!scram::isValidNonce(clientNonce)) return ServerStep::failure(SaslCondition::MalformedRequest, "bad nonce");
  candidate_ = std::move(*user);

  const UserCredentials* found = context_.lookup ? context_.lookup(candidate_) : nullptr;
  if (found != nullptr) {
    knownUser_ = true;
    credentials_ = found->scram(algorithm_);
  } else {
    // Stable per name, so asking twice does not reveal a random (hence unknown) salt.
    credentials_.algorithm = algorithm_;
    credentials_.salt = hmac(algorithm_, context_.unknownUserKey, "unknown-user\n" + candidate_).substr(0, 16);
    credentials_.iterations = kDefaultScramIterations;
  }

  const std::string serverNonce = context_.nonce ? context_.nonce() : secureNonce();
  if (!scram::isValidNonce(serverNonce)) {
    return ServerStep::failure(SaslCondition::TemporaryAuthFailure, "nonce source gave an unusable nonce");
  }
  nonce_ = std::string(clientNonce) + serverNonce;
  serverFirst_ = "r=" + nonce_ + ",s=" + base64Encode(credentials_.salt) + ",i=" +
                 std::to_string(credentials_.iterations);
  return ServerStep::challenge(serverFirst_);
}

ServerStep ScramServer::onClientFinal(std::string_view message) {
  // client-final-message = channel-binding "," nonce ["," extensions] "," proof
  const std::size_t proofAt = message.rfind(",p=");
  if (proofAt == std::string_view::npos) return ServerStep::failure(SaslCondition::MalformedRequest, "no proof");
  const std::string_view withoutProof = message.substr(0, proofAt);
  const auto attrs = scram::parseAttributes(withoutProof);
  if (!attrs || attrs->size() < 2 || (*attrs)[0].first != 'c' || (*attrs)[1].first != 'r') {
    return ServerStep::failure(SaslCondition::MalformedRequest, "client-final-message needs c= then r=");
  }
  const auto proof = base64Decode(message.substr(proofAt + 3));
  if (!proof || proof->size() != digestSize(algorithm_)) {
    return ServerStep::failure(SaslCondition::MalformedRequest, "proof is not a base64 digest");
  }
  if ((*attrs)[0].second != base64Encode(gs2Header_)) {
    return ServerStep::failure(SaslCondition::NotAuthorized, "channel binding does not repeat the gs2 header");
  }
  if ((*attrs)[1].second != nonce_) return ServerStep::failure(SaslCondition::NotAuthorized, "nonce mismatch");
  if (!knownUser_) return ServerStep::failure(SaslCondition::NotAuthorized, "bad user name or password");

  const std::string authMessage = clientFirstBare_ + "," + serverFirst_ + "," + std::string(withoutProof);
  const std::string clientSignature = hmac(algorithm_, credentials_.storedKey, authMessage);
  const std::string clientKey = scram::xorBytes(*proof, clientSignature);
  if (!constantTimeEqual(hashDigest(algorithm_, clientKey), credentials_.storedKey)) {
    return ServerStep::failure(SaslCondition::NotAuthorized, "bad user name or password");
  }
  if (!authzidAllowed(authzid_, candidate_, context_.domain)) {
    return ServerStep::failure(SaslCondition::InvalidAuthzid, "authzid is not the user's bare JID");
  }
  username_ = candidate_;
  return ServerStep::success("v=" + base64Encode(hmac(algorithm_, credentials_.serverKey, authMessage)));
}

}  // namespace smfront::xmpp
