// MR codec round trip: any message the decoder accepts (type and body from the input) is
// encoded, and decoding that gives the same message back, and encoding it again the same bytes:
// decode(encode(x)) == x over every message type and both float widths.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fuzz_input.hpp"
#include "mr/codec.hpp"

using namespace smfront;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::FuzzInput input(data, size);
  const std::uint8_t knob = input.takeByte();
  mr::CodecOptions options;
  options.floatWidth = (knob & 0x80) ? mr::FloatWidth::OneOne : mr::FloatWidth::TwoTwo;

  mr::Frame frame;
  frame.type = knob & 0x7F;
  frame.body = input.rest();
  mr::Message x;
  if (!mr::decode(frame, x, options).ok()) return 0;

  std::string wire;
  mr::EncodeReport report;
  mr::encode(x, wire, options, &report);
  if (!report.clean()) return 0;  // the encoder had to change x, so x cannot come back
  if (wire.size() < mr::kHeaderBytes) std::abort();

  mr::Frame again;
  again.type = frame.type;
  again.body = std::string_view(wire).substr(mr::kHeaderBytes);
  mr::Message y;
  if (!mr::decode(again, y, options).ok() || !(y == x)) std::abort();

  std::string rewired;
  mr::encode(y, rewired, options);
  if (rewired != wire) std::abort();
  return 0;
}
