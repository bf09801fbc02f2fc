#pragma once
// protocols/mr/table.hpp as a Lua table, for the Wireshark dissector
// (tools/wireshark/mr_lab.lua): `smfront --print-mr-table=lua` writes it, and a
// test checks that the dissector carries exactly this text, so every number
// lives in the one table.
#include <string>

namespace smfront::media_routing {

/// The Lua block, from its BEGIN line to its END line, newline-terminated.
std::string mrTableLua();

}  // namespace smfront::media_routing
