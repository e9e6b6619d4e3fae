// SQLite: FTS5 trigram search, LIKE that already ignores ASCII case, no row locks
// (BEGIN IMMEDIATE serializes writers), JSON1 functions.
#include "store/drivers/dialect.hpp"
#include "store/drivers/dialect_util.hpp"
#include "store/repositories/store_util.hpp"

namespace sb::store {
namespace {

// An FTS5 string literal: the term in double quotes, inner quotes doubled, so
// the user's text is matched literally and never parsed as query syntax.
std::string Fts5Quote(std::string_view term) {
  std::string out = "\"";
  for (char c : term) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

// The contact search index (migration 13) is keyed by
// organization_id << kSearchRowidOrgShift | contact id: each organization owns
// one contiguous rowid range. Contact ids stay below 2^40 and organization ids
// below 2^23, so the key fits a signed 64-bit rowid.
constexpr int kSearchRowidOrgShift = 40;

int64_t SearchRowidBase(int64_t org) { return org << kSearchRowidOrgShift; }

class Sqlite final : public Dialect {
 public:
  std::string ContactSearch(std::string_view alias, int64_t org, const std::string& term,
                            db::Params& params) const override {
    if (!SearchDrivesQuery(term)) {
      // Too short for trigrams: a scan, but bounded by the organization's rows.
      return dialect_util::ColumnsLike(alias, "LIKE", LikeContains(term), params);
    }
    // A trigram phrase is a substring match in any column.
    std::string query = Fts5Quote(term);
    std::string digits = dialect_util::PhoneDigits(term);
    if (digits.size() >= 3 && digits != term) query += " OR phone_number : " + Fts5Quote(digits);
    // Only the organization's rowid range of the index is read (see
    // kSearchRowidOrgShift): another organization's rows never match, nor
    // weigh on the cost of the search.
    const int64_t base = SearchRowidBase(org);
    params.emplace_back(base);
    params.emplace_back(std::move(query));
    params.emplace_back(base);
    params.emplace_back(SearchRowidBase(org + 1));
    return std::string(alias) +
           ".id IN (SELECT rowid - ? FROM contacts_search WHERE contacts_search MATCH ?"
           " AND rowid >= ? AND rowid < ?)";
  }

  bool SearchDrivesQuery(const std::string& term) const override { return Utf8Chars(term) >= 3; }

  std::string ILike(std::string_view expr) const override {
    return std::string(expr) + " LIKE ? ESCAPE '\\'";
  }
  std::string EqualsIgnoreCase(std::string_view expr) const override {
    return std::string(expr) + " = ? COLLATE NOCASE";
  }
  std::string_view InsertIgnore() const override { return " ON CONFLICT DO NOTHING"; }
  std::string ForUpdateSkipLocked(std::string_view) const override { return ""; }
  std::string ForUpdate(std::string_view) const override { return ""; }
  std::string SyncIdSequence(std::string_view) const override { return ""; }
  std::string RefreshStatistics(std::string_view) const override { return ""; }
  std::string SnapshotRead() const override { return ""; }
  std::string LockAgainstWriters(std::string_view) const override { return ""; }
  std::string JsonText(std::string_view column, std::string_view key) const override {
    return "json_extract(" + std::string(column) + ", '$." + std::string(key) + "')";
  }
};

}  // namespace

const Dialect& SqliteDialect() {
  static const Sqlite kDialect;
  return kDialect;
}

}  // namespace sb::store
