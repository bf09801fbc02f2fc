// TcpOrTlsStream and the client TLS checks on loopback: one connection code for
// plain TCP, TLS from the start and TLS after an upgrade, and a client that
// refuses a certificate for another name and says so.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <string>

#include "net/tcp_or_tls_stream.hpp"
#include "net/tls_client.hpp"
#include "net/tls_context.hpp"
#include "support/dev_certs.hpp"

namespace smfront::net {
namespace {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

enum class Tls { None, FromTheStart, AfterUpgrade };

struct Outcome {
  std::string echoed;                // what the client read back
  std::string clientError;           // the handshake's error, with certificateRefusal
  bool serverSawTls = false;
};

// Echoes one 5-byte message over a TcpOrTlsStream on each side.
class TcpOrTlsStreamTest : public ::testing::Test {
 protected:
  Outcome exchange(Tls tls, const std::string& expectedHost, bool verify = true) {
    const auto& certs = testing::devCerts();
    auto serverContext = makeServerTlsContext(certs.serverCert, certs.serverKey);
    auto clientContext = makeClientTlsContext(certs.caCert);
    tcp::acceptor acceptor(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    Outcome outcome;

    asio::co_spawn(io_, [&]() -> asio::awaitable<void> {
      TcpOrTlsStream stream(co_await acceptor.async_accept(asio::use_awaitable));
      error_code ec;
      if (tls == Tls::AfterUpgrade) {  // a plain "tls?" first, as STARTTLS does
        std::string ask(4, '\0');
        co_await asio::async_read(stream, asio::buffer(ask), asio::redirect_error(asio::use_awaitable, ec));
        if (ec || ask != "tls?") co_return;
      }
      if (tls != Tls::None) {
        co_await stream.startTls(*serverContext).async_handshake(ssl::stream_base::server,
                                                                 asio::redirect_error(asio::use_awaitable, ec));
        if (ec) co_return stream.close();
      }
      outcome.serverSawTls = stream.secure();
      std::string message(5, '\0');
      co_await asio::async_read(stream, asio::buffer(message), asio::redirect_error(asio::use_awaitable, ec));
      if (!ec) co_await asio::async_write(stream, asio::buffer(message), asio::redirect_error(asio::use_awaitable, ec));
    }, asio::detached);

    asio::co_spawn(io_, [&]() -> asio::awaitable<void> {
      TcpOrTlsStream stream{tcp::socket(io_)};
      co_await stream.socket().async_connect(acceptor.local_endpoint(), asio::use_awaitable);
      error_code ec;
      if (tls == Tls::AfterUpgrade) co_await asio::async_write(stream, asio::buffer(std::string("tls?")), asio::use_awaitable);
      if (tls != Tls::None) {
        auto& layer = stream.startTls(*clientContext);
        expectServer(layer, expectedHost, verify);
        co_await layer.async_handshake(ssl::stream_base::client, asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
          outcome.clientError = ec.message() + " / " + certificateRefusal(layer.native_handle(), expectedHost);
          co_return stream.close();
        }
      }
      co_await asio::async_write(stream, asio::buffer(std::string("hello")), asio::use_awaitable);
      std::string echoed(5, '\0');
      co_await asio::async_read(stream, asio::buffer(echoed), asio::redirect_error(asio::use_awaitable, ec));
      if (!ec) outcome.echoed = echoed;
    }, asio::detached);

    io_.run_for(std::chrono::seconds(10));
    return outcome;
  }

  asio::io_context io_;
};

TEST_F(TcpOrTlsStreamTest, PlainTcpCarriesBytesBothWays) {
  const auto outcome = exchange(Tls::None, "localhost");
  EXPECT_EQ(outcome.echoed, "hello");
  EXPECT_FALSE(outcome.serverSawTls);
}

TEST_F(TcpOrTlsStreamTest, TlsFromTheStartWithTheServersNameVerified) {
  const auto outcome = exchange(Tls::FromTheStart, "localhost");
  EXPECT_EQ(outcome.echoed, "hello") << outcome.clientError;
  EXPECT_TRUE(outcome.serverSawTls);
}

TEST_F(TcpOrTlsStreamTest, TlsAfterAPlainStartAndAnAddressAsTheName) {
  const auto outcome = exchange(Tls::AfterUpgrade, "127.0.0.1");
  EXPECT_EQ(outcome.echoed, "hello") << outcome.clientError;
  EXPECT_TRUE(outcome.serverSawTls);
}

TEST_F(TcpOrTlsStreamTest, ACertificateForAnotherNameIsRefusedAndSaysSo) {
  const auto outcome = exchange(Tls::FromTheStart, "sm.other.example");
  EXPECT_EQ(outcome.echoed, "");
  EXPECT_NE(outcome.clientError.find("the certificate does not match sm.other.example"), std::string::npos)
      << outcome.clientError;
}

TEST_F(TcpOrTlsStreamTest, WithoutVerificationAnyCertificateIsTaken) {
  const auto outcome = exchange(Tls::FromTheStart, "sm.other.example", /*verify=*/false);
  EXPECT_EQ(outcome.echoed, "hello") << outcome.clientError;
}

}  // namespace
}  // namespace smfront::net
