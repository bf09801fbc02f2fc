#include "api/auth.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "api/api_error.hpp"

namespace smfront::api {

std::optional<std::string> decodeBase64(std::string_view text) {
  if (text.size() % 4 != 0 || text.size() > 4096) return std::nullopt;
  std::string out(text.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  // EVP_DecodeBlock counts the padding as data: drop one byte per '='.
  std::size_t size = static_cast<std::size_t>(n);
  for (auto it = text.rbegin(); it != text.rend() && *it == '='; ++it) --size;
  out.resize(size);
  return out;
}

std::optional<Account> Accounts::authenticate(const net::Request& request) const {
  const auto header = request.headers.get("Authorization");
  constexpr std::string_view scheme = "Basic ";
  if (header.size() <= scheme.size() || !net::equalsIgnoreCase(header.substr(0, scheme.size()), scheme)) {
    return std::nullopt;
  }
  const auto decoded = decodeBase64(header.substr(scheme.size()));
  if (!decoded) return std::nullopt;
  const auto colon = decoded->find(':');
  if (colon == std::string::npos) return std::nullopt;
  const std::string_view name = std::string_view(*decoded).substr(0, colon);
  const std::string_view password = std::string_view(*decoded).substr(colon + 1);
  for (const auto& account : accounts_) {
    // Constant-time on the password, so timing does not tell how much matched.
    if (account.name == name && account.password.size() == password.size() &&
        CRYPTO_memcmp(account.password.data(), password.data(), password.size()) == 0) {
      return account;
    }
  }
  return std::nullopt;
}

net::Response notAuthorized() {
  auto r = apiError(401, "notAuthorized", "Authorization", "valid HTTP Basic credentials are required");
  r.headers.set("WWW-Authenticate", "Basic realm=\"smfront\"");
  return r;
}

net::Response forbidden(std::string_view what) {
  return apiError(403, "forbidden", {}, "this account may not " + std::string(what));
}

}  // namespace smfront::api
