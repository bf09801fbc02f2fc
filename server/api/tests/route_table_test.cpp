#include "api/route_table.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include "xml/parser.hpp"

namespace smfront::api {
namespace {

namespace asio = boost::asio;

net::Response dispatch(RouteTable& router, std::string method, std::string target) {
  asio::io_context io;
  net::Request request;
  request.method = std::move(method);
  request.target = std::move(target);
  auto future = asio::co_spawn(io, router.handle(request), asio::use_future);
  io.run();
  return future.get();
}

Handler answer(std::string text) {
  return [text](net::Request&, const PathParams& params) -> asio::awaitable<net::Response> {
    co_return net::Response::text(200, text + ":" + std::string(params.get("id")) + ":" +
                                           std::string(params.get("rest")));
  };
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.addApiPrefix("/ccp-webapp");
    router_.addApiPrefix("/ccp");
    router_.add("GET", "/ccp/status", answer("status"));
    router_.add("GET,PUT,DELETE", "/ccp-webapp/ccp/feed/{id}", answer("feed"));
    router_.add("POST", "/ccp-webapp/ccp/feed", answer("create"));
    router_.add("GET", "/files/{rest...}", answer("files"));
    router_.setFallback([](net::Request& r, const PathParams&) -> asio::awaitable<net::Response> {
      co_return net::Response::text(200, "static " + std::string(r.path()));
    });
  }
  RouteTable router_;
};

TEST_F(RouterTest, MatchesLiteralAndParameterSegmentsAndNamesTheRoute) {
  auto r = dispatch(router_, "GET", "/ccp-webapp/ccp/feed/100000?summary=true");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "feed:100000:");
  EXPECT_EQ(r.route, "/ccp-webapp/ccp/feed/{id}");
}

TEST_F(RouterTest, TrailingSlashIsOptional) {
  EXPECT_EQ(dispatch(router_, "GET", "/ccp/status/").body, "status::");
  EXPECT_EQ(dispatch(router_, "POST", "/ccp-webapp/ccp/feed/").body, "create::");
}

TEST_F(RouterTest, ParametersArePercentDecoded) {
  EXPECT_EQ(dispatch(router_, "GET", "/ccp-webapp/ccp/feed/a%20b").body, "feed:a b:");
}

TEST_F(RouterTest, RestParameterTakesTheRemainingSegments) {
  EXPECT_EQ(dispatch(router_, "GET", "/files/a/b/c.txt").body, "files::a/b/c.txt");
}

TEST_F(RouterTest, ANumberParameterMatchesDigitsOnlySoOtherPathsAre404Not405) {
  router_.add("POST", "/ccp/chat/{id:number}", answer("chat"));
  EXPECT_EQ(dispatch(router_, "POST", "/ccp/chat/100000").body, "chat:100000:");
  EXPECT_EQ(dispatch(router_, "GET", "/ccp/chat/100000").status, 405) << "the resource is there, not for GET";
  const auto other = dispatch(router_, "GET", "/ccp/chat/transcript.pdf");
  EXPECT_EQ(other.status, 404) << "no such resource";
  EXPECT_NE(other.body.find("notFound"), std::string::npos) << other.body;
  EXPECT_EQ(dispatch(router_, "POST", "/ccp/chat/12a").status, 404);
}

TEST_F(RouterTest, HeadIsServedWhereGetIs) { EXPECT_EQ(dispatch(router_, "HEAD", "/ccp/status").status, 200); }

TEST_F(RouterTest, WrongMethodGets405WithAllowAndApiErrors) {
  auto r = dispatch(router_, "POST", "/ccp-webapp/ccp/feed/7");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.headers.get("Allow"), "GET, HEAD, PUT, DELETE");
  auto doc = xml::parseDocument(r.body);
  ASSERT_TRUE(doc.ok()) << r.body;
  EXPECT_EQ(doc.value().child("apiError")->childText("errorType"), "methodNotAllowed");
}

TEST_F(RouterTest, UnknownApiPathGets404ApiErrorsNotTheWebRoot) {
  auto r = dispatch(router_, "GET", "/ccp/nothing/here");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.headers.get("Content-Type"), "application/xml; charset=utf-8");
  auto doc = xml::parseDocument(r.body);
  ASSERT_TRUE(doc.ok()) << r.body;
  EXPECT_EQ(doc.value().name(), "apiErrors");
  EXPECT_EQ(doc.value().child("apiError")->childText("errorType"), "notFound");
  EXPECT_EQ(doc.value().child("apiError")->childText("errorData"), "/ccp/nothing/here");
}

TEST_F(RouterTest, ApiPrefixMatchesWholeSegmentsOnly) {
  EXPECT_EQ(dispatch(router_, "GET", "/ccpx/page.html").body, "static /ccpx/page.html");
}

TEST_F(RouterTest, OtherPathsGoToTheFallback) {
  EXPECT_EQ(dispatch(router_, "GET", "/chat.html").body, "static /chat.html");
}

TEST_F(RouterTest, InvalidPathIs400) {
  EXPECT_EQ(dispatch(router_, "GET", "/ccp/%zz").status, 400);
  EXPECT_EQ(dispatch(router_, "GET", "/a%00b").status, 400);
  EXPECT_EQ(dispatch(router_, "GET", "/a%2Fb").status, 400) << "an encoded slash must not smuggle a separator";
}

TEST_F(RouterTest, RejectionsOnApiPathsCarryApiErrors) {
  auto r = router_.rejected({.status = 413, .reason = "too large", .target = "/ccp/chat?x=1"});
  EXPECT_EQ(r.status, 413);
  EXPECT_NE(r.body.find("<errorType>invalidInput.outOfRange</errorType>"), std::string::npos) << r.body;
  auto plain = router_.rejected({.status = 400, .reason = "bad"});
  EXPECT_EQ(plain.headers.get("Content-Type"), "text/plain; charset=utf-8");
}

TEST(RouteTable, TellsBeforehandWhetherARequestMayChangeTheDomain) {
  RouteTable router;
  router.add("GET", "/read", answer("read"));
  router.add("GET", "/create/{id}", answer("create"), RouteTable::Effect::Changes);
  router.add("POST", "/write", answer("write"));
  const auto mayChange = [&router](std::string method, std::string target) {
    net::Request request;
    request.method = std::move(method);
    request.target = std::move(target);
    return router.mayChange(request);
  };
  EXPECT_FALSE(mayChange("GET", "/read"));
  EXPECT_TRUE(mayChange("GET", "/create/7?name=Ann"));
  EXPECT_TRUE(mayChange("HEAD", "/create/7"));
  EXPECT_TRUE(mayChange("POST", "/write"));
  EXPECT_TRUE(mayChange("DELETE", "/anything")) << "any other method may, route or not";
  EXPECT_FALSE(mayChange("GET", "/unknown"));
  EXPECT_FALSE(mayChange("OPTIONS", "/create/7"));
}

}  // namespace
}  // namespace smfront::api
