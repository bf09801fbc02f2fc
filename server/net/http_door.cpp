#include "net/http_door.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>

#include "net/http_session.hpp"
#include "net/listener.hpp"

namespace smfront::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct HttpDoor::Impl {
  std::shared_ptr<DoorContext> context;
  std::shared_ptr<Listener> listener;
};

HttpDoor::HttpDoor(asio::io_context& io, HttpDoorOptions options, HttpHandler& handler, HttpTelemetry& telemetry)
    : impl_(std::make_shared<Impl>()) {
  const auto& limits = options.limits;
  impl_->listener = Listener::open(io.get_executor(), [&io] { return asio::make_strand(io); },
                                   ListenerOptions{.door = options.name,
                                                   .bindAddress = options.bindAddress,
                                                   .port = options.port,
                                                   .maxConnections = limits.maxConnections,
                                                   .connectionsPerAddress = limits.connectionsPerAddress,
                                                   .maxConnectionsKey = "http.max_connections"},
                                   telemetry.registry());
  impl_->context = std::make_shared<DoorContext>(std::move(options.name), options.limits, handler, telemetry,
                                                 std::move(options.tls));
}

HttpDoor::~HttpDoor() {
  if (impl_) {
    impl_->listener->stop();
    impl_->context->forEachSession(true);
  }
}

const std::string& HttpDoor::name() const { return impl_->context->name; }
std::uint16_t HttpDoor::port() const { return impl_->listener->port(); }
bool HttpDoor::secure() const { return impl_->context->secure; }
std::size_t HttpDoor::openConnections() const { return impl_->context->open; }

void HttpDoor::start() {
  impl_->listener->start([context = impl_->context](tcp::socket socket, ConnectionSlot slot) {
    if (context->stopping) return;
    boost::system::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    startHttpSession(std::move(socket), context, std::move(slot));
  });
}

void HttpDoor::beginStop() {
  impl_->context->stopping = true;
  impl_->listener->stop();
  impl_->context->forEachSession(false);
}

void HttpDoor::closeAll() { impl_->context->forEachSession(true); }

}  // namespace smfront::net
