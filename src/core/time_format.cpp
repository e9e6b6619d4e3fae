#include "core/time_format.hpp"

#include <date/date.h>

#include <chrono>
#include <cstdio>

namespace sb {
namespace {

bool ReadDigits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

std::optional<int64_t> DaysFromCivil(int y, int m, int d) {
  date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(m)},
                           date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return date::sys_days{ymd}.time_since_epoch().count();
}

}  // namespace

std::string FormatIsoUtc(int64_t unix_seconds) {
  auto tp = date::sys_seconds{std::chrono::seconds{unix_seconds}};
  auto days = date::floor<date::days>(tp);
  date::year_month_day ymd{days};
  date::hh_mm_ss<std::chrono::seconds> hms{tp - days};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

std::optional<int64_t> ParseDate(std::string_view s) {
  int y, m, d;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (!ReadDigits(s, 0, 4, y) || !ReadDigits(s, 5, 2, m) || !ReadDigits(s, 8, 2, d)) {
    return std::nullopt;
  }
  auto days = DaysFromCivil(y, m, d);
  if (!days) return std::nullopt;
  return *days * 86400;
}

std::optional<int64_t> ParseIsoDateTime(std::string_view s) {
  if (s.size() < 19) return std::nullopt;
  auto day = ParseDate(s.substr(0, 10));
  if (!day || (s[10] != 'T' && s[10] != 't' && s[10] != ' ')) return std::nullopt;
  int hh, mm, ss;
  if (!ReadDigits(s, 11, 2, hh) || s[13] != ':' || !ReadDigits(s, 14, 2, mm) || s[16] != ':' ||
      !ReadDigits(s, 17, 2, ss) || hh > 23 || mm > 59 || ss > 60) {
    return std::nullopt;
  }
  size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == start) return std::nullopt;
  }
  int64_t offset = 0;
  if (pos < s.size()) {
    char c = s[pos];
    if ((c == 'Z' || c == 'z') && pos + 1 == s.size()) {
      // UTC
    } else if ((c == '+' || c == '-') && s.size() == pos + 6 && s[pos + 3] == ':') {
      int oh, om;
      if (!ReadDigits(s, pos + 1, 2, oh) || !ReadDigits(s, pos + 4, 2, om) || oh > 23 || om > 59) {
        return std::nullopt;
      }
      offset = (int64_t{oh} * 3600 + int64_t{om} * 60) * (c == '+' ? 1 : -1);
    } else {
      return std::nullopt;
    }
  }
  return *day + int64_t{hh} * 3600 + int64_t{mm} * 60 + ss - offset;
}

}  // namespace sb
