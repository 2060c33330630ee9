# Embeds a text file (Lua scripts) as a string_view constant, in a generated header
# embedded/<name>.hpp under the current binary directory. Re-configures when the file changes.
function(cartgate_embed name file)
  set(EMBED_NAME ${name})
  set(EMBED_SOURCE ${file})
  file(READ ${CMAKE_CURRENT_SOURCE_DIR}/${file} EMBED_CONTENT)
  configure_file(${PROJECT_SOURCE_DIR}/deploy/cmake/embedded.hpp.in
                 ${CMAKE_CURRENT_BINARY_DIR}/embedded/${name}.hpp @ONLY)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
               ${CMAKE_CURRENT_SOURCE_DIR}/${file})
endfunction()
