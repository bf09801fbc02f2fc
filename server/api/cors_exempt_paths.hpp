#pragma once
// Paths whose answers never carry CORS headers: the admin API and the lab's
// status, which no other site's page has any business reading.
#include <string>
#include <vector>

namespace smfront::api {

inline std::vector<std::string> pathsWithoutCors() { return {"/ccp-webapp", "/ccp/status", "/metrics"}; }

}  // namespace smfront::api
