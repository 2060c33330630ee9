# cartgate_add_plugin(<target> <sources>...)
# Builds a connector plugin: a shared library linked to cartgate::sdk that exports only
# cartgate_plugin_entry_v1 (a linker version script hides everything else, the SDK and its
# dependencies' inline symbols included), so plugins never clash with each other or the gateway.
set(CARTGATE_PLUGIN_VERSION_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/plugin.map")

function(cartgate_add_plugin target)
  add_library(${target} MODULE ${ARGN})
  if(TARGET cartgate::sdk)
    target_link_libraries(${target} PRIVATE cartgate::sdk)
  else()
    target_link_libraries(${target} PRIVATE cartgate_sdk)
  endif()
  set_target_properties(${target} PROPERTIES
    PREFIX "" CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
  target_link_options(${target} PRIVATE
    "-Wl,--version-script=${CARTGATE_PLUGIN_VERSION_SCRIPT}" -Wl,--exclude-libs,ALL)
endfunction()
