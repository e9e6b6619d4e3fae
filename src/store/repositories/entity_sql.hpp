// SQL derived from an entity's declaration (domain/entity.hpp), internal to
// store/: the select list and the joins that show references as uuids, the
// columns a create or an update writes and their values, row reading by
// column name, and the generic equality filter. A repository keeps its own
// WHERE, ORDER BY and special filters; the field lists come from here.
//
// Pure functions over constexpr data; thread-safe. Row reading resolves the
// column indexes once per result (db::Rows::Layout), not per row.
#pragma once

#include <array>
#include <charconv>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "domain/entity.hpp"
#include "store/drivers/database.hpp"

namespace sb::store::entity_sql {

// The alias of the joined row a reference field (at `index` in the
// declaration) reads its uuid from.
inline std::string RefAlias(size_t index) { return "r" + std::to_string(index); }

// "c.id AS id, c.name AS name, ..., r12.uuid AS stage_uuid": every selected
// field, the entity's table as `alias`, each under its result name.
template <typename Fields>
std::string SelectList(const Fields& fields, std::string_view alias) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    const auto& f = fields[i];
    if (!f.Selected()) continue;
    if (!out.empty()) out += ", ";
    if (f.type == domain::FieldType::kUuidRef) {
      out += RefAlias(i) + ".uuid";
    } else {
      out += std::string(alias) + "." + std::string(f.column);
    }
    out += " AS " + std::string(f.ResultName());
  }
  return out;
}

// " LEFT JOIN users r25 ON r25.organization_id = c.organization_id AND
// r25.id = c.owner_user_id ...": one join per reference field.
template <typename Fields>
std::string Joins(const Fields& fields, std::string_view alias) {
  std::string out;
  const std::string a(alias);
  for (size_t i = 0; i < fields.size(); ++i) {
    const auto& f = fields[i];
    if (f.type != domain::FieldType::kUuidRef || !f.Selected()) continue;
    const std::string r = RefAlias(i);
    out += " LEFT JOIN " + std::string(f.ref_table) + " " + r + " ON " + r +
           ".organization_id = " + a + ".organization_id AND " + r + ".id = " + a + "." +
           std::string(f.column);
  }
  return out;
}

// The number of columns a create or an update writes.
template <typename Fields>
constexpr size_t StoredCount(const Fields& fields) {
  return domain::CountFields(fields, [](const auto& f) { return f.Stored(); });
}

// "name, surname, ...": the columns a create or an update writes.
template <typename Fields>
std::string StoredColumns(const Fields& fields) {
  std::string out;
  for (const auto& f : fields) {
    if (!f.Stored()) continue;
    if (!out.empty()) out += ", ";
    out += f.column;
  }
  return out;
}

// "name = ?, surname = ?, ...": the same columns for UPDATE.
template <typename Fields>
std::string UpdateSets(const Fields& fields) {
  std::string out;
  for (const auto& f : fields) {
    if (!f.Stored()) continue;
    if (!out.empty()) out += ", ";
    out += std::string(f.column) + " = ?";
  }
  return out;
}

// The value of field `f` of `e` as a parameter (not for references).
template <typename E, typename In>
db::Value ValueOf(const domain::Field<E, In>& f, const E& e) {
  const bool time = f.type == domain::FieldType::kTimestamp;
  return std::visit(
      [&](auto member) -> db::Value {
        using M = decltype(member);
        if constexpr (std::is_same_v<M, std::monostate>) {
          return db::Null{};
        } else {
          const auto& v = e.*member;
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, bool>) {
            return int64_t{v ? 1 : 0};
          } else if constexpr (std::is_same_v<T, int64_t>) {
            return time ? db::Value(db::Timestamp{v}) : db::Value(v);
          } else if constexpr (std::is_same_v<T, std::optional<int64_t>>) {
            return time ? db::NullableTime(v) : db::Nullable(v);
          } else if constexpr (std::is_same_v<T, std::optional<std::string>>) {
            return db::Nullable(v);
          } else {
            return v;
          }
        }
      },
      f.member);
}

// The values of StoredColumns() for `e`; `ref(field)` gives a reference
// field's row id (or NULL), resolved by the caller.
template <typename Fields, typename E, typename Ref>
db::Params StoredValues(const Fields& fields, const E& e, Ref ref) {
  db::Params out;
  out.reserve(StoredCount(fields));
  for (const auto& f : fields) {
    if (!f.Stored()) continue;
    if (f.type == domain::FieldType::kUuidRef) {
      out.push_back(ref(f));
    } else {
      out.push_back(ValueOf(f, e));
    }
  }
  return out;
}

// Reads column `col` of the current row into field `f` of `e`.
template <typename E, typename In>
void ReadValue(const domain::Field<E, In>& f, const db::Rows& r, int col, E& e) {
  const bool time = f.type == domain::FieldType::kTimestamp;
  std::visit(
      [&](auto member) {
        using M = decltype(member);
        if constexpr (!std::is_same_v<M, std::monostate>) {
          auto& v = e.*member;
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, bool>) {
            v = r.Int(col) != 0;
          } else if constexpr (std::is_same_v<T, int64_t>) {
            v = time ? r.Time(col) : r.Int(col);
          } else if constexpr (std::is_same_v<T, std::optional<int64_t>>) {
            v = time ? r.OptTime(col) : r.OptInt(col);
          } else if constexpr (std::is_same_v<T, std::optional<std::string>>) {
            v = r.OptString(col);
          } else {
            v = r.String(col);
          }
        }
      },
      f.member);
}

// Reads the current row of a SelectList(kFields) result into `e`, by column
// name: the indexes are resolved at the result's first row.
template <const auto& kFields, typename E>
void ReadRow(const db::Rows& r, E& e) {
  static constexpr auto kNames = domain::ResultNames<kFields>();
  const std::span<const int> at = r.Layout(kNames);
  size_t i = 0;
  for (const auto& f : kFields) {
    if (!f.Selected()) continue;
    const int col = at[i++];
    if (col >= 0) ReadValue(f, r, col, e);
  }
}

// Appends " AND c.column = ?" for each match on a field declared
// Filter::kEquality (others are ignored), `alias` naming the table.
template <typename Fields>
void AppendEquality(const Fields& fields, std::string_view alias,
                    const std::vector<domain::FieldMatch>& matches, std::string& where,
                    db::Params& params) {
  for (const domain::FieldMatch& m : matches) {
    const auto* f = domain::FindField(fields, m.wire);
    if (f == nullptr || f->filter != domain::Filter::kEquality || !f->Selected()) continue;
    where += " AND " + std::string(alias) + "." + std::string(f->column) + " = ?";
    if (f->type == domain::FieldType::kBool || f->type == domain::FieldType::kInt) {
      int64_t n = 0;
      std::from_chars(m.value.data(), m.value.data() + m.value.size(), n);
      params.emplace_back(n);
    } else {
      params.emplace_back(m.value);
    }
  }
}

// No computed columns beside the declared ones (ReadRowWith, ResultIndex).
inline constexpr std::array<std::string_view, 0> kNoExtraColumns{};

// ResultNames<kFields>() followed by kExtra: the computed columns a
// repository selects beside the declared ones (a count, a parent's id) and
// reads by hand, by name.
template <const auto& kFields, const auto& kExtra>
constexpr auto ResultNamesWith() {
  constexpr auto declared = domain::ResultNames<kFields>();
  std::array<std::string_view, declared.size() + kExtra.size()> out{};
  size_t i = 0;
  for (std::string_view n : declared) out[i++] = n;
  for (std::string_view n : kExtra) out[i++] = n;
  return out;
}

// The position of result name `name` in ResultNamesWith<kFields, kExtra>():
// where ReadRowWith's layout holds its column. Use it in a constant
// expression: an unknown name does not compile there.
template <const auto& kFields, const auto& kExtra>
constexpr size_t ResultIndex(std::string_view name) {
  constexpr auto names = ResultNamesWith<kFields, kExtra>();
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return i;
  }
  throw "no such result name";  // NOLINT: a compile-time error in a constant expression
}

// Reads the current row of a "SelectList(kFields), extra columns" result
// into `e` as ReadRow does, and returns the layout of
// ResultNamesWith<kFields, kExtra>() (indexes resolved once per result; -1
// for a name the result lacks) so the caller reads the fields it keeps by
// hand (no plain member) and the extra columns by name:
// r.Int(at[ResultIndex<kFields, kExtra>("contacts_count")]).
template <const auto& kFields, const auto& kExtra, typename E>
std::span<const int> ReadRowWith(const db::Rows& r, E& e) {
  static constexpr auto kNames = ResultNamesWith<kFields, kExtra>();
  const std::span<const int> at = r.Layout(kNames);
  size_t i = 0;
  for (const auto& f : kFields) {
    if (!f.Selected()) continue;
    const int col = at[i++];
    if (col >= 0) ReadValue(f, r, col, e);
  }
  return at;
}

// The values of StoredColumns() for `e`, as StoredValues gives them, but
// `other(field)` gives the value of every stored field with no plain member
// (kept in another shape, such as a list stored as JSON text) as well as of
// every reference.
template <typename Fields, typename E, typename Other>
db::Params StoredValuesWith(const Fields& fields, const E& e, Other other) {
  db::Params out;
  out.reserve(StoredCount(fields));
  for (const auto& f : fields) {
    if (!f.Stored()) continue;
    if (f.type == domain::FieldType::kUuidRef || f.member.index() == 0) {
      out.push_back(other(f));
    } else {
      out.push_back(ValueOf(f, e));
    }
  }
  return out;
}

// Like ReadRow, but `custom(f, col)` is asked first for each selected field
// the result has: when it returns true it has read the field itself (a value
// rebuilt on the way in, say); otherwise the field is read as declared. Its
// own layout, resolved once per result like ReadRow's.
template <const auto& kFields, typename E, typename Custom>
void ReadRowCustom(const db::Rows& r, E& e, Custom custom) {
  static constexpr auto kNames = domain::ResultNames<kFields>();
  const std::span<const int> at = r.Layout(kNames);
  size_t i = 0;
  for (const auto& f : kFields) {
    if (!f.Selected()) continue;
    const int col = at[i++];
    if (col >= 0 && !custom(f, col)) ReadValue(f, r, col, e);
  }
}

}  // namespace sb::store::entity_sql
