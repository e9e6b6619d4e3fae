// Maybe<T>: a field of a partial update: absent (nullopt), explicitly null
// (holds nullopt) or a value.
#pragma once

#include <optional>

namespace sb {

template <typename T>
using Maybe = std::optional<std::optional<T>>;

}  // namespace sb
