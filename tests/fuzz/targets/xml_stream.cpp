// xml::StreamParser fed one input in fuzzer-chosen chunks. Properties: no crash or sanitizer
// report, and the events do not depend on where the chunks end (the same input fed whole
// gives the same stanzas and the same verdict). xml::parseDocument and the writer run on the
// input too: a parsed document serializes to XML that parses back to the same serialization.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_input.hpp"
#include "xml/parser.hpp"
#include "xml/writer.hpp"

namespace {

using namespace smfront;

class Recorder final : public xml::StreamHandler {
 public:
  void onStreamStart(const xml::Element& header) override { events.push_back("start " + header.name()); }
  void onStanza(xml::Element&& stanza) override { events.push_back(xml::serialize(stanza)); }
  void onStreamEnd() override { events.push_back("end"); }

  std::vector<std::string> events;
};

struct Outcome {
  std::vector<std::string> events;
  bool failed = false;
};

Outcome feedAll(const std::vector<std::string_view>& chunks, const xml::Limits& limits) {
  Recorder recorder;
  xml::StreamParser parser(recorder, limits);
  Outcome outcome;
  for (const std::string_view chunk : chunks) {
    if (!parser.feed(chunk).ok()) {
      outcome.failed = true;
      break;
    }
  }
  outcome.events = std::move(recorder.events);
  return outcome;
}

xml::Limits smallLimits(std::uint8_t knob) {
  xml::Limits limits;
  limits.maxDepth = 1 + knob % 8;
  limits.maxBytes = 64 + 64 * (knob % 16);
  limits.maxAttributes = 1 + knob % 5;
  limits.maxTextBytes = 16 + 16 * (knob % 8);
  limits.allowComments = (knob & 0x80) != 0;
  return limits;
}

void checkDocumentRoundTrip(std::string_view bytes, const xml::Limits& limits) {
  const xml::ParseResult parsed = xml::parseDocument(bytes, limits);
  if (!parsed) return;
  const std::string once = xml::serialize(*parsed);
  // Escaping may make the text longer than the limits the original had to fit.
  xml::Limits roomy;
  roomy.maxDepth = limits.maxDepth;
  roomy.maxBytes = std::size_t{1} << 24;
  roomy.maxTextBytes = std::size_t{1} << 24;
  roomy.maxAttributes = 4096;  // namespaced attributes may each need a declaration of their own
  const xml::ParseResult again = xml::parseDocument(once, roomy);
  if (!again || xml::serialize(*again) != once) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::FuzzInput input(data, size);
  const std::uint8_t knob = input.takeByte();
  const std::string_view seed = input.take(input.takeByte() % 16);
  const std::string_view bytes = input.rest();
  const xml::Limits limits = (knob & 1) ? smallLimits(knob >> 1) : xml::Limits{};

  // Expat tells BOM-less UTF-16 from UTF-8 by the zero bytes among the first ones it is given,
  // so the first 4 bytes always go in one piece: "g\0" whole is UTF-16 'g', split it is an
  // invalid UTF-8 token.
  std::vector<std::string_view> chunks{bytes.substr(0, 4)};
  for (const std::string_view chunk : fuzz::splitChunks(bytes.substr(chunks.front().size()), seed)) {
    chunks.push_back(chunk);
  }
  const Outcome split = feedAll(chunks, limits);
  const Outcome whole = feedAll({bytes}, limits);
  if (split.failed != whole.failed || split.events != whole.events) std::abort();

  checkDocumentRoundTrip(bytes, limits);
  return 0;
}
