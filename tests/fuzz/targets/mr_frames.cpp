// The MR PG link's receive path: mr::FrameDecoder fed the input in fuzzer-chosen chunks, every
// frame it yields decoded as a message (both float widths), as the MR door does.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_input.hpp"
#include "mr/codec.hpp"
#include "mr/frame_decoder.hpp"

using namespace smfront;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::FuzzInput input(data, size);
  const std::uint8_t knob = input.takeByte();
  const std::string_view seed = input.take(input.takeByte() % 16);
  mr::CodecOptions options;
  options.floatWidth = (knob & 1) ? mr::FloatWidth::OneOne : mr::FloatWidth::TwoTwo;
  const std::uint32_t maxBody = (knob & 2) ? 64 : mr::kMaxBodyBytes;

  mr::FrameDecoder decoder(maxBody);
  mr::Message message;
  for (const std::string_view chunk : fuzz::splitChunks(input.rest(), seed)) {
    decoder.feed(chunk);
    mr::Frame frame;
    for (;;) {
      const auto status = decoder.next(frame);
      if (status == mr::FrameDecoder::Status::TooLong) return 0;  // the door closes the link here
      if (status == mr::FrameDecoder::Status::NeedMore) break;
      mr::decode(frame, message, options);
    }
  }
  return 0;
}
