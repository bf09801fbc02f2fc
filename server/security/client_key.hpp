#pragma once
// The name under which a client address is counted by per-address limits.
#include <string>
#include <string_view>

namespace smfront::security {

/// IPv4 addresses (and IPv4-mapped IPv6 ones) as dotted quads; other IPv6
/// addresses by their /64 prefix, since one host commonly holds a whole /64 and
/// could otherwise start afresh with every address. Anything else is returned
/// as given.
std::string clientKey(std::string_view address);

}  // namespace smfront::security
