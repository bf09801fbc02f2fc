#pragma once
// The static web root: the demo widget, the agent console and whatever an
// operator drops in. Files are revalidated on every use (ETag and
// Last-Modified with Cache-Control: no-cache), so an edited page shows at once.
#include <filesystem>
#include <string_view>

#include "net/http_message.hpp"

namespace smfront::api {

class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root);

  /// Answers GET/HEAD for `request`; 404 when the path leaves the root, names a
  /// hidden file, or does not exist; 405 for other methods.
  net::Response serve(const net::Request& request) const;

  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
};

/// The Content-Type for a file name, by extension; application/octet-stream
/// when unknown.
std::string_view contentTypeFor(const std::filesystem::path& file);

}  // namespace smfront::api
