#include "mr/frame_decoder.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "mr/codec.hpp"
#include "wire.hpp"

namespace smfront::mr {
namespace {

using testing::be32;

std::string conversation() {
  std::string bytes;
  encode(OpenReq{1, 1, 20, 5000}, bytes);
  encode(HeartbeatReq{2}, bytes);
  NewTask task;
  task.dialogue = {1, 1};
  task.scriptSelector = "TaskDN";
  for (auto& cv : task.callVariables) cv = "value of a call variable";
  encode(task, bytes);
  encode(CloseConf{3}, bytes);
  return bytes;
}

// Feeds @p bytes in chunks of the given sizes (cycled) and returns the decoded types and
// bodies, copied since they are only valid until the next feed.
std::vector<std::pair<std::uint32_t, std::string>> run(const std::string& bytes, const std::vector<std::size_t>& sizes) {
  FrameDecoder decoder;
  std::vector<std::pair<std::uint32_t, std::string>> out;
  std::size_t at = 0;
  for (std::size_t i = 0; at < bytes.size(); ++i) {
    const std::size_t n = std::min(sizes[i % sizes.size()], bytes.size() - at);
    decoder.feed(std::string_view(bytes).substr(at, n));
    at += n;
    Frame frame;
    while (decoder.next(frame) == FrameDecoder::Status::Frame) out.emplace_back(frame.type, std::string(frame.body));
  }
  EXPECT_EQ(decoder.buffered(), 0u);
  return out;
}

TEST(FrameDecoder, WholeStreamAtOnce) {
  const auto frames = run(conversation(), {1 << 20});
  ASSERT_EQ(frames.size(), 4u);
  EXPECT_EQ(frames[0].first, 3u);
  EXPECT_EQ(frames[1].first, 5u);
  EXPECT_EQ(frames[2].first, 20u);
  EXPECT_EQ(frames[3].first, 8u);
}

TEST(FrameDecoder, AnyChunkingGivesTheSameFrames) {
  const std::string bytes = conversation();
  const auto whole = run(bytes, {1 << 20});
  EXPECT_EQ(run(bytes, {1}), whole) << "byte by byte";
  EXPECT_EQ(run(bytes, {7, 3, 8, 1, 13}), whole);
  std::mt19937 random(12345);
  for (int round = 0; round < 50; ++round) {
    std::vector<std::size_t> sizes;
    for (int i = 0; i < 20; ++i) sizes.push_back(1 + random() % 40);
    EXPECT_EQ(run(bytes, sizes), whole) << "round " << round;
  }
}

TEST(FrameDecoder, EmptyBodyIsAFrame) {
  FrameDecoder decoder;
  decoder.feed(be32(0) + be32(99));
  Frame frame;
  ASSERT_EQ(decoder.next(frame), FrameDecoder::Status::Frame);
  EXPECT_EQ(frame.type, 99u);
  EXPECT_TRUE(frame.body.empty());
  EXPECT_EQ(decoder.next(frame), FrameDecoder::Status::NeedMore);
}

TEST(FrameDecoder, LengthOverTheLimitLosesTheFraming) {
  FrameDecoder decoder;
  decoder.feed(be32(kMaxBodyBytes) + be32(2));
  Frame frame;
  EXPECT_EQ(decoder.next(frame), FrameDecoder::Status::NeedMore) << "16384 is allowed";

  FrameDecoder bad;
  bad.feed(be32(kMaxBodyBytes + 1).substr(0, 3));
  EXPECT_EQ(bad.next(frame), FrameDecoder::Status::NeedMore);
  bad.feed(be32(kMaxBodyBytes + 1).substr(3) + be32(2));
  EXPECT_EQ(bad.next(frame), FrameDecoder::Status::TooLong);
  EXPECT_EQ(bad.tooLongLength(), kMaxBodyBytes + 1);
  bad.feed(be32(4) + be32(5) + be32(1));
  EXPECT_EQ(bad.next(frame), FrameDecoder::Status::TooLong) << "nothing after it can be trusted";
}

}  // namespace
}  // namespace smfront::mr
