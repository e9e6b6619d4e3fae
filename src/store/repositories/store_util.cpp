#include "store/repositories/store_util.hpp"

#include <fmt/format.h>

namespace sb::store {

Result<int64_t> LookupId(db::Connection& conn, std::string_view table, int64_t org,
                         const std::string& uuid, std::string_view what) {
  SB_ASSIGN_OR_RETURN(
      auto id,
      conn.QueryInt(fmt::format("SELECT id FROM {} WHERE organization_id = ? AND uuid = ?", table),
                    {org, uuid}));
  if (!id) return Error::NotFound(std::string(what));
  return *id;
}

Status BumpGeneration(db::Connection& conn, int64_t org) {
  SB_RETURN_IF_ERROR(conn.Exec(
      "UPDATE organizations SET write_generation = write_generation + 1 WHERE id = ?", {org}));
  return OkStatus();
}

Result<int64_t> CurrentGeneration(db::Connection& conn, int64_t org) {
  SB_ASSIGN_OR_RETURN(
      auto g, conn.QueryInt("SELECT write_generation FROM organizations WHERE id = ?", {org}));
  return g.value_or(0);
}

std::string Placeholders(size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out;
}

std::string LikeContains(std::string_view text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('%');
  return out;
}

size_t Utf8Chars(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace sb::store
