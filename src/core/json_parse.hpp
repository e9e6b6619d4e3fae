// Parsing and writing JSON that comes from outside (request bodies, query parameters, CSV
// cells, documents stored before their depth was bounded).
//
// RapidJSON's default Parse() recurses once per nesting level, so a few
// hundred kilobytes of '[' overflow the stack. ParseJson() parses iteratively
// (constant stack) and refuses documents nested deeper than `max_depth`
// (kMaxJsonDepth by default). A document it accepts can then be copied,
// written (Accept) and compared by RapidJSON's recursive functions: their
// recursion is bounded by the same depth.
//
// Documents use RapidJSON's pool allocator, whose values are freed with the
// pool, not recursively.
//
// Pure functions; thread-safe.
#pragma once

#include <rapidjson/document.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace sb {

// Objects and arrays nested deeper than this are refused (the document itself,
// an object, is level 1).
inline constexpr size_t kMaxJsonDepth = 64;

// The message of ParseJson's error when the depth, not the syntax, is at fault.
inline constexpr std::string_view kJsonTooDeep = "JSON nested too deeply";

// Parses `text` (one JSON value, nothing but whitespace after it) into *doc.
// kMalformedJson on a syntax error ("Malformed JSON") or past max_depth
// (kJsonTooDeep); details name the reason and the byte offset, e.g. "nested
// deeper than 64 levels at offset 64". On failure *doc is null; memory the
// failed parse took stays in the document's allocator until it goes (the
// allocator may be shared, so it is not cleared).
Status ParseJson(std::string_view text, rapidjson::Document* doc, size_t max_depth = kMaxJsonDepth);

// The nesting depth of an already parsed value (a scalar is 0, [] is 1),
// computed without recursion.
size_t JsonDepth(const rapidjson::Value& value);

// True when `e` is ParseJson's refusal of a document nested too deeply.
bool IsJsonTooDeep(const Error& e);

// `value` as compact JSON text. kMalformedJson (kJsonTooDeep) when it is
// nested deeper than max_depth: RapidJSON's writer recurses per level, so
// nothing deeper is ever handed to it.
Result<std::string> WriteJson(const rapidjson::Value& value, size_t max_depth = kMaxJsonDepth);

}  // namespace sb
