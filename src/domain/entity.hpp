// An entity's fields described once, as plain data: each field's wire name,
// column, type, nullability, how it is written, filtered, sorted, searched and
// exported, and where in the entity struct (and in its write struct) it lives.
// store/ derives select lists, row reading, inserts, updates and the generic
// equality filter from a declaration; api/ the JSON field order and body
// reading; the CSV export and import their columns; a contract test checks it
// against both engines' migrated schema. No SQL and no JSON here.
//
// A declaration is a constexpr std::array<Field<E, In>, N> in the entity's own
// header (domain/contact_entity.hpp, ...), in the order of the entity's JSON
// in /api/v1. Everything here is constexpr data and pure functions:
// thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "core/maybe.hpp"
#include "domain/enums.hpp"

namespace sb::domain {

enum class FieldType : uint8_t {
  kId,         // the row's integer key: internal, never on the wire
  kUuid,       // the entity's own uuid
  kText,       // free text (max_length bounds it)
  kEnum,       // text limited to `choices`
  kInt,        // a 64-bit integer
  kBool,       // stored as 0/1 (SQLite) or boolean (PostgreSQL)
  kTimestamp,  // Unix seconds; ISO 8601 on the wire; INTEGER or timestamptz
  kJson,       // a JSON object kept compact (max_length bounds its bytes)
  kUuidRef,    // another row (`ref_table`) named by uuid, stored as its id
  kUuidList,   // uuids of other rows, kept in a link table, not a column
  kTagList,    // the entity's tags, kept in a link table, not a column
  kNested,     // rows of another declaration shown nested (a pipeline's stages), not a column
};

// How a create or an update treats the field.
enum class Write : uint8_t {
  kNever,    // kept by the server otherwise (ids, timestamps, the latest call)
  kClient,   // the client sets it: create, update, bulk and import
  kDerived,  // follows from other fields (number_type), written with them
};

// What a client-set field's value goes through before it is stored.
enum class Apply : uint8_t {
  kAsGiven,  // stored as sent (after the field's checks)
  kTrimmed,  // surrounding blanks dropped; a nullable field left blank is null
  kCustom,   // the entity's own code applies it (normalization, sets, ...)
};

enum class Filter : uint8_t {
  kNone,
  kEquality,  // ?wire=value on the list route matches exactly: no code of its own
  kCustom,    // a filter of its own (lists, joins, other names) written by hand
};

// The API dialects that show a field: the platform's /api/v1 always; the
// foreign dialects (Tether, Callab) keep their seed shapes and name their own
// fields, so a field shows there only when marked (and their writers list it).
enum DialectMask : uint8_t { kPlatform = 1, kTether = 2, kCallab = 4 };

// Where a field lives in the entity struct E. monostate: not a plain member
// (link-table fields the entity's own code reads and writes).
template <typename E>
using MemberPtr = std::variant<std::monostate, std::string E::*, std::optional<std::string> E::*,
                               int64_t E::*, std::optional<int64_t> E::*, bool E::*>;

// Where a client-set field lives in the write struct In (absent = not sent).
template <typename In>
using InputPtr =
    std::variant<std::monostate, std::optional<std::string> In::*, Maybe<std::string> In::*,
                 std::optional<bool> In::*, std::optional<std::vector<std::string>> In::*>;

// The write struct of an entity whose writes take their values as plain
// arguments (a tag's name, a pipeline's stages): its fields have no
// input_member.
struct NoInput {};

template <typename E, typename In>
struct Field {
  std::string_view wire{};    // its name in /api/v1 JSON and in CSV
  std::string_view column{};  // its column in the entity's table; "" when none
  FieldType type = FieldType::kText;
  bool nullable = false;
  Write write = Write::kNever;
  Apply apply = Apply::kAsGiven;
  Filter filter = Filter::kNone;
  bool sortable = false;
  bool searchable = false;  // matched by the list's free-text search
  int csv = -1;             // its position among the export's columns; -1: not exported
  uint8_t dialects = kPlatform;
  // Text: most bytes accepted; JSON: most bytes; uuid lists: most items.
  size_t max_length = 0;
  EnumValues (*choices)() = nullptr;  // kEnum
  std::string_view ref_table{};       // kUuidRef: the table whose uuid it shows
  std::string_view input{};           // the name a write takes it by, when not `wire`
  MemberPtr<E> member{};
  InputPtr<In> input_member{};

  constexpr std::string_view InputName() const { return input.empty() ? wire : input; }
  // The name the select list gives the field's value: a reference shows the
  // other row's uuid under the wire name, any other column its own name.
  constexpr std::string_view ResultName() const {
    return type == FieldType::kUuidRef ? wire : column;
  }
  constexpr bool Selected() const { return !column.empty(); }
  // Written by a create and an update (not the server-kept columns).
  constexpr bool Stored() const { return Selected() && write != Write::kNever; }
};

// An exact match on a field declared Filter::kEquality, by its wire name (a
// flag or integer as decimal text: "1", "0").
struct FieldMatch {
  std::string wire{};
  std::string value{};
};

// The number of `fields` that satisfy `pred`.
template <typename Fields, typename Pred>
constexpr size_t CountFields(const Fields& fields, Pred pred) {
  size_t n = 0;
  for (const auto& f : fields) n += pred(f) ? 1 : 0;
  return n;
}

// The result names of the selected fields, in declaration order: the names a
// row is read by (db::Rows::Layout).
template <const auto& kFields>
constexpr auto ResultNames() {
  constexpr size_t n = CountFields(kFields, [](const auto& f) { return f.Selected(); });
  std::array<std::string_view, n> out{};
  size_t i = 0;
  for (const auto& f : kFields) {
    if (f.Selected()) out[i++] = f.ResultName();
  }
  return out;
}

// The input names of the client-set fields, in declaration order (the order
// of a write's field errors).
template <const auto& kFields>
constexpr auto InputNames() {
  constexpr size_t n =
      CountFields(kFields, [](const auto& f) { return f.write == Write::kClient; });
  std::array<std::string_view, n> out{};
  size_t i = 0;
  for (const auto& f : kFields) {
    if (f.write == Write::kClient) out[i++] = f.InputName();
  }
  return out;
}

// The field named `wire` (or taken by that input name), or nullptr.
template <typename Fields>
constexpr const auto* FindField(const Fields& fields, std::string_view name) {
  for (const auto& f : fields) {
    if (f.wire == name || f.InputName() == name) return &f;
  }
  return static_cast<decltype(&fields[0])>(nullptr);
}

// Trims blanks around `s`: surrounding blanks are never meant.
std::string TrimmedBlanks(const std::string& s);

// Copies the client-set field `f` from `in` to `e` when it was sent, as its
// Apply says (kCustom fields are left to the caller). Text and JSON go to
// text members, flags to flags; a null clears a nullable member.
template <typename E, typename In>
void ApplyField(const Field<E, In>& f, const In& in, E& e) {
  if (f.write != Write::kClient || f.apply == Apply::kCustom) return;
  std::visit(
      [&](auto in_ptr, auto e_ptr) {
        using InP = decltype(in_ptr);
        using EP = decltype(e_ptr);
        if constexpr (!std::is_same_v<InP, std::monostate> && !std::is_same_v<EP, std::monostate>) {
          using InT = std::decay_t<decltype(in.*in_ptr)>;
          using ET = std::decay_t<decltype(e.*e_ptr)>;
          const InT& v = in.*in_ptr;
          if (!v) return;
          if constexpr (std::is_same_v<InT, Maybe<std::string>> &&
                        std::is_same_v<ET, std::optional<std::string>>) {
            std::optional<std::string> value = *v;
            if (f.apply == Apply::kTrimmed && value) {
              value = TrimmedBlanks(*value);
              if (value->empty()) value.reset();
            }
            e.*e_ptr = std::move(value);
          } else if constexpr (std::is_same_v<InT, std::optional<std::string>> &&
                               std::is_same_v<ET, std::string>) {
            e.*e_ptr = f.apply == Apply::kTrimmed ? TrimmedBlanks(*v) : *v;
          } else if constexpr (std::is_same_v<InT, std::optional<bool>> &&
                               std::is_same_v<ET, bool>) {
            e.*e_ptr = *v;
          }
        }
      },
      f.input_member, f.member);
}

// The position of the field named `name` in `fields` (fields.size() when
// none): for code that handles a declaration in sections at compile time.
template <typename Fields>
constexpr size_t FieldIndex(const Fields& fields, std::string_view name) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].wire == name || fields[i].InputName() == name) return i;
  }
  return fields.size();
}

}  // namespace sb::domain
