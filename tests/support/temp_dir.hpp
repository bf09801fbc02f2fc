#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace smfront::testing {

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it when the
// object goes away. Set SMFRONT_KEEP_TEMP=1 to keep it for a post-mortem; the path is
// then printed to stderr so it can be found.
class TempDir {
 public:
  explicit TempDir(std::string_view prefix = "smfront-test");
  ~TempDir();
  TempDir(TempDir&& other) noexcept;
  TempDir& operator=(TempDir&& other) noexcept;
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // path() / name, for naming files inside the directory.
  std::filesystem::path file(std::string_view name) const { return path_ / name; }

 private:
  void remove() noexcept;

  std::filesystem::path path_;
};

// Writes content to path (replacing it) and throws std::runtime_error on failure.
void writeFile(const std::filesystem::path& path, std::string_view content);
// Reads a whole file; an absent or unreadable file reads as "".
std::string readFile(const std::filesystem::path& path);

}  // namespace smfront::testing
