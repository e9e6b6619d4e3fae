// JSON and body reading derived from an entity's declaration
// (domain/entity.hpp): a field written under its wire name as its type says,
// and a client-set field read from a body as its write struct holds it. The
// fields kept in link tables (tags, uuid lists) are the entity's own code's.
// Thread-safe (pure functions of their arguments).
#pragma once

#include <limits>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "api/body_reader.hpp"
#include "api/json_writer.hpp"
#include "domain/entity.hpp"

namespace sb::api {

// Writes field `f` of `e` as "wire": value. Nothing for a field with no plain
// member (link-table fields) or none in /api/v1 (the row id).
template <typename E, typename In>
void WriteEntityField(JsonWriter& w, const domain::Field<E, In>& f, const E& e) {
  if ((f.dialects & domain::kPlatform) == 0) return;
  const bool time = f.type == domain::FieldType::kTimestamp;
  std::visit(
      [&](auto member) {
        if constexpr (!std::is_same_v<decltype(member), std::monostate>) {
          const auto& v = e.*member;
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::string>) {
            if (f.type == domain::FieldType::kJson) {
              w.Key(f.wire);
              w.RawJson(v);
            } else {
              w.Field(f.wire, v);
            }
          } else if constexpr (std::is_same_v<T, int64_t> ||
                               std::is_same_v<T, std::optional<int64_t>>) {
            if (time) {
              w.TimeField(f.wire, v);
            } else {
              w.Field(f.wire, v);
            }
          } else {
            w.Field(f.wire, v);
          }
        }
      },
      f.member);
}

// Reads the client-set field `f` from `body` into `in` by its JSON type (the
// values' own rules are the domain's): text, nullable text, a flag, a list
// of text, or a JSON object. Absent stays absent.
template <typename E, typename In>
void ReadEntityField(BodyReader& body, const domain::Field<E, In>& f, In& in) {
  if (f.write != domain::Write::kClient) return;
  constexpr size_t kAny = std::numeric_limits<size_t>::max();
  const std::string_view name = f.InputName();
  std::visit(
      [&](auto member) {
        if constexpr (!std::is_same_v<decltype(member), std::monostate>) {
          auto& v = in.*member;
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::optional<std::string>>) {
            v = f.type == domain::FieldType::kJson ? body.ObjectJson(name, kAny)
                                                   : body.String(name, false, 0, kAny);
          } else if constexpr (std::is_same_v<T, Maybe<std::string>>) {
            v = body.NullableString(name, kAny);
          } else if constexpr (std::is_same_v<T, std::optional<bool>>) {
            v = body.Bool(name);
          } else if constexpr (std::is_same_v<T, std::optional<std::vector<std::string>>>) {
            v = body.TextArray(name);
          }
        }
      },
      f.input_member);
}

}  // namespace sb::api
