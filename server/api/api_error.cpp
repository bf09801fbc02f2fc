#include "api/api_error.hpp"

#include "xml/writer.hpp"

namespace smfront::api {

net::Response apiErrors(int status, const std::vector<ApiError>& errors) {
  xml::Writer w;
  w.open("apiErrors");
  for (const auto& e : errors) {
    w.open("apiError").leaf("errorType", e.type).leaf("errorData", e.data).leaf("errorMessage", e.message).close();
  }
  w.close();
  return net::Response::text(status, w.take(), "application/xml; charset=utf-8");
}

net::Response apiError(int status, std::string_view type, std::string_view data, std::string_view message) {
  return apiErrors(status, {{type, data, message}});
}

std::string_view errorTypeFor(int status) {
  switch (status) {
    case 401: return "notAuthorized";
    case 403: return "forbidden";
    case 404: return "notFound";
    case 405: return "methodNotAllowed";
    case 412: return "preconditionFailed";
    case 500: return "internalError";
    case 503: return "serviceUnavailable";
  }
  // 400, 408, 413, 431: the request itself is unusable.
  return status == 413 || status == 431 ? "invalidInput.outOfRange" : "invalidInput.invalidValue";
}

}  // namespace smfront::api
