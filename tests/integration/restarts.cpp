#include "restarts.hpp"

#include <boost/json/serialize.hpp>

#include "server_fixture.hpp"

namespace smfront::testing {

using namespace std::chrono_literals;

Restarts::Restarts(boost::json::object overrides) : dir_("smfront-durable"), overrides_(std::move(overrides)) {}

SmfrontProcess& Restarts::start() {
  process_.reset();
  SmfrontOptions options;
  options.configJson = boost::json::serialize(testConfig(dir_, overrides_));
  process_ = std::make_unique<SmfrontProcess>(std::move(options));
  process_->start();
  return *process_;
}

HttpResponse Restarts::call(const std::string& method, const std::string& target, const std::string& body) {
  HttpClient client;
  if (!client.connect(port(), 5s).ok) return HttpResponse{};
  HeaderList headers{{"Authorization", "Basic YWRtaW46c2VjcmV0"}};  // admin:secret
  if (!body.empty()) headers.emplace_back("Content-Type", "application/xml");
  return client.request(method, target, headers, body).value_or(HttpResponse{});
}

}  // namespace smfront::testing
