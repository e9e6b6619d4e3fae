# Writes a C++ source that holds a file's bytes, so the binary serves them
# without reading the file at run time. Run with cmake -P:
#   -DINPUT=<file> -DOUTPUT=<.cpp> -DNAMESPACE=<ns> -DFUNCTION=<name>
# The source defines `std::string_view <ns>::<name>()` (the bytes) and
# `std::string_view <ns>::<name>Etag()` (a quoted strong ETag: the first 32
# hex digits of the bytes' SHA-256). A header declares both by hand.
foreach(arg INPUT OUTPUT NAMESPACE FUNCTION)
  if(NOT DEFINED ${arg})
    message(FATAL_ERROR "embed_file.cmake needs -D${arg}=...")
  endif()
endforeach()
file(READ "${INPUT}" hex HEX)
file(SHA256 "${INPUT}" digest)
string(SUBSTRING "${digest}" 0 32 etag)
string(LENGTH "${hex}" hex_length)
math(EXPR size "${hex_length} / 2")
# 0x.. per byte, a line break every 32 bytes to keep lines short.
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){32})" "\\1\n" bytes "${bytes}")
file(WRITE "${OUTPUT}"
"// Generated from ${INPUT} by cmake/embed_file.cmake; do not edit.\n"
"#include <string_view>\n\n"
"namespace ${NAMESPACE} {\n"
"namespace {\n"
"constexpr char kBytes[${size} + 1] = {\n${bytes}0x00};\n"
"}  // namespace\n\n"
"std::string_view ${FUNCTION}() { return {kBytes, ${size}}; }\n"
"std::string_view ${FUNCTION}Etag() { return \"\\\"${etag}\\\"\"; }\n\n"
"}  // namespace ${NAMESPACE}\n")
