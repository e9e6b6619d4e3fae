#include "store/drivers/postgres/pg_sql.hpp"

#include <date/date.h>

#include <cctype>
#include <chrono>
#include <limits>

#include "core/time_format.hpp"

namespace sb::db::pg {
namespace {

// The dollar-quote tag starting at sql[pos] ("$$" or "$name$"), or empty.
std::string_view DollarTag(std::string_view sql, size_t pos) {
  size_t end = pos + 1;
  while (end < sql.size() &&
         (std::isalnum(static_cast<unsigned char>(sql[end])) || sql[end] == '_')) {
    ++end;
  }
  if (end < sql.size() && sql[end] == '$') {
    // "$1" is a positional parameter, not a tag: tags do not start with a digit.
    if (end > pos + 1 && std::isdigit(static_cast<unsigned char>(sql[pos + 1]))) return {};
    return sql.substr(pos, end - pos + 1);
  }
  return {};
}

bool ReadInt(std::string_view s, size_t& pos, size_t digits, int& out) {
  if (pos + digits > s.size()) return false;
  int v = 0;
  for (size_t i = 0; i < digits; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  pos += digits;
  out = v;
  return true;
}

}  // namespace

std::string NumberPlaceholders(std::string_view sql, int* count) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  size_t i = 0;
  while (i < sql.size()) {
    char c = sql[i];
    if (c == '\'' || c == '"') {
      // Quoted: a doubled quote is an escaped one, so scanning to the next
      // quote and continuing handles it.
      size_t end = sql.find(c, i + 1);
      end = end == std::string_view::npos ? sql.size() : end + 1;
      out.append(sql.substr(i, end - i));
      i = end;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      size_t end = sql.find('\n', i);
      end = end == std::string_view::npos ? sql.size() : end;
      out.append(sql.substr(i, end - i));
      i = end;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      size_t end = sql.find("*/", i + 2);
      end = end == std::string_view::npos ? sql.size() : end + 2;
      out.append(sql.substr(i, end - i));
      i = end;
    } else if (c == '$' && !DollarTag(sql, i).empty()) {
      std::string_view tag = DollarTag(sql, i);
      size_t end = sql.find(tag, i + tag.size());
      end = end == std::string_view::npos ? sql.size() : end + tag.size();
      out.append(sql.substr(i, end - i));
      i = end;
    } else if (c == '?') {
      out.push_back('$');
      out.append(std::to_string(++n));
      ++i;
    } else {
      out.push_back(c);
      ++i;
    }
  }
  if (count) *count = n;
  return out;
}

std::string FormatTimestamp(int64_t unix_seconds) { return FormatIsoUtc(unix_seconds); }

std::optional<int64_t> ParseTimestamp(std::string_view s) {
  if (s == "infinity") return std::numeric_limits<int64_t>::max();
  if (s == "-infinity") return std::numeric_limits<int64_t>::min();
  bool bc = false;
  if (s.size() > 3 && s.substr(s.size() - 3) == " BC") {
    bc = true;
    s.remove_suffix(3);
  }
  size_t pos = 0;
  // The year has at least four digits.
  size_t year_digits = 0;
  while (pos + year_digits < s.size() &&
         std::isdigit(static_cast<unsigned char>(s[pos + year_digits]))) {
    ++year_digits;
  }
  if (year_digits < 4 || year_digits > 7) return std::nullopt;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!ReadInt(s, pos, year_digits, y)) return std::nullopt;
  if (pos >= s.size() || s[pos++] != '-' || !ReadInt(s, pos, 2, mo)) return std::nullopt;
  if (pos >= s.size() || s[pos++] != '-' || !ReadInt(s, pos, 2, d)) return std::nullopt;
  if (pos < s.size()) {
    if (s[pos] != ' ' && s[pos] != 'T') return std::nullopt;
    ++pos;
    if (!ReadInt(s, pos, 2, h) || pos >= s.size() || s[pos++] != ':' || !ReadInt(s, pos, 2, mi) ||
        pos >= s.size() || s[pos++] != ':' || !ReadInt(s, pos, 2, sec)) {
      return std::nullopt;
    }
    if (pos < s.size() && s[pos] == '.') {
      ++pos;
      while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) ++pos;
    }
  }
  int64_t offset = 0;
  if (pos < s.size()) {
    char sign = s[pos++];
    if (sign == 'Z') {
      if (pos != s.size()) return std::nullopt;
    } else {
      if (sign != '+' && sign != '-') return std::nullopt;
      int oh = 0, om = 0, os = 0;
      if (!ReadInt(s, pos, 2, oh)) return std::nullopt;
      if (pos < s.size() && s[pos] == ':') {
        ++pos;
        if (!ReadInt(s, pos, 2, om)) return std::nullopt;
      }
      if (pos < s.size() && s[pos] == ':') {
        ++pos;
        if (!ReadInt(s, pos, 2, os)) return std::nullopt;
      }
      if (pos != s.size()) return std::nullopt;
      offset = (int64_t{oh} * 3600 + int64_t{om} * 60 + os) * (sign == '+' ? 1 : -1);
    }
  }
  // Year 1 BC is year 0 in the proleptic calendar.
  int year = bc ? 1 - y : y;
  date::year_month_day ymd{date::year{year}, date::month{static_cast<unsigned>(mo)},
                           date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 24 || mi > 59 || sec > 60) return std::nullopt;
  int64_t days = date::sys_days{ymd}.time_since_epoch().count();
  return days * 86400 + int64_t{h} * 3600 + int64_t{mi} * 60 + sec - offset;
}

std::string CompactJson(std::string_view json) {
  std::string out;
  out.reserve(json.size());
  bool in_string = false;
  for (size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    if (in_string) {
      out.push_back(c);
      if (c == '\\' && i + 1 < json.size()) {
        out.push_back(json[++i]);
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
      out.push_back(c);
    } else if (c != ' ' && c != '\n' && c != '\t' && c != '\r') {
      out.push_back(c);
    }
  }
  return out;
}

bool IsReadOnly(std::string_view sql) {
  size_t i = 0;
  while (i < sql.size()) {
    if (std::isspace(static_cast<unsigned char>(sql[i]))) {
      ++i;
    } else if (sql.substr(i, 2) == "--") {
      size_t end = sql.find('\n', i);
      i = end == std::string_view::npos ? sql.size() : end + 1;
    } else if (sql.substr(i, 2) == "/*") {
      size_t end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? sql.size() : end + 2;
    } else {
      break;
    }
  }
  std::string_view word = sql.substr(i, 6);
  if (word.size() < 6) return false;
  for (size_t k = 0; k < 6; ++k) {
    if (std::toupper(static_cast<unsigned char>(word[k])) != "SELECT"[k]) return false;
  }
  return i + 6 == sql.size() || !std::isalnum(static_cast<unsigned char>(sql[i + 6]));
}

}  // namespace sb::db::pg
