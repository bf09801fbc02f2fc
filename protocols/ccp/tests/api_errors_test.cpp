#include "ccp/api_errors.hpp"

#include <gtest/gtest.h>

#include "problems.hpp"

namespace smfront::ccp {
namespace {

using testing::compact;

TEST(ApiErrors, MatchesSpecExample) {
  const Problems problems = {fieldRequired("author")};
  EXPECT_EQ(serializeApiErrors(problems),
            compact(R"(<apiErrors><apiError><errorType>invalidInput.fieldRequired</errorType>
  <errorData>author</errorData><errorMessage>author is required</errorMessage></apiError></apiErrors>)"));
}

TEST(ApiErrors, OneApiErrorPerProblemAndRoundTrips) {
  const Problems problems = {fieldRequired("title"),
                             outOfRange("author", "author is longer than 100 characters"),
                             invalidValue("body", "bad <xml> & more"),
                             {"notFound", "", "no chat session"}};
  const std::string xml = serializeApiErrors(problems);
  EXPECT_EQ(parseApiErrors(xml), problems);
  EXPECT_EQ(serializeApiErrors({}), "<apiErrors/>");
  EXPECT_FALSE(parseApiErrors("<ApiErrors/>"));
  EXPECT_FALSE(parseApiErrors("not xml"));
}

TEST(ApiErrors, HelpersUseSpecTypes) {
  EXPECT_EQ(fieldRequired("author"),
            (ApiError{"invalidInput.fieldRequired", "author", "author is required"}));
  EXPECT_EQ(outOfRange("title", "m").errorType, "invalidInput.outOfRange");
  EXPECT_EQ(invalidValue("type", "m").errorType, "invalidInput.invalidValue");
}

TEST(HttpStatusFor, FollowsSpecTable) {
  EXPECT_EQ(httpStatusFor("notFound"), 404);
  EXPECT_EQ(httpStatusFor("invalidInput.fieldRequired"), 400);
  EXPECT_EQ(httpStatusFor("invalidInput.outOfRange"), 400);
  EXPECT_EQ(httpStatusFor("invalidInput.invalidValue"), 400);
  EXPECT_EQ(httpStatusFor("invalidState.changeStamp"), 400);
  EXPECT_EQ(httpStatusFor("invalidState.reserved"), 400);
  EXPECT_EQ(httpStatusFor("invalidState.transition"), 400);
  EXPECT_EQ(httpStatusFor("invalidState.chatEnded"), 400);
  EXPECT_EQ(httpStatusFor("notAuthorized"), 401);
  EXPECT_EQ(httpStatusFor("forbidden"), 403);
  EXPECT_EQ(httpStatusFor("methodNotAllowed"), 405);
  EXPECT_EQ(httpStatusFor("preconditionFailed"), 412);
  EXPECT_EQ(httpStatusFor("internalError"), 500);
  EXPECT_EQ(httpStatusFor("serviceUnavailable"), 503);
  EXPECT_EQ(httpStatusFor("somethingElse"), 500);
}

}  // namespace
}  // namespace smfront::ccp
