// Carrier of the shared precompiled header (pch.hpp); compiles nothing.
