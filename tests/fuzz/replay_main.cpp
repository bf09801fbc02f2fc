// Replays committed fuzz inputs through a target without libFuzzer, so that any compiler and
// any build (the sanitized CI build above all) can run every corpus as an ordinary test.
//
//   fuzz_<target> <file or directory>...
//
// Fails when no input was found (a wrong path must not pass silently) or when one input takes
// longer than SMFRONT_FUZZ_MAX_MS (default 1000), the fuzzers' own bound for a hang.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) __attribute__((weak));

namespace {

std::vector<std::filesystem::path> inputsOf(const std::filesystem::path& path) {
  std::vector<std::filesystem::path> files;
  if (std::filesystem::is_directory(path)) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(path)) {
      if (entry.is_regular_file()) files.push_back(entry.path());
    }
  } else if (std::filesystem::is_regular_file(path)) {
    files.push_back(path);
  }
  return files;
}

}  // namespace

int main(int argc, char** argv) {
  if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
  const char* limit = std::getenv("SMFRONT_FUZZ_MAX_MS");
  const auto maxTime = std::chrono::milliseconds(limit ? std::atol(limit) : 1000);

  std::size_t count = 0;
  int status = 0;
  for (int i = 1; i < argc; ++i) {
    for (const auto& file : inputsOf(argv[i])) {
      std::ifstream in(file, std::ios::binary);
      const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
      const auto start = std::chrono::steady_clock::now();
      LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
      const auto took = std::chrono::steady_clock::now() - start;
      if (took > maxTime) {
        std::fprintf(stderr, "%s: took %lld ms\n", file.c_str(),
                     static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(took).count()));
        status = 1;
      }
      ++count;
    }
  }
  std::printf("replayed %zu inputs\n", count);
  if (count == 0) {
    std::fprintf(stderr, "no inputs found\n");
    return 1;
  }
  return status;
}
