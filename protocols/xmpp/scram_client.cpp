#include "xmpp/scram_client.hpp"

#include <charconv>

#include "xmpp/base64.hpp"
#include "xmpp/scram_messages.hpp"

namespace smfront::xmpp {

ScramClient::ScramClient(HashAlgorithm algorithm, ClientCredentials credentials, NonceSource nonce)
    : algorithm_(algorithm), credentials_(std::move(credentials)), nonce_(std::move(nonce)) {}

std::string_view ScramClient::name() const noexcept {
  return algorithm_ == HashAlgorithm::Sha1 ? "SCRAM-SHA-1" : "SCRAM-SHA-256";
}

std::string ScramClient::initialResponse() {
  gs2Header_ = "n,";
  if (!credentials_.authzid.empty()) gs2Header_ += "a=" + scram::encodeSaslName(credentials_.authzid);
  gs2Header_ += ',';
  clientNonce_ = nonce_ ? nonce_() : secureNonce();
  clientFirstBare_ = "n=" + scram::encodeSaslName(credentials_.username) + ",r=" + clientNonce_;
  state_ = State::SentFirst;
  return gs2Header_ + clientFirstBare_;
}

std::optional<std::string> ScramClient::challenge(std::string_view data) {
  if (state_ == State::SentFirst) {
    auto reply = onServerFirst(data);
    state_ = reply ? State::SentFinal : State::Failed;
    return reply;
  }
  if (state_ == State::SentFinal) {
    // Server-final inside a challenge: answer with an empty response, then expect <success/>.
    if (!onServerFinal(data)) return std::nullopt;
    return std::string();
  }
  error_ = "unexpected challenge";
  state_ = State::Failed;
  return std::nullopt;
}

bool ScramClient::success(std::string_view data) {
  if (state_ == State::Verified && data.empty()) return true;
  if (state_ == State::SentFinal && !data.empty()) return onServerFinal(data);
  error_ = state_ == State::Verified ? "unexpected data after the server signature"
                                     : "success without the server signature";
  state_ = State::Failed;
  return false;
}

std::optional<std::string> ScramClient::onServerFirst(std::string_view data) {
  const auto attrs = scram::parseAttributes(data);
  if (!attrs || attrs->size() < 3) {
    error_ = "bad server-first-message";
    return std::nullopt;
  }
  if ((*attrs)[0].first == 'm') {
    error_ = "server requires an unsupported extension";
    return std::nullopt;
  }
  if ((*attrs)[0].first != 'r' || (*attrs)[1].first != 's' || (*attrs)[2].first != 'i') {
    error_ = "server-first-message needs r=, s=, i=";
    return std::nullopt;
  }
  const std::string_view nonce = (*attrs)[0].second;
  if (!nonce.starts_with(clientNonce_) || nonce.size() == clientNonce_.size() || !scram::isValidNonce(nonce)) {
    error_ = "server nonce does not extend the client nonce";
    return std::nullopt;
  }
  const auto salt = base64Decode((*attrs)[1].second);
  if (!salt || salt->empty()) {
    error_ = "bad salt";
    return std::nullopt;
  }
  const std::string_view iterText = (*attrs)[2].second;
  std::uint32_t iterations = 0;
  const auto [end, ec] = std::from_chars(iterText.data(), iterText.data() + iterText.size(), iterations);
  if (ec != std::errc() || end != iterText.data() + iterText.size() || iterations == 0 ||
      iterations > kMaxIterations) {
    error_ = "bad iteration count";
    return std::nullopt;
  }

  const std::string salted = pbkdf2(algorithm_, credentials_.password, *salt, iterations);
  const std::string clientKey = hmac(algorithm_, salted, "Client Key");
  const std::string storedKey = hashDigest(algorithm_, clientKey);
  const std::string serverKey = hmac(algorithm_, salted, "Server Key");
  const std::string withoutProof = "c=" + base64Encode(gs2Header_) + ",r=" + std::string(nonce);
  const std::string authMessage = clientFirstBare_ + "," + std::string(data) + "," + withoutProof;
  const std::string clientSignature = hmac(algorithm_, storedKey, authMessage);
  expectedServerSignature_ = hmac(algorithm_, serverKey, authMessage);
  return withoutProof + ",p=" + base64Encode(scram::xorBytes(clientKey, clientSignature));
}

bool ScramClient::onServerFinal(std::string_view data) {
  state_ = State::Failed;
  if (data.starts_with("e=")) {
    error_ = "server error: " + std::string(data.substr(2));
    return false;
  }
  const auto attrs = scram::parseAttributes(data);
  if (!attrs || attrs->empty() || (*attrs)[0].first != 'v') {
    error_ = "bad server-final-message";
    return false;
  }
  const auto signature = base64Decode((*attrs)[0].second);
  if (!signature || !constantTimeEqual(*signature, expectedServerSignature_)) {
    error_ = "server signature mismatch";
    return false;
  }
  state_ = State::Verified;
  return true;
}

}  // namespace smfront::xmpp
