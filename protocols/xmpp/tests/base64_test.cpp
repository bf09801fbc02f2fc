#include "xmpp/base64.hpp"

#include <gtest/gtest.h>

namespace smfront::xmpp {
namespace {

TEST(Base64, EncodesRfc4648Vectors) {
  EXPECT_EQ(base64Encode(""), "");
  EXPECT_EQ(base64Encode("f"), "Zg==");
  EXPECT_EQ(base64Encode("fo"), "Zm8=");
  EXPECT_EQ(base64Encode("foo"), "Zm9v");
  EXPECT_EQ(base64Encode("foob"), "Zm9vYg==");
  EXPECT_EQ(base64Encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64Encode(std::string("\0\xff\xfe", 3)), "AP/+");
}

TEST(Base64, DecodesWhatItEncodes) {
  for (const std::string s : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
    EXPECT_EQ(base64Decode(base64Encode(s)), s);
  }
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  EXPECT_EQ(base64Decode(base64Encode(all)), all);
}

TEST(Base64, RejectsNonCanonicalInput) {
  EXPECT_FALSE(base64Decode("Zg"));        // no padding
  EXPECT_FALSE(base64Decode("Zg=a"));      // padding in the middle
  EXPECT_FALSE(base64Decode("Zh=="));      // unused bits set
  EXPECT_FALSE(base64Decode("Zm9=Zm9v"));  // padding before the end
  EXPECT_FALSE(base64Decode("Zm 9"));      // whitespace
  EXPECT_FALSE(base64Decode("Zm9v\n"));
  EXPECT_FALSE(base64Decode("Zm-v"));      // url-safe alphabet
  EXPECT_FALSE(base64Decode("===="));
}

}  // namespace
}  // namespace smfront::xmpp
