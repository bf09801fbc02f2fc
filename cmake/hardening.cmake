# The hardening Debian builds its packages with (dpkg-buildflags, hardening=+all):
# stack protector and clash protection, fortified libc calls, format-string
# checks, a read-only GOT bound at start (RELRO + BIND_NOW) and PIE. Sanitizer
# and fuzzing builds turn it off: their runtimes replace the same checks.
option(SMFRONT_HARDEN "Build with the distribution's hardening flags" ON)
if(SMFRONT_HARDEN)
  add_compile_options(-fstack-protector-strong -fstack-clash-protection -Wformat -Werror=format-security)
  # _FORTIFY_SOURCE needs the optimizer; a Debug build would only warn.
  add_compile_options("$<$<NOT:$<CONFIG:Debug>>:-U_FORTIFY_SOURCE;-D_FORTIFY_SOURCE=2>")
  set(CMAKE_POSITION_INDEPENDENT_CODE ON)
  include(CheckPIESupported)
  check_pie_supported()
  add_link_options(-Wl,-z,relro -Wl,-z,now)
endif()
