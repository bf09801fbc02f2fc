#include "eventing/stored_credentials.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <limits>

#include "xmpp/base64.hpp"

namespace smfront::eventing {

namespace json = boost::json;

namespace {

json::object encodeScram(const xmpp::ScramCredentials& scram) {
  return {{"salt", xmpp::base64Encode(scram.salt)},
          {"iterations", scram.iterations},
          {"stored_key", xmpp::base64Encode(scram.storedKey)},
          {"server_key", xmpp::base64Encode(scram.serverKey)}};
}

std::optional<std::string> stringAt(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return std::string(v->get_string());
}

std::optional<std::string> bytes(const json::object& o, std::string_view key) {
  const auto encoded = stringAt(o, key);
  if (!encoded) return std::nullopt;
  return xmpp::base64Decode(*encoded);
}

// Lengths are checked because a truncated key would make every login fail
// instead of triggering a fresh derivation.
std::optional<xmpp::ScramCredentials> decodeScram(const json::object& parent, std::string_view key,
                                                  xmpp::HashAlgorithm algorithm) {
  const auto* v = parent.if_contains(key);
  if (v == nullptr || !v->is_object()) return std::nullopt;
  const auto& o = v->get_object();
  const auto* iterations = o.if_contains("iterations");
  if (iterations == nullptr) return std::nullopt;
  std::uint64_t count = 0;
  if (iterations->is_uint64()) {
    count = iterations->get_uint64();
  } else if (iterations->is_int64() && iterations->get_int64() > 0) {
    count = static_cast<std::uint64_t>(iterations->get_int64());
  } else {
    return std::nullopt;
  }
  if (count == 0 || count > std::numeric_limits<std::uint32_t>::max()) return std::nullopt;
  auto salt = bytes(o, "salt");
  auto storedKey = bytes(o, "stored_key");
  auto serverKey = bytes(o, "server_key");
  const std::size_t size = xmpp::digestSize(algorithm);
  if (!salt || salt->empty() || !storedKey || storedKey->size() != size || !serverKey || serverKey->size() != size) {
    return std::nullopt;
  }
  return xmpp::ScramCredentials{.algorithm = algorithm,
                                .salt = std::move(*salt),
                                .iterations = static_cast<std::uint32_t>(count),
                                .storedKey = std::move(*storedKey),
                                .serverKey = std::move(*serverKey)};
}

}  // namespace

std::string encodeStoredCredentials(const xmpp::UserCredentials& credentials) {
  const json::object o{{"username", credentials.username},
                       {"sha1", encodeScram(credentials.sha1)},
                       {"sha256", encodeScram(credentials.sha256)},
                       {"plain_salt", xmpp::base64Encode(credentials.plainSalt)},
                       {"plain_digest", xmpp::base64Encode(credentials.plainDigest)}};
  return json::serialize(o);
}

std::optional<xmpp::UserCredentials> decodeStoredCredentials(std::string_view value) {
  boost::system::error_code ec;
  const json::value parsed = json::parse(value, ec);
  if (ec || !parsed.is_object()) return std::nullopt;
  const auto& o = parsed.get_object();
  auto username = stringAt(o, "username");
  auto sha1 = decodeScram(o, "sha1", xmpp::HashAlgorithm::Sha1);
  auto sha256 = decodeScram(o, "sha256", xmpp::HashAlgorithm::Sha256);
  auto plainSalt = bytes(o, "plain_salt");
  auto plainDigest = bytes(o, "plain_digest");
  if (!username || username->empty() || !sha1 || !sha256 || !plainSalt || plainSalt->empty() || !plainDigest ||
      plainDigest->size() != xmpp::digestSize(xmpp::HashAlgorithm::Sha256)) {
    return std::nullopt;
  }
  return xmpp::UserCredentials{.username = std::move(*username),
                               .sha1 = std::move(*sha1),
                               .sha256 = std::move(*sha256),
                               .plainSalt = std::move(*plainSalt),
                               .plainDigest = std::move(*plainDigest)};
}

}  // namespace smfront::eventing
