#include "net/tls_context.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <boost/asio/ssl/context.hpp>

namespace smfront::net {

namespace ssl = boost::asio::ssl;

namespace {
// Mozilla's "intermediate" profile: ECDHE with AES-GCM or ChaCha20 for TLS 1.2;
// TLS 1.3 suites are all modern and stay at OpenSSL's defaults.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

std::string lastOpenSslError() {
  const unsigned long code = ERR_peek_last_error();
  if (code == 0) return "unknown error";
  char buf[256];
  ERR_error_string_n(code, buf, sizeof buf);
  ERR_clear_error();
  return buf;
}
}  // namespace

std::shared_ptr<ssl::context> makeServerTlsContext(const std::filesystem::path& certChain,
                                                   const std::filesystem::path& privateKey) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
  SSL_CTX* native = ctx->native_handle();
  SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
  SSL_CTX_set_max_proto_version(native, TLS1_3_VERSION);
  SSL_CTX_set_options(native, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  if (SSL_CTX_set_cipher_list(native, kTls12Ciphers) != 1) {
    throw TlsError("tls: cannot set cipher suites: " + lastOpenSslError());
  }
  // Session tickets let returning clients skip the full handshake.
  SSL_CTX_set_session_cache_mode(native, SSL_SESS_CACHE_SERVER);

  if (SSL_CTX_use_certificate_chain_file(native, certChain.c_str()) != 1) {
    throw TlsError("tls.cert: cannot load certificate chain '" + certChain.string() + "': " + lastOpenSslError());
  }
  if (SSL_CTX_use_PrivateKey_file(native, privateKey.c_str(), SSL_FILETYPE_PEM) != 1) {
    throw TlsError("tls.key: cannot load private key '" + privateKey.string() + "': " + lastOpenSslError());
  }
  if (SSL_CTX_check_private_key(native) != 1) {
    throw TlsError("tls: key '" + privateKey.string() + "' does not match certificate '" + certChain.string() + "'");
  }
  return ctx;
}

void requireClientCertificates(ssl::context& context, const std::filesystem::path& caFile, const std::string& key) {
  SSL_CTX* native = context.native_handle();
  STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(caFile.c_str());
  if (names == nullptr || SSL_CTX_load_verify_locations(native, caFile.c_str(), nullptr) != 1) {
    if (names != nullptr) sk_X509_NAME_pop_free(names, X509_NAME_free);
    throw TlsError(key + ": cannot load CA certificates '" + caFile.string() + "': " + lastOpenSslError());
  }
  SSL_CTX_set_client_CA_list(native, names);
  SSL_CTX_set_verify(native, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
  // A resumed session skips the certificate check; it must belong to this context.
  static constexpr unsigned char kSessionContext[] = "smfront-client-verified";
  SSL_CTX_set_session_id_context(native, kSessionContext, sizeof kSessionContext - 1);
}

}  // namespace smfront::net
