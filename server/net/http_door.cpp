#include "net/http_door.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "net/http_session.hpp"

namespace smfront::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct HttpDoor::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::io_context& io, std::shared_ptr<DoorContext> ctx)
      : io(io), context(std::move(ctx)), acceptor(asio::make_strand(io)) {}

  void bind(const std::string& address, std::uint16_t requested) {
    const auto where = context->name + " port " + std::to_string(requested) + " (" + address + ":" +
                       std::to_string(requested) + ")";
    boost::system::error_code ec;
    const auto ip = asio::ip::make_address(address, ec);
    if (ec) throw BindError("cannot listen on " + where + ": invalid bind address");
    const tcp::endpoint endpoint(ip, requested);
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) throw BindError("cannot listen on " + where + ": " + ec.message());
    port = acceptor.local_endpoint().port();
  }

  asio::awaitable<void> acceptLoop([[maybe_unused]] std::shared_ptr<Impl> keepAlive) {
    const auto noThrow = [](boost::system::error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); };
    asio::steady_timer backoff(acceptor.get_executor());
    for (;;) {
      boost::system::error_code ec;
      tcp::socket socket = co_await acceptor.async_accept(asio::make_strand(io), noThrow(ec));
      if (context->stopping || !acceptor.is_open()) co_return;
      if (ec) {
        // Out of descriptors or memory: pause instead of spinning on the error.
        spdlog::warn("{}: accept failed: {}", context->name, ec.message());
        backoff.expires_after(std::chrono::milliseconds(100));
        boost::system::error_code ignored;
        co_await backoff.async_wait(noThrow(ignored));
        continue;
      }
      if (context->open >= context->limits.maxConnections) {
        context->telemetry.connectionRejected(context->name);
        boost::system::error_code ignored;
        socket.close(ignored);
        continue;
      }
      boost::system::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      startHttpSession(std::move(socket), context);
    }
  }

  asio::io_context& io;
  std::shared_ptr<DoorContext> context;
  tcp::acceptor acceptor;
  std::uint16_t port = 0;
};

HttpDoor::HttpDoor(asio::io_context& io, HttpDoorOptions options, HttpHandler& handler, HttpTelemetry& telemetry) {
  auto ctx = std::make_shared<DoorContext>(std::move(options.name), options.limits, handler, telemetry,
                                            std::move(options.tls));
  impl_ = std::make_shared<Impl>(io, std::move(ctx));
  impl_->bind(options.bindAddress, options.port);
}

HttpDoor::~HttpDoor() {
  if (impl_) impl_->context->forEachSession(true);
}

const std::string& HttpDoor::name() const { return impl_->context->name; }
std::uint16_t HttpDoor::port() const { return impl_->port; }
bool HttpDoor::secure() const { return impl_->context->secure; }
std::size_t HttpDoor::openConnections() const { return impl_->context->open; }

void HttpDoor::start() {
  asio::co_spawn(impl_->acceptor.get_executor(), impl_->acceptLoop(impl_), asio::detached);
}

void HttpDoor::beginStop() {
  impl_->context->stopping = true;
  asio::post(impl_->acceptor.get_executor(), [impl = impl_] {
    boost::system::error_code ignored;
    impl->acceptor.close(ignored);
  });
  impl_->context->forEachSession(false);
}

void HttpDoor::closeAll() { impl_->context->forEachSession(true); }

}  // namespace smfront::net
