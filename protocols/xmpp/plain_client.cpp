#include "xmpp/plain_client.hpp"

namespace smfront::xmpp {

std::string PlainClient::initialResponse() {
  std::string out = credentials_.authzid;
  out += '\0';
  out += credentials_.username;
  out += '\0';
  out += credentials_.password;
  return out;
}

std::optional<std::string> PlainClient::challenge(std::string_view) {
  error_ = "PLAIN takes no challenge";
  return std::nullopt;
}

bool PlainClient::success(std::string_view data) {
  if (data.empty()) return true;
  error_ = "PLAIN success carries no data";
  return false;
}

}  // namespace smfront::xmpp
