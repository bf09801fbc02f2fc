# The hardening Debian builds its packages with (dpkg-buildflags, hardening=+all):
# stack protector and clash protection, fortified libc calls, format-string
# checks and a read-only GOT bound at start (RELRO + BIND_NOW). PIE needs no
# flag: Debian's compilers build position-independent executables by default,
# and asking for it again would make the precompiled header's -fpie differ from
# its users'. Sanitizer and fuzzing builds turn it off: their runtimes replace
# the same checks.
if(SMFRONT_SANITIZE OR SMFRONT_FUZZ)
  set(smfront_harden_default OFF)
else()
  set(smfront_harden_default ON)
endif()
option(SMFRONT_HARDEN "Build with the distribution's hardening flags" ${smfront_harden_default})
if(SMFRONT_HARDEN)
  add_compile_options(-fstack-protector-strong -fstack-clash-protection -Wformat -Werror=format-security)
  # _FORTIFY_SOURCE needs the optimizer; a Debug build would only warn.
  add_compile_options("$<$<NOT:$<CONFIG:Debug>>:-U_FORTIFY_SOURCE;-D_FORTIFY_SOURCE=2>")
  add_link_options(-Wl,-z,relro -Wl,-z,now)
endif()
