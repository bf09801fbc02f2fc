#pragma once
// TLS for smfront's outbound connections (the XMPP and HTTP notifiers, feed
// fetching): one client context per client, made once, since loading the
// system's CA bundle costs milliseconds; which server to expect is set on each
// connection. Includes Asio's SSL headers: include it from .cpp files only.
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <filesystem>
#include <memory>
#include <string>

namespace smfront::net {

/// TLS 1.2 and 1.3; trusts the system's CAs, or only those in `caFile` (PEM)
/// when given (an unreadable file is logged, and then nothing is trusted).
std::shared_ptr<boost::asio::ssl::context> makeClientTlsContext(const std::filesystem::path& caFile = {});

/// Sets SNI for `host` and, when `verify`, the check of the server's
/// certificate: a chain to a trusted CA that names `host`. Before the handshake.
void expectServer(SSL* ssl, const std::string& host, bool verify);

template <class NextLayer>
void expectServer(boost::asio::ssl::stream<NextLayer>& tls, const std::string& host, bool verify) {
  expectServer(tls.native_handle(), host, verify);
}

/// After a failed handshake: why the certificate was refused ("the certificate
/// does not match host", "certificate has expired", ...), or empty when it was not.
std::string certificateRefusal(SSL* ssl, const std::string& host);

}  // namespace smfront::net
