// The Wireshark dissector carries the MR table exactly as table.hpp has it.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "media_routing/mr_table_lua.hpp"

namespace smfront::media_routing {
namespace {

TEST(MrTableLua, TheDissectorCarriesTheGeneratedTable) {
  std::ifstream file(std::string(SMFRONT_SOURCE_DIR) + "/tools/wireshark/mr_lab.lua");
  ASSERT_TRUE(file) << "tools/wireshark/mr_lab.lua is missing";
  std::stringstream text;
  text << file.rdbuf();
  const std::string lua = text.str();
  const std::string table = mrTableLua();
  EXPECT_NE(lua.find(table), std::string::npos)
      << "the table block of tools/wireshark/mr_lab.lua differs from protocols/mr/table.hpp; "
         "replace it with the output of smfront --print-mr-table=lua";
}

TEST(MrTableLua, NamesEveryMessageTagAndError) {
  const std::string table = mrTableLua();
  EXPECT_NE(table.find("[20] = {name = \"NEW_TASK\", direction = \"to_pg\", dialogue = true"), std::string::npos);
  EXPECT_NE(table.find("{wide = 300, narrow = 34, name = \"Label\", max = 41, kind = \"string\"}"), std::string::npos);
  EXPECT_NE(table.find("[0x44] = \"E_INVALID_FIELD_TAG\""), std::string::npos);
}

}  // namespace
}  // namespace smfront::media_routing
