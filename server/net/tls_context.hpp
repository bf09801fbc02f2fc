#pragma once
// The server's one TLS context, shared by HTTPS and secure BOSH.
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

namespace boost::asio::ssl {
class context;
}

namespace smfront::net {

class TlsError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// TLS 1.2 and 1.3 only, forward-secret AEAD suites, server cipher preference.
/// Throws TlsError naming the file when the certificate or key cannot be used.
std::shared_ptr<boost::asio::ssl::context> makeServerTlsContext(const std::filesystem::path& certChain,
                                                                const std::filesystem::path& privateKey);

/// Mutual TLS: a client without a certificate signed by a CA in `caFile` (PEM)
/// fails the handshake. `key` names the setting in errors.
void requireClientCertificates(boost::asio::ssl::context& context, const std::filesystem::path& caFile,
                               const std::string& key);

}  // namespace smfront::net
