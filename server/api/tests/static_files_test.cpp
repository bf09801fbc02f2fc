#include "api/static_files.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace smfront::api {
namespace {

namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("smfront-static-" + std::to_string(::getpid()));
    fs::create_directories(root_ / "js");
    fs::create_directories(root_ / "docs");
    write("index.html", "<h1>home</h1>");
    write("js/app.js", "console.log(1)");
    write("docs/index.html", "docs");
    write(".env", "SECRET=1");
    fs::create_directories(root_.parent_path() / "outside");
  }
  void TearDown() override { fs::remove_all(root_); }

  void write(const std::string& name, const std::string& text) { std::ofstream(root_ / name) << text; }

  net::Response get(std::string target, std::string method = "GET") {
    net::Request r;
    r.method = std::move(method);
    r.target = std::move(target);
    return StaticFiles(root_).serve(r);
  }

  fs::path root_;
};

TEST_F(StaticFilesTest, ServesFilesWithTheirContentType) {
  auto r = get("/js/app.js");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "console.log(1)");
  EXPECT_EQ(r.headers.get("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(r.headers.get("Cache-Control"), "no-cache");
  EXPECT_FALSE(r.headers.get("ETag").empty());
  EXPECT_FALSE(r.headers.get("Last-Modified").empty());
}

TEST_F(StaticFilesTest, RootAndDirectoriesServeTheirIndex) {
  EXPECT_EQ(get("/").body, "<h1>home</h1>");
  EXPECT_EQ(get("/docs/").body, "docs");
  auto redirect = get("/docs");
  EXPECT_EQ(redirect.status, 301);
  EXPECT_EQ(redirect.headers.get("Location"), "/docs/");
}

TEST_F(StaticFilesTest, ConditionalGetAnswers304) {
  const auto first = get("/index.html");
  net::Request r;
  r.method = "GET";
  r.target = "/index.html";
  r.headers.add("If-None-Match", std::string(first.headers.get("ETag")));
  auto again = StaticFiles(root_).serve(r);
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
}

TEST_F(StaticFilesTest, NeverLeavesTheRootOrServesHiddenFiles) {
  EXPECT_EQ(get("/../outside").status, 404);
  EXPECT_EQ(get("/%2e%2e/outside").status, 404);
  EXPECT_EQ(get("/js/..%2F..%2Fetc/passwd").status, 404);
  EXPECT_EQ(get("/.env").status, 404);
  EXPECT_EQ(get("/missing.html").status, 404);
}

TEST_F(StaticFilesTest, NeverFollowsSymbolicLinks) {
  std::ofstream(root_.parent_path() / "outside" / "secret.txt") << "secret";
  fs::create_symlink(root_.parent_path() / "outside" / "secret.txt", root_ / "file-link.txt");
  fs::create_directory_symlink(root_.parent_path() / "outside", root_ / "dir-link");
  fs::create_symlink(root_ / "js" / "app.js", root_ / "js" / "inside-link.js");
  EXPECT_EQ(get("/file-link.txt").status, 404);
  EXPECT_EQ(get("/dir-link/secret.txt").status, 404);
  EXPECT_EQ(get("/js/inside-link.js").status, 404);
  EXPECT_EQ(get("/js/app.js").status, 200);
}

TEST_F(StaticFilesTest, OnlyGetAndHead) {
  auto r = get("/index.html", "POST");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.headers.get("Allow"), "GET, HEAD");
}

TEST(ContentTypes, KnownExtensionsCaseInsensitively) {
  EXPECT_EQ(contentTypeFor("a.HTML"), "text/html; charset=utf-8");
  EXPECT_EQ(contentTypeFor("a.svg"), "image/svg+xml");
  EXPECT_EQ(contentTypeFor("a.unknown"), "application/octet-stream");
}

}  // namespace
}  // namespace smfront::api
