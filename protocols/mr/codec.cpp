#include "mr/codec.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

namespace smfront::mr {

namespace {

// What the codec needs of one message type, computed from table.hpp at compile time.
struct Plan {
  const MessageSpec* spec = nullptr;
  std::uint32_t fixedBytes = 0;  // fixed part without the dialogue header
  std::uint32_t headBytes = 0;   // dialogue header + fixed part
  std::uint32_t allowed = 0;     // tag masks: bit i = kTags[i]
  std::uint32_t repeatable = 0;
  std::uint32_t required = 0;
  std::uint32_t oneOf = 0;
  int invokeOffset = -1;  // body offset of InvokeID, if the type has one
  std::array<std::int8_t, kTagCount> floatTags{};  // kTags indexes in table order
  std::uint8_t floatCount = 0;
};

constexpr std::array<Plan, kMaxMessageType + 1> makePlans() {
  std::array<Plan, kMaxMessageType + 1> plans{};
  for (const MessageSpec& m : kMessages) {
    Plan& p = plans[static_cast<std::uint32_t>(m.type)];
    p.spec = &m;
    std::uint32_t offset = m.dialogueHeader ? 8 : 0;
    for (const FieldSpec& f : m.fixed) {
      if (f.name == "InvokeID") p.invokeOffset = static_cast<int>(offset);
      offset += static_cast<std::uint32_t>(fieldBytes(f.type));
    }
    p.headBytes = offset;
    p.fixedBytes = offset - (m.dialogueHeader ? 8 : 0);
    for (const FloatSpec& f : m.floats) {
      const int index = tagIndex(f.tag);
      const std::uint32_t bit = 1u << index;
      p.allowed |= bit;
      if (f.presence == Presence::Repeatable) p.repeatable |= bit;
      if (f.presence == Presence::Required) p.required |= bit;
      if (f.presence == Presence::OneOf) p.oneOf |= bit;
      p.floatTags[p.floatCount++] = static_cast<std::int8_t>(index);
    }
  }
  return plans;
}

constexpr auto kPlans = makePlans();

// Wire tag -> kTags index, one array per width, so decoding a float costs one load.
template <FloatWidth W, std::size_t N>
constexpr std::array<std::int8_t, N> makeTagLookup() {
  std::array<std::int8_t, N> lookup{};
  for (std::size_t tag = 0; tag < N; ++tag) lookup[tag] = static_cast<std::int8_t>(tagIndex(static_cast<std::uint32_t>(tag), W));
  return lookup;
}
constexpr auto kWideTags = makeTagLookup<FloatWidth::TwoTwo, 512>();
constexpr auto kNarrowTags = makeTagLookup<FloatWidth::OneOne, 256>();

int lookupTag(std::uint32_t wire, FloatWidth width) noexcept {
  if (width == FloatWidth::TwoTwo) return wire < kWideTags.size() ? kWideTags[wire] : -1;
  return wire < kNarrowTags.size() ? kNarrowTags[wire] : -1;
}

std::uint32_t wireTag(const TagSpec& tag, FloatWidth width) noexcept {
  return width == FloatWidth::TwoTwo ? static_cast<std::uint32_t>(tag.tag) : tag.narrowTag;
}

constexpr bool isPrintable(char c) noexcept { return c >= 0x20 && c <= 0x7E; }

// Whether every byte of [p, p + n) is printable ASCII (0x20-0x7E). Every string crosses this
// check on both ends, so it tests eight bytes per step: "some byte < 0x20" and "some byte >
// 0x7E" are exact word-wide tests (the hasless/hasmore bit tricks).
bool allPrintable(const char* p, std::size_t n) noexcept {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, p + i, 8);
    const std::uint64_t below = (w - kOnes * 0x20) & ~w & kHighs;
    const std::uint64_t above = ((w + kOnes * (127 - 0x7E)) | w) & kHighs;
    if ((below | above) != 0) return false;
  }
  for (; i < n; ++i) {
    if (!isPrintable(p[i])) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Encoding

void putU32(std::string& out, std::uint32_t v) {
  const char bytes[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
                         static_cast<char>(v)};
  out.append(bytes, 4);
}

void patchU32(std::string& out, std::size_t at, std::uint32_t v) {
  out[at] = static_cast<char>(v >> 24);
  out[at + 1] = static_cast<char>(v >> 16);
  out[at + 2] = static_cast<char>(v >> 8);
  out[at + 3] = static_cast<char>(v);
}

void putFloatHeader(std::string& out, FloatWidth width, std::uint32_t tag, std::size_t length) {
  if (width == FloatWidth::TwoTwo) {
    const char bytes[4] = {static_cast<char>(tag >> 8), static_cast<char>(tag), static_cast<char>(length >> 8),
                           static_cast<char>(length)};
    out.append(bytes, 4);
  } else {
    const char bytes[2] = {static_cast<char>(tag), static_cast<char>(length)};
    out.append(bytes, 2);
  }
}

void putField(std::string& out, std::uint32_t v) { putU32(out, v); }
void putField(std::string& out, ErrorCode v) { putU32(out, static_cast<std::uint32_t>(v)); }
void putField(std::string& out, TaskReason v) { putU32(out, static_cast<std::uint32_t>(v)); }
void putField(std::string& out, bool v) {
  static_assert(kBoolBytes == 4 || kBoolBytes == 2);
  if constexpr (kBoolBytes == 4) putU32(out, v ? 1 : 0);
  else out.append({'\0', static_cast<char>(v ? 1 : 0)});
}
void putField(std::string& out, const TaskId& v) {
  putU32(out, v.day);
  putU32(out, v.callId);
  putU32(out, v.sequence);
}

// Appends @p text cut to @p maxChars with every unprintable byte made '?'; returns the length.
std::size_t putText(std::string& out, std::string_view text, std::size_t maxChars, EncodeReport& report) {
  std::size_t n = text.size();
  if (n > maxChars) {
    n = maxChars;
    ++report.truncated;
  }
  const std::size_t at = out.size();
  out.append(text.data(), n);
  if (allPrintable(text.data(), n)) return n;
  // Repair in place, over bytes that are already where they belong.
  char* p = out.data() + at;
  for (std::size_t i = 0; i < n; ++i) {
    if (!isPrintable(p[i])) {
      p[i] = '?';
      ++report.replaced;
    }
  }
  return n;
}

void putString(std::string& out, FloatWidth width, const TagSpec& tag, std::string_view text, EncodeReport& report) {
  const std::size_t maxChars = tag.maxBytes - 1u;
  const std::size_t n = text.size() < maxChars ? text.size() : maxChars;
  putFloatHeader(out, width, wireTag(tag, width), n + 1);
  putText(out, text, maxChars, report);
  out.push_back('\0');
}

// NamedVariable (index < 0) or NamedArray data; false when the item must be dropped.
bool putNamed(std::string& out, FloatWidth width, const TagSpec& tag, int index, std::string_view name,
              std::string_view value, std::size_t& namedBytes, EncodeReport& report) {
  const std::size_t nameChars = std::min(name.size(), kMaxVariableNameBytes - 1);
  const std::size_t valueChars = std::min(value.size(), kMaxVariableValueBytes - 1);
  const std::size_t length = (index >= 0 ? 1 : 0) + nameChars + 1 + valueChars + 1;
  if (name.empty() || namedBytes + length > kMaxNamedDataBytes) return false;
  namedBytes += length;
  putFloatHeader(out, width, wireTag(tag, width), length);
  if (index >= 0) out.push_back(static_cast<char>(index));
  putText(out, name, kMaxVariableNameBytes - 1, report);
  out.push_back('\0');
  putText(out, value, kMaxVariableValueBytes - 1, report);
  out.push_back('\0');
  return true;
}

template <class M>
void putNamedData(std::string& out, FloatWidth width, const M& m, EncodeReport& report) {
  static const TagSpec& variableTag = kTags[tagIndex(FloatTag::NamedVariable)];
  static const TagSpec& arrayTag = kTags[tagIndex(FloatTag::NamedArray)];
  std::size_t namedBytes = 0;
  bool full = false;
  // Past the first item that does not fit, everything is dropped: a later, shorter one
  // slipping in would make which variables arrive depend on their sizes.
  for (const NamedVariable& v : m.namedVariables) {
    if (full || !putNamed(out, width, variableTag, -1, v.name, v.value, namedBytes, report)) {
      full = full || !v.name.empty();
      ++report.droppedVariables;
    }
  }
  for (const NamedArrayItem& v : m.namedArrays) {
    if (full || !putNamed(out, width, arrayTag, v.index, v.name, v.value, namedBytes, report)) {
      full = full || !v.name.empty();
      ++report.droppedVariables;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Decoding

class Reader {
 public:
  explicit Reader(std::string_view bytes) noexcept
      : p_(reinterpret_cast<const unsigned char*>(bytes.data())), end_(p_ + bytes.size()) {}

  std::size_t remaining() const noexcept { return static_cast<std::size_t>(end_ - p_); }
  std::uint32_t u32() noexcept {
    const std::uint32_t v = (std::uint32_t{p_[0]} << 24) | (std::uint32_t{p_[1]} << 16) |
                            (std::uint32_t{p_[2]} << 8) | std::uint32_t{p_[3]};
    p_ += 4;
    return v;
  }
  std::uint32_t u16() noexcept {
    const std::uint32_t v = (std::uint32_t{p_[0]} << 8) | std::uint32_t{p_[1]};
    p_ += 2;
    return v;
  }
  std::uint32_t u8() noexcept { return *p_++; }
  std::string_view take(std::size_t n) noexcept {
    const std::string_view v(reinterpret_cast<const char*>(p_), n);
    p_ += n;
    return v;
  }

 private:
  const unsigned char* p_;
  const unsigned char* end_;
};

std::uint32_t peekU32(std::string_view bytes, std::size_t at) noexcept {
  Reader r(bytes.substr(at, 4));
  return r.u32();
}

void getField(Reader& r, std::uint32_t& v) noexcept { v = r.u32(); }
void getField(Reader& r, ErrorCode& v) noexcept { v = static_cast<ErrorCode>(r.u32()); }
void getField(Reader& r, TaskReason& v) noexcept { v = static_cast<TaskReason>(r.u32()); }
void getField(Reader& r, bool& v) noexcept {
  if constexpr (kBoolBytes == 4) v = r.u32() != 0;
  else v = r.u16() != 0;
}
void getField(Reader& r, TaskId& v) noexcept {
  v.day = r.u32();
  v.callId = r.u32();
  v.sequence = r.u32();
}

// A string's data as a view without its NUL; false when it breaks §3.2.
bool getString(std::string_view data, std::size_t maxBytes, std::string_view& out) noexcept {
  std::size_t n = data.size();
  if (n > 0 && data[n - 1] == '\0') --n;
  if (n + 1 > maxBytes) return false;  // a missing NUL still counts against the limit
  if (!allPrintable(data.data(), n)) return false;
  out = data.substr(0, n);
  return true;
}

// "name NUL value [NUL]" of NamedVariable and NamedArray.
bool getNamePair(std::string_view data, std::string_view& name, std::string_view& value) noexcept {
  const std::size_t nul = data.find('\0');
  if (nul == std::string_view::npos || nul == 0) return false;
  return getString(data.substr(0, nul + 1), kMaxVariableNameBytes, name) &&
         getString(data.substr(nul + 1), kMaxVariableValueBytes, value);
}

DecodeStatus failed(DecodeStatus status, ErrorCode code, const char* reason) noexcept {
  status.code = code;
  status.reason = reason;
  return status;
}

template <class M>
DecodeStatus decodeInto(const Frame& frame, M& m, const CodecOptions& options) {
  const Plan& plan = kPlans[static_cast<std::uint32_t>(M::kType)];
  const std::string_view body = frame.body;
  DecodeStatus status;
  status.type = frame.type;
  if (plan.invokeOffset >= 0 && body.size() >= static_cast<std::size_t>(plan.invokeOffset) + 4) {
    status.invokeId = peekU32(body, static_cast<std::size_t>(plan.invokeOffset));
  }
  if constexpr (kHasDialogue<M>) {
    if (body.size() >= 4) status.dialogueId = peekU32(body, 0);
  }
  if (body.size() < plan.headBytes) {
    return failed(status, ErrorCode::InvalidMessage, "body shorter than the fixed part");
  }

  Reader r(body);
  if constexpr (kHasDialogue<M>) {
    m.dialogue.dialogueId = r.u32();
    m.dialogue.sendSeqNo = r.u32();
  }
  M::visitFixed(m, [&r](auto& field) { getField(r, field); });

  if constexpr (kHasNamedData<M>) {
    m.namedVariables.clear();
    m.namedArrays.clear();
  }
  for (std::uint8_t i = 0; i < plan.floatCount; ++i) {
    if (auto* slot = M::floatSlot(m, kTags[plan.floatTags[i]].tag)) *slot = {};
  }

  const std::size_t floatHeader = options.floatWidth == FloatWidth::TwoTwo ? 4 : 2;
  std::uint32_t seen = 0;
  std::uint32_t present = 0;  // strings that carried at least one character
  std::size_t namedBytes = 0;
  while (r.remaining() > 0) {
    if (r.remaining() < floatHeader) return failed(status, ErrorCode::InvalidMessage, "truncated float header");
    const std::uint32_t wire = floatHeader == 4 ? r.u16() : r.u8();
    const std::size_t length = floatHeader == 4 ? r.u16() : r.u8();
    if (length > r.remaining()) return failed(status, ErrorCode::InvalidMessage, "float runs past the end");
    const int index = lookupTag(wire, options.floatWidth);
    if (index < 0) return failed(status, ErrorCode::InvalidFieldTag, "unknown float tag");
    const std::uint32_t bit = 1u << index;
    if ((plan.allowed & bit) == 0) {
      return failed(status, ErrorCode::InvalidFieldTag, "float tag not allowed in this message");
    }
    if ((seen & bit) != 0 && (plan.repeatable & bit) == 0) {
      return failed(status, ErrorCode::InvalidMessage, "repeated float tag");
    }
    seen |= bit;
    const TagSpec& tag = kTags[index];
    const std::string_view data = r.take(length);
    if (length > tag.maxBytes) return failed(status, ErrorCode::InvalidMessage, "float over its limit");
    switch (tag.kind) {
      case TagKind::String: {
        auto* slot = M::floatSlot(m, tag.tag);
        if (slot == nullptr || !getString(data, tag.maxBytes, *slot)) {
          return failed(status, ErrorCode::InvalidMessage, "string over its limit or not printable ASCII");
        }
        if (!slot->empty()) present |= bit;
        break;
      }
      case TagKind::NamedVariable:
      case TagKind::NamedArray:
        if constexpr (kHasNamedData<M>) {
          namedBytes += length;
          if (namedBytes > kMaxNamedDataBytes) {
            return failed(status, ErrorCode::InvalidMessage, "named data over 2000 bytes");
          }
          std::string_view name;
          std::string_view value;
          if (tag.kind == TagKind::NamedVariable) {
            if (!getNamePair(data, name, value)) {
              return failed(status, ErrorCode::InvalidMessage, "malformed NamedVariable");
            }
            m.namedVariables.push_back({name, value});
          } else {
            if (length < 1 || !getNamePair(data.substr(1), name, value)) {
              return failed(status, ErrorCode::InvalidMessage, "malformed NamedArray");
            }
            m.namedArrays.push_back({static_cast<std::uint8_t>(data[0]), name, value});
          }
        }
        break;
    }
  }
  if ((plan.required & present) != plan.required) {
    return failed(status, ErrorCode::InvalidMessage, "required float missing");
  }
  if (plan.oneOf != 0 && (plan.oneOf & present) == 0) {
    return failed(status, ErrorCode::InvalidMessage, "none of the alternative required floats");
  }
  return status;
}

template <class M>
DecodeStatus decodeVariant(const Frame& frame, Message& out, const CodecOptions& options) {
  M* m = std::get_if<M>(&out);
  if (m == nullptr) m = &out.emplace<M>();
  return decodeInto(frame, *m, options);
}

using Decoder = DecodeStatus (*)(const Frame&, Message&, const CodecOptions&);

// MessageType number -> decoder of its alternative; nullptr for numbers outside the table.
constexpr std::array<Decoder, kMaxMessageType + 1> makeDecoders() {
  std::array<Decoder, kMaxMessageType + 1> decoders{};
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    ((decoders[static_cast<std::uint32_t>(std::variant_alternative_t<I, Message>::kType)] =
          &decodeVariant<std::variant_alternative_t<I, Message>>),
     ...);
  }(std::make_index_sequence<std::variant_size_v<Message>>());
  return decoders;
}
constexpr auto kDecoders = makeDecoders();

}  // namespace

template <MessageStruct M>
void encode(const M& m, std::string& out, const CodecOptions& options, EncodeReport* report) {
  constexpr const Plan& plan = kPlans[static_cast<std::uint32_t>(M::kType)];
  EncodeReport local;
  EncodeReport& repairs = report ? *report : local;
  const std::size_t start = out.size();
  out.append(kHeaderBytes, '\0');
  if constexpr (kHasDialogue<M>) {
    putU32(out, m.dialogue.dialogueId);
    putU32(out, m.dialogue.sendSeqNo);
  }
  M::visitFixed(m, [&out](const auto& field) { putField(out, field); });
  for (std::uint8_t i = 0; i < plan.floatCount; ++i) {
    const TagSpec& tag = kTags[plan.floatTags[i]];
    if (tag.kind != TagKind::String) continue;
    const std::string_view* slot = M::floatSlot(m, tag.tag);
    if (slot != nullptr && !slot->empty()) putString(out, options.floatWidth, tag, *slot, repairs);
  }
  if constexpr (kHasNamedData<M>) putNamedData(out, options.floatWidth, m, repairs);
  patchU32(out, start, static_cast<std::uint32_t>(out.size() - start - kHeaderBytes));
  patchU32(out, start + 4, static_cast<std::uint32_t>(M::kType));
}

void encode(const Message& message, std::string& out, const CodecOptions& options, EncodeReport* report) {
  std::visit([&](const auto& m) { encode(m, out, options, report); }, message);
}

DecodeStatus decode(const Frame& frame, Message& out, const CodecOptions& options) {
  if (frame.type < kDecoders.size() && kDecoders[frame.type] != nullptr) {
    return kDecoders[frame.type](frame, out, options);
  }
  DecodeStatus status;
  status.type = frame.type;
  return failed(status, ErrorCode::InvalidMessage, "unknown message type");
}

template <MessageStruct M>
DecodeStatus decode(const Frame& frame, M& out, const CodecOptions& options) {
  if (frame.type != static_cast<std::uint32_t>(M::kType)) {
    Message any;
    DecodeStatus status = decode(frame, any, options);
    return failed(status, ErrorCode::InvalidMessage, "unexpected message type");
  }
  return decodeInto(frame, out, options);
}

// Every message type's encode and decode, compiled once here.
#define SMFRONT_MR_INSTANTIATE(M)                                                          \
  template void encode<M>(const M&, std::string&, const CodecOptions&, EncodeReport*); \
  template DecodeStatus decode<M>(const Frame&, M&, const CodecOptions&);
SMFRONT_MR_INSTANTIATE(FailureConf)
SMFRONT_MR_INSTANTIATE(FailureEvent)
SMFRONT_MR_INSTANTIATE(OpenReq)
SMFRONT_MR_INSTANTIATE(OpenConf)
SMFRONT_MR_INSTANTIATE(HeartbeatReq)
SMFRONT_MR_INSTANTIATE(HeartbeatConf)
SMFRONT_MR_INSTANTIATE(CloseReq)
SMFRONT_MR_INSTANTIATE(CloseConf)
SMFRONT_MR_INSTANTIATE(NewTask)
SMFRONT_MR_INSTANTIATE(NewTaskConf)
SMFRONT_MR_INSTANTIATE(TaskQueuedEvent)
SMFRONT_MR_INSTANTIATE(DoThisWithTask)
SMFRONT_MR_INSTANTIATE(DialogueFailureEvent)
SMFRONT_MR_INSTANTIATE(DialogueFailureConf)
SMFRONT_MR_INSTANTIATE(CancelTask)
SMFRONT_MR_INSTANTIATE(CancelTaskConf)
SMFRONT_MR_INSTANTIATE(RoutingStatusEvent)
#undef SMFRONT_MR_INSTANTIATE

std::string printableText(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    std::size_t length = 1;
    if (c >= 0xC0) length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;  // the code point's bytes
    out += isPrintable(static_cast<char>(c)) ? static_cast<char>(c) : '?';
    i += length;
  }
  return out;
}

}  // namespace smfront::mr
