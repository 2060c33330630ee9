# Warnings every cartgate target compiles with; -Werror in CI (CARTGATE_WERROR=ON).
function(cartgate_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow=local
                                           -Wcast-align -Wunused
                                           -Woverloaded-virtual -Wimplicit-fallthrough
                                           # GCC 12 misreports Asio's coroutine frame allocator.
                                           -Wno-mismatched-new-delete)
  if(CARTGATE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
