# Warnings every cartgate target compiles with; -Werror in CI (CARTGATE_WERROR=ON).
function(cartgate_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow=local
                                           -Wcast-align -Wunused
                                           -Woverloaded-virtual -Wimplicit-fallthrough
                                           # GCC 12 misreports Asio's coroutine frame allocator.
                                           -Wno-mismatched-new-delete)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    # GCC 12 at -O3 reports "literal" + std::string as overlapping memcpy (GCC bug 105651).
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  if(CARTGATE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
