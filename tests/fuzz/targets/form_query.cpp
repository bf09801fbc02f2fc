// Form and query-string decoding: application/x-www-form-urlencoded values, the chat form,
// and the callback and task query strings (GET /ccp/callback/feed/<id>?...). The first byte
// picks the decoder; encoded results must decode back to what was encoded.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "ccp/callback_task.hpp"
#include "ccp/form_encoding.hpp"

namespace {

using namespace smfront::ccp;

template <typename Parse, typename Serialize>
void roundTrip(std::string_view text, Parse parse, Serialize serialize) {
  const auto first = parse(text);
  if (!first) return;
  const auto second = parse(serialize(*first));
  if (!second || !(*second == *first)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 5) {
    case 0: {
      // Any bytes encode to a value that decodes to the same bytes.
      const auto decoded = formDecode(urlFormEncode(text));
      if (!decoded || *decoded != text) std::abort();
      formDecode(text);
      break;
    }
    case 1:
      parseFormFields(text);
      break;
    case 2:
      roundTrip(text, parseChatForm, serializeChatForm);
      break;
    case 3:
      roundTrip(text, parseCallbackQuery, serializeCallbackQuery);
      break;
    case 4:
      roundTrip(text, parseTaskQuery, serializeTaskQuery);
      break;
  }
  return 0;
}
