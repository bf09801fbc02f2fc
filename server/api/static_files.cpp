#include "api/static_files.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>
#include <vector>

#include "api/route_table.hpp"
#include "net/response_head.hpp"

namespace smfront::api {

namespace fs = std::filesystem;

namespace {

struct TypeByExtension {
  std::string_view extension;
  std::string_view type;
};

constexpr std::array<TypeByExtension, 22> kTypes = {{
    {".html", "text/html; charset=utf-8"},
    {".htm", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".map", "application/json"},
    {".xml", "application/xml; charset=utf-8"},
    {".txt", "text/plain; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".jpeg", "image/jpeg"},
    {".gif", "image/gif"},
    {".webp", "image/webp"},
    {".ico", "image/x-icon"},
    {".woff", "font/woff"},
    {".woff2", "font/woff2"},
    {".ttf", "font/ttf"},
    {".wasm", "application/wasm"},
    {".pdf", "application/pdf"},
    {".wav", "audio/wav"},
}};

std::time_t toTimeT(fs::file_time_type t) {
  const auto system = std::chrono::file_clock::to_sys(t);
  return std::chrono::system_clock::to_time_t(system);
}

net::Response notFound() {
  auto r = net::Response::text(404, "Not Found\n");
  r.route = "static";
  return r;
}

// True when any name below the root on the way to `file` is a symbolic link.
// Links are never followed, as nginx's `disable_symlinks on`: one placed in the
// web root (by a deploy script, an unpacked archive) could point anywhere.
// The root itself may be a link: that is the operator's own choice.
bool passesThroughALink(const fs::path& root, const fs::path& file) {
  fs::path walked = root;
  for (const auto& name : file.lexically_relative(root)) {
    walked /= name;
    std::error_code ec;
    if (fs::is_symlink(fs::symlink_status(walked, ec))) return true;
  }
  return false;
}

}  // namespace

std::string_view contentTypeFor(const fs::path& file) {
  std::string ext = file.extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& t : kTypes) {
    if (t.extension == ext) return t.type;
  }
  return "application/octet-stream";
}

StaticFiles::StaticFiles(fs::path root) : root_(std::move(root)) {}

net::Response StaticFiles::serve(const net::Request& request) const {
  if (request.method != "GET" && request.method != "HEAD") {
    auto r = net::Response::text(405, "Method Not Allowed\n");
    r.headers.set("Allow", "GET, HEAD");
    r.route = "static";
    return r;
  }
  std::vector<std::string> segments;
  if (!splitPath(request.path(), segments)) return notFound();
  fs::path file = root_;
  for (const auto& s : segments) {
    // No way out of the root, and nothing hidden (.git, .env) is ever served.
    if (s.empty() || s.front() == '.' || s.find('\\') != std::string::npos) return notFound();
    file /= s;
  }

  std::error_code ec;
  auto status = fs::status(file, ec);
  if (!ec && fs::is_directory(status)) {
    if (!request.path().ends_with('/')) {
      // Relative links in the directory's index page need the trailing slash.
      net::Response r;
      r.status = 301;
      r.headers.set("Location", std::string(request.path()) + "/");
      r.route = "static";
      return r;
    }
    file /= "index.html";
    status = fs::status(file, ec);
  }
  if (ec || !fs::is_regular_file(status) || passesThroughALink(root_, file)) return notFound();

  const auto size = fs::file_size(file, ec);
  const auto modified = fs::last_write_time(file, ec);
  if (ec) return notFound();
  const auto mtimeNs = modified.time_since_epoch().count();
  char etag[64];
  std::snprintf(etag, sizeof etag, "\"%jx-%jx\"", static_cast<std::uintmax_t>(size),
                static_cast<std::uintmax_t>(mtimeNs));
  const auto lastModified = net::formatHttpDate(toTimeT(modified));

  net::Response r;
  r.route = "static";
  r.headers.set("ETag", etag);
  r.headers.set("Last-Modified", lastModified);
  r.headers.set("Cache-Control", "no-cache");
  const auto* ifNoneMatch = request.headers.find("If-None-Match");
  const auto* ifModifiedSince = request.headers.find("If-Modified-Since");
  if ((ifNoneMatch && ifNoneMatch->find(etag) != std::string::npos) ||
      (!ifNoneMatch && ifModifiedSince && *ifModifiedSince == lastModified)) {
    r.status = 304;
    return r;
  }

  std::ifstream in(file, std::ios::binary);
  if (!in) return notFound();
  r.body.resize(size);
  in.read(r.body.data(), static_cast<std::streamsize>(size));
  r.body.resize(static_cast<std::size_t>(in.gcount()));
  r.headers.set("Content-Type", std::string(contentTypeFor(file)));
  r.headers.set("X-Content-Type-Options", "nosniff");
  return r;
}

}  // namespace smfront::api
