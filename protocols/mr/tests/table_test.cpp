#include "mr/table.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <type_traits>
#include <vector>

#include "mr/messages.hpp"

namespace smfront::mr {
namespace {

// The structs must follow the table: same fixed fields in the same order with matching C++
// types, and a member for every string tag the table allows (and none it does not).

template <class T>
FieldType fieldTypeOf() {
  using U = std::remove_cvref_t<T>;
  if constexpr (std::is_same_v<U, bool>) return FieldType::Bool;
  else if constexpr (std::is_same_v<U, TaskId>) return FieldType::TaskId;
  else {
    static_assert(sizeof(U) == 4, "fixed fields are 4-byte integers or enums");
    return FieldType::Uint;
  }
}

TEST(Table, StructsFollowTheFixedLayouts) {
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (([&] {
       using M = std::variant_alternative_t<I, Message>;
       const MessageSpec* spec = findMessage(static_cast<std::uint32_t>(M::kType));
       ASSERT_NE(spec, nullptr);
       SCOPED_TRACE(std::string(spec->name));
       EXPECT_EQ(spec, &kMessages[I]) << "Message lists the types in table order";
       std::vector<FieldType> types;
       M m{};
       M::visitFixed(m, [&](auto& field) { types.push_back(fieldTypeOf<decltype(field)>()); });
       ASSERT_EQ(types.size(), spec->fixed.size());
       for (std::size_t k = 0; k < types.size(); ++k) {
         const FieldType expected = spec->fixed[k].type == FieldType::Time ? FieldType::Uint : spec->fixed[k].type;
         EXPECT_EQ(types[k], expected) << spec->fixed[k].name;
       }
       EXPECT_EQ(kHasDialogue<M>, spec->dialogueHeader);
       bool named = false;
       for (const TagSpec& tag : kTags) {
         bool allowed = false;
         for (const FloatSpec& f : spec->floats) allowed = allowed || f.tag == tag.tag;
         if (tag.kind == TagKind::String) {
           EXPECT_EQ(M::floatSlot(m, tag.tag) != nullptr, allowed) << tag.name;
         } else {
           named = named || allowed;
         }
       }
       EXPECT_EQ(kHasNamedData<M>, named);
     }()),
     ...);
  }(std::make_index_sequence<std::variant_size_v<Message>>());
}

TEST(Table, NumbersAndNamesAreUnique) {
  std::set<std::uint32_t> types;
  std::set<std::string_view> names;
  for (const MessageSpec& m : kMessages) {
    EXPECT_TRUE(types.insert(static_cast<std::uint32_t>(m.type)).second) << m.name;
    EXPECT_TRUE(names.insert(m.name).second) << m.name;
    EXPECT_LE(static_cast<std::uint32_t>(m.type), kMaxMessageType);
  }
  std::set<std::uint32_t> wide;
  std::set<std::uint32_t> narrow;
  for (const TagSpec& t : kTags) {
    EXPECT_TRUE(wide.insert(static_cast<std::uint32_t>(t.tag)).second) << t.name;
    EXPECT_TRUE(narrow.insert(t.narrowTag).second) << t.name;
    EXPECT_LE(t.maxBytes, 255) << "every float must fit a 1+1 length";
    if (static_cast<std::uint32_t>(t.tag) <= 255) {
      EXPECT_EQ(t.narrowTag, static_cast<std::uint32_t>(t.tag));
    }
  }
  std::set<std::uint32_t> codes;
  for (const ErrorSpec& e : kErrors) EXPECT_TRUE(codes.insert(static_cast<std::uint32_t>(e.code)).second) << e.name;
}

TEST(Table, Lookups) {
  EXPECT_EQ(messageName(MessageType::DoThisWithTask), "DO_THIS_WITH_TASK");
  EXPECT_EQ(messageName(99), "UNKNOWN");
  EXPECT_EQ(errorName(ErrorCode::InvalidFieldTag), "E_INVALID_FIELD_TAG");
  EXPECT_EQ(errorName(0x99), "UNKNOWN");
  ASSERT_NE(findError("E_NO_SCRIPT"), nullptr);
  EXPECT_EQ(findError("E_NO_SCRIPT")->code, ErrorCode::NoScript);
  EXPECT_EQ(tagIndex(34, FloatWidth::OneOne), tagIndex(FloatTag::Label));
  EXPECT_EQ(tagIndex(34, FloatWidth::TwoTwo), -1);
  EXPECT_EQ(tagIndex(300, FloatWidth::TwoTwo), tagIndex(FloatTag::Label));
}

}  // namespace
}  // namespace smfront::mr
