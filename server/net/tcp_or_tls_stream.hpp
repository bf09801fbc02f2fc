#pragma once
// A TCP connection that may carry TLS: from the first byte (a TLS door) or from
// an upgrade in mid-stream (XMPP STARTTLS). Reads and writes go to whichever
// layer is on top, so a door or a client is written once for both. It is an
// Asio AsyncReadStream and AsyncWriteStream (asio::async_write takes it), and
// it cannot move: the TLS layer refers to the socket. Includes Asio's SSL
// headers: include it from .cpp files only.
#include <boost/asio/async_result.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <cstddef>
#include <optional>
#include <utility>

namespace smfront::net {

class TcpOrTlsStream {
 public:
  using Socket = boost::asio::ip::tcp::socket;
  using Tls = boost::asio::ssl::stream<Socket&>;
  using executor_type = Socket::executor_type;

  explicit TcpOrTlsStream(Socket socket) : socket_(std::move(socket)) {}
  TcpOrTlsStream(const TcpOrTlsStream&) = delete;
  TcpOrTlsStream& operator=(const TcpOrTlsStream&) = delete;

  executor_type get_executor() { return socket_.get_executor(); }
  /// The TCP layer: endpoints, options; replace it only before TLS is on.
  Socket& socket() { return socket_; }
  bool secure() const { return tls_.has_value(); }

  /// Puts TLS on top; the handshake, on what this returns, is the caller's next step.
  Tls& startTls(boost::asio::ssl::context& context) { return tls_.emplace(socket_, context); }

  template <class MutableBuffers, class Token>
  auto async_read_some(const MutableBuffers& buffers, Token&& token) {
    return boost::asio::async_initiate<Token, void(boost::system::error_code, std::size_t)>(
        [this](auto handler, const MutableBuffers& b) {
          if (tls_) tls_->async_read_some(b, std::move(handler));
          else socket_.async_read_some(b, std::move(handler));
        },
        token, buffers);
  }

  template <class ConstBuffers, class Token>
  auto async_write_some(const ConstBuffers& buffers, Token&& token) {
    return boost::asio::async_initiate<Token, void(boost::system::error_code, std::size_t)>(
        [this](auto handler, const ConstBuffers& b) {
          if (tls_) tls_->async_write_some(b, std::move(handler));
          else socket_.async_write_some(b, std::move(handler));
        },
        token, buffers);
  }

  /// Ends the connection at once, without TLS close_notify: for peers that are
  /// gone, refused or too slow to wait for.
  void close() {
    boost::system::error_code ignored;
    socket_.shutdown(Socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

 private:
  Socket socket_;
  std::optional<Tls> tls_;
};

}  // namespace smfront::net
