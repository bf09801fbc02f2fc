#include "xmpp/scram_messages.hpp"

namespace smfront::xmpp::scram {

std::optional<HashAlgorithm> algorithmOf(std::string_view mechanism) noexcept {
  if (mechanism == "SCRAM-SHA-1") return HashAlgorithm::Sha1;
  if (mechanism == "SCRAM-SHA-256") return HashAlgorithm::Sha256;
  return std::nullopt;
}

std::string encodeSaslName(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (const char c : name) {
    if (c == ',') out += "=2C";
    else if (c == '=') out += "=3D";
    else out += c;
  }
  return out;
}

std::optional<std::string> decodeSaslName(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '=') {
      out += text[i];
      continue;
    }
    const std::string_view escape = text.substr(i + 1, 2);
    if (escape == "2C") out += ',';
    else if (escape == "3D") out += '=';
    else return std::nullopt;
    i += 2;
  }
  if (out.empty()) return std::nullopt;
  return out;
}

bool isValidNonce(std::string_view nonce) noexcept {
  if (nonce.empty()) return false;
  for (const char c : nonce) {
    if (c < 0x21 || c > 0x7E || c == ',') return false;
  }
  return true;
}

std::optional<std::vector<Attribute>> parseAttributes(std::string_view message) {
  std::vector<Attribute> out;
  while (true) {
    const std::size_t comma = message.find(',');
    const std::string_view part = message.substr(0, comma);
    if (part.size() < 2 || part[1] != '=') return std::nullopt;
    const char name = part[0];
    if (!((name >= 'a' && name <= 'z') || (name >= 'A' && name <= 'Z'))) return std::nullopt;
    out.emplace_back(name, part.substr(2));
    if (comma == std::string_view::npos) break;
    message.remove_prefix(comma + 1);
  }
  return out;
}

std::string xorBytes(std::string_view a, std::string_view b) {
  std::string out(a);
  for (std::size_t i = 0; i < out.size() && i < b.size(); ++i) out[i] = static_cast<char>(out[i] ^ b[i]);
  return out;
}

}  // namespace smfront::xmpp::scram
