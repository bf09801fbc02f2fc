// The HTTP path of the REST doors: raw bytes parsed by Beast's request parser with the door's
// limits (as Beast's own fuzz target does), then handled by the doors' own chain (api::RestApi:
// CORS, durable answers, the router, the route handlers and the web root) over a memory store
// and a core whose clock only moves when an input is handled. The server lives for the whole
// run, as a real one would, so that requests meet the chats, feeds and contacts earlier inputs
// created.

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "api/api_context.hpp"
#include "api/auth.hpp"
#include "api/rest_api.hpp"
#include "core/clock.hpp"
#include "core/core.hpp"
#include "core/services.hpp"
#include "store/memory_store.hpp"
#include "telemetry/limit_refusals.hpp"
#include "telemetry/metrics.hpp"

namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using namespace smfront;

constexpr std::size_t kMaxHeaderBytes = 8 * 1024;  // the door's defaults (http.max_*)
constexpr std::size_t kMaxBodyBytes = 1 << 20;
constexpr int kMaxPolls = 64;

class SteppedClock final : public core::Clock {
 public:
  std::int64_t nowMs() const override { return 1'764'000'000'000 + elapsed_.count(); }
  std::chrono::steady_clock::time_point steadyNow() const override {
    return std::chrono::steady_clock::time_point(elapsed_);
  }
  void advance(std::chrono::milliseconds by) { elapsed_ += by; }

 private:
  std::chrono::milliseconds elapsed_{0};
};

core::ServiceOptions serviceOptions() {
  core::ServiceOptions options;
  core::Feed chat;
  chat.name = "chat";
  chat.type = core::FeedType::Chat;
  chat.chatJoinTimeoutS = 60;
  chat.chatInactivityTimeoutS = 60;
  options.seedFeeds.push_back(chat);
  core::Feed callback;
  callback.name = "callback";
  callback.type = core::FeedType::Callback;
  options.seedFeeds.push_back(callback);
  core::Feed task;
  task.name = "task";
  task.type = core::FeedType::Task;
  options.seedFeeds.push_back(task);
  core::ServiceOptions::SeedCampaign campaign;
  campaign.campaign.name = "all";
  campaign.campaign.publicId = "all";
  campaign.feedIndexes = {0, 1, 2};
  options.seedCampaigns.push_back(campaign);
  return options;
}

// Never destroyed: handlers held by the io_context (long polls) may outlive any input.
struct Server {
  asio::io_context io;
  SteppedClock clock;
  std::unique_ptr<core::Store> store = store::makeMemoryStore();
  core::Core core{io.get_executor(), *store, clock, 1};
  core::Services services{core, serviceOptions()};
  std::shared_ptr<const api::ApiContext> context = std::make_shared<const api::ApiContext>(api::ApiContext{
      .core = core,
      .services = services,
      .accounts = api::Accounts({{"admin", "admin", true, true}, {"agent", "agent", false, true}}),
      .publicBaseUrl = {.http = "http://localhost", .https = "https://localhost"},
      .chatRedirectUrl = ""});
  telemetry::Registry metrics;
  telemetry::LimitRefusals refusals{metrics};
  // The doors' own chain; a web root that does not exist, so static paths are resolved
  // and refused without reading any file.
  api::RestApi rest{core, "/nonexistent/smfront-fuzz-web-root"};
  net::HttpHandler& handler = rest.handler();

  Server() {
    rest.addRoutes(context, {}, metrics, refusals);
    rest.allowOrigins({"http://localhost"});
  }
};

Server& server() {
  static Server* const instance = new Server;
  return *instance;
}

// The Request the HTTP session builds from a parsed message; nothing when the door would
// refuse the bytes (400, 413 or 431) without calling the handler.
std::optional<net::Request> parse(const std::uint8_t* data, std::size_t size) {
  http::request_parser<http::string_body> parser;
  parser.header_limit(kMaxHeaderBytes);
  parser.body_limit(kMaxBodyBytes);
  parser.eager(true);
  boost::beast::error_code ec;
  parser.put(asio::buffer(data, size), ec);
  if (!ec && !parser.is_done()) parser.put_eof(ec);
  if (ec || !parser.is_done()) return std::nullopt;

  auto& message = parser.get();
  net::Request request;
  request.door = "http";
  request.method = message.method_string();
  request.target = message.target();
  for (const auto& field : message) request.headers.add(std::string(field.name_string()), std::string(field.value()));
  request.body = std::move(message.body());
  request.remoteAddress = "127.0.0.1";
  return request;
}

// A named coroutine rather than a lambda in the extern "C" function, which GCC 12 mangles
// into a symbol defined twice.
asio::awaitable<void> serve(Server& s, net::Request request, std::shared_ptr<bool> done) {
  co_await s.handler.handle(request);
  *done = true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Server& s = server();
  std::optional<net::Request> request = parse(data, size);
  if (!request) return 0;

  s.clock.advance(std::chrono::seconds(1));
  // Shared: a held long poll finishes after this input is over.
  auto done = std::make_shared<bool>(false);
  asio::co_spawn(s.io, serve(s, std::move(*request), done), asio::detached);
  // A long poll stays held until events or its timer; it is left running, as a door would.
  for (int i = 0; i < kMaxPolls && !*done; ++i) {
    s.io.restart();
    s.io.poll();
  }
  return 0;
}
