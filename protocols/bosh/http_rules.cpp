#include "bosh/http_rules.hpp"

namespace smfront::bosh {

bool isBindPath(std::string_view target) noexcept {
  const std::size_t query = target.find_first_of("?#");
  if (query != std::string_view::npos) target = target.substr(0, query);
  return target == "/http-bind/" || target == "/http-bind";
}

HttpDisposition classifyHttp(std::string_view method, std::string_view target, std::size_t bodyBytes) noexcept {
  if (!isBindPath(target)) return {HttpAnswer::NotFound, 404};
  if (method == "OPTIONS") return {HttpAnswer::Preflight, 200};
  if (method == "GET") return {HttpAnswer::InfoPage, 200};
  if (method == "POST") {
    return bodyBytes == 0 ? HttpDisposition{HttpAnswer::EmptyPost, 400} : HttpDisposition{HttpAnswer::BoshBody, 200};
  }
  return {HttpAnswer::MethodNotAllowed, 405};
}

}  // namespace smfront::bosh
