#include "eventing/bosh_http.hpp"

namespace smfront::eventing {

void decorateBoshResponse(const net::CorsPolicy& cors, const net::Request& request, net::Response& response) {
  // Every BOSH answer gets these seven fields: grow the list once, not field by field.
  response.headers.reserve(response.headers.size() + 7);
  const std::string_view origin = request.headers.get("Origin");
  if (cors.allows(origin)) {
    response.headers.set("Access-Control-Allow-Origin", std::string(origin));
    response.headers.set("Access-Control-Allow-Credentials", "true");
    response.headers.add("Vary", "Origin");
  }
  response.headers.set("Access-Control-Allow-Methods", std::string(bosh::kAllowedMethods));
  std::string headers = "Content-Type";
  if (const std::string_view requested = request.headers.get("Access-Control-Request-Headers"); !requested.empty()) {
    headers += ", ";
    headers += requested;
  }
  response.headers.set("Access-Control-Allow-Headers", std::move(headers));
  response.headers.set("Access-Control-Max-Age", "7200");
  response.headers.set("Cache-Control", "no-store");
}

net::Response fixedAnswer(bosh::HttpAnswer answer) {
  switch (answer) {
    case bosh::HttpAnswer::Preflight: {
      net::Response r;
      r.status = 200;
      r.route = "bosh-preflight";
      return r;
    }
    case bosh::HttpAnswer::InfoPage: {
      auto r = net::Response::text(200,
                                   "<!DOCTYPE html>\n<html><head><title>smfront BOSH</title></head><body>"
                                   "<p>This is smfront's BOSH connection manager (XEP-0124/XEP-0206). "
                                   "POST BOSH bodies here.</p></body></html>\n",
                                   "text/html; charset=utf-8");
      r.route = "bosh-info";
      return r;
    }
    case bosh::HttpAnswer::EmptyPost: {
      auto r = net::Response::text(400, "Bad Request: a BOSH request needs a <body/>\n");
      r.route = "bosh-empty";
      return r;
    }
    case bosh::HttpAnswer::MethodNotAllowed: {
      auto r = net::Response::text(405, "Method Not Allowed\n");
      r.headers.set("Allow", std::string(bosh::kAllowedMethods));
      r.route = "bosh-method";
      return r;
    }
    case bosh::HttpAnswer::NotFound:
    case bosh::HttpAnswer::BoshBody: break;
  }
  auto r = net::Response::text(404, "Not Found: BOSH lives at /http-bind/\n");
  r.route = "bosh-not-found";
  return r;
}

net::Response boshAnswer(std::string body) {
  auto r = net::Response::text(200, std::move(body), "text/xml; charset=utf-8");
  r.route = "/http-bind/";
  return r;
}

}  // namespace smfront::eventing
