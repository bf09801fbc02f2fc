#pragma once

// Syntax checks for the names the configuration carries. They live apart from
// the loader so the command line and later sections can reuse them.

#include <string_view>

namespace smfront::config {

// Dot-separated labels of letters, digits and '-', no label starting or ending
// with '-', labels of 1..63 and a whole name of at most 253 characters.
// Accepts dotted IPv4 literals too, which is what a lab FQDN sometimes is.
bool isDnsName(std::string_view name);

// An IPv4 or IPv6 literal such as "0.0.0.0" or "::" (no host names: the
// listeners bind before any resolver is available).
bool isIpAddress(std::string_view address);

// 1..64 characters of [a-z0-9._-]: users become XMPP localparts, and this
// alphabet needs no escaping or case folding there.
bool isUserName(std::string_view name);

// A display name ("Vera", "Agent Smith"): 1..64 characters, no control
// characters, valid UTF-8, not only spaces.
bool isDisplayName(std::string_view name);

// The user name a display name stands for: ASCII letters lower-cased, other
// characters outside [a-z0-9._-] as '_' ("Agent Smith" -> "agent_smith").
std::string userNameOf(std::string_view displayName);

}  // namespace smfront::config
