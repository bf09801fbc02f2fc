#include "net/tls_client.hpp"

#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <spdlog/spdlog.h>

#include <boost/asio/ip/address.hpp>

namespace smfront::net {

namespace ssl = boost::asio::ssl;

std::shared_ptr<ssl::context> makeClientTlsContext(const std::filesystem::path& caFile) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
  boost::system::error_code ec;
  if (caFile.empty()) {
    ctx->set_default_verify_paths(ec);
    if (ec) spdlog::error("tls: cannot read the system's CA certificates: {}", ec.message());
  } else {
    ctx->load_verify_file(caFile.string(), ec);
    if (ec) spdlog::error("tls: cannot read CA file {}: {}", caFile.string(), ec.message());
  }
  return ctx;
}

void expectServer(SSL* ssl, const std::string& host, bool verify) {
  boost::system::error_code notAnAddress;
  boost::asio::ip::make_address(host, notAnAddress);
  const bool literalAddress = !notAnAddress;
  if (!literalAddress) SSL_set_tlsext_host_name(ssl, host.c_str());  // SNI carries names only (RFC 6066)
  if (!verify) {
    SSL_set_verify(ssl, SSL_VERIFY_NONE, nullptr);
    return;
  }
  // OpenSSL matches the name or address during the chain check.
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
  if (literalAddress) {
    X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str());
  } else {
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size());
  }
  SSL_set_verify(ssl, SSL_VERIFY_PEER, nullptr);
}

std::string certificateRefusal(SSL* ssl, const std::string& host) {
  const long result = SSL_get_verify_result(ssl);
  if (result == X509_V_OK) return {};
  if (result == X509_V_ERR_HOSTNAME_MISMATCH || result == X509_V_ERR_IP_ADDRESS_MISMATCH) {
    return "the certificate does not match " + host;
  }
  return X509_verify_cert_error_string(result);
}

}  // namespace smfront::net
