// Encode + decode of the two messages every routed contact costs, NEW_TASK and
// DO_THIS_WITH_TASK, each with ten call variables. Target: >= 2 million encode+decode per
// second per core. Results and the command: bench/mr/results.md.
#include <benchmark/benchmark.h>

#include <string>

#include "mr/codec.hpp"
#include "mr/frame_decoder.hpp"
#include "mr/messages.hpp"

namespace {

using namespace smfront::mr;

// Values of a realistic size: call variables of 20-40 characters, a 32-hex contact id.
const char* const kValues[kCallVariableCount] = {
    "customer-4711",          "gold",
    "order 2026-11-28-00042", "en-US",
    "web chat from checkout", "+1 555 0100",
    "account 99887766",       "priority 2",
    "returning customer yes", "campaign winter-sale-2026",
};

NewTask makeNewTask() {
  NewTask m;
  m.dialogue = {7, 1};
  m.invokeId = 12;
  m.mrDomainId = kMrdTask;
  m.scriptSelector = "TaskDN";
  m.text = "Question about my order";
  m.ani = "+1 555 0100";
  m.applicationString1 = "0123456789abcdef0123456789abcdef";
  m.applicationString2 = "task";
  for (std::size_t i = 0; i < kCallVariableCount; ++i) m.callVariables[i] = kValues[i];
  return m;
}

DoThisWithTask makeDoThisWithTask() {
  DoThisWithTask m;
  m.dialogue = {7, 3};
  m.taskId = {150000, 42, 0};
  m.peripheralId = 5000;
  m.icmAgentId = 5001;
  m.skillGroupId = 10;
  m.serviceId = 20;
  m.label = "mary";
  m.agentId = "1001";
  for (std::size_t i = 0; i < kCallVariableCount; ++i) m.callVariables[i] = kValues[i];
  return m;
}

// Encode into a reused buffer, then decode the frame into a reused message: the steady
// state of a link.
template <class M>
void encodeDecode(benchmark::State& state, const M& message, FloatWidth width) {
  const CodecOptions options{width};
  std::string bytes;
  M decoded;
  for (auto _ : state) {
    bytes.clear();
    encode(message, bytes, options);
    const Frame frame{static_cast<std::uint32_t>(M::kType), std::string_view(bytes).substr(kHeaderBytes)};
    const DecodeStatus status = decode(frame, decoded, options);
    if (!status.ok()) state.SkipWithError(status.reason);
    benchmark::DoNotOptimize(decoded);
    benchmark::DoNotOptimize(bytes.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes.size()));
}

void BM_NewTask_EncodeDecode(benchmark::State& state) {
  encodeDecode(state, makeNewTask(), FloatWidth::TwoTwo);
}
void BM_NewTask_EncodeDecode_OneOne(benchmark::State& state) {
  encodeDecode(state, makeNewTask(), FloatWidth::OneOne);
}
void BM_DoThisWithTask_EncodeDecode(benchmark::State& state) {
  encodeDecode(state, makeDoThisWithTask(), FloatWidth::TwoTwo);
}
void BM_DoThisWithTask_EncodeDecode_OneOne(benchmark::State& state) {
  encodeDecode(state, makeDoThisWithTask(), FloatWidth::OneOne);
}

// What a link does with received bytes: frame decoder + decode into the Message variant.
void BM_DoThisWithTask_FrameAndVariantDecode(benchmark::State& state) {
  std::string bytes;
  encode(makeDoThisWithTask(), bytes);
  FrameDecoder decoder;
  Message message;
  for (auto _ : state) {
    decoder.feed(bytes);
    Frame frame;
    if (decoder.next(frame) != FrameDecoder::Status::Frame) state.SkipWithError("no frame");
    const DecodeStatus status = decode(frame, message);
    if (!status.ok()) state.SkipWithError(status.reason);
    benchmark::DoNotOptimize(message);
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_NewTask_EncodeDecode);
BENCHMARK(BM_NewTask_EncodeDecode_OneOne);
BENCHMARK(BM_DoThisWithTask_EncodeDecode);
BENCHMARK(BM_DoThisWithTask_EncodeDecode_OneOne);
BENCHMARK(BM_DoThisWithTask_FrameAndVariantDecode);

}  // namespace

BENCHMARK_MAIN();
