// PostgreSQL: ILIKE backed by pg_trgm GIN indexes, row locks with SKIP LOCKED,
// jsonb operators.
#include "store/drivers/dialect.hpp"
#include "store/drivers/dialect_util.hpp"
#include "store/repositories/store_util.hpp"

namespace sb::store {
namespace {

class Postgres final : public Dialect {
 public:
  // The trigram indexes lead with organization_id (btree_gin): the caller's
  // organization constraint already scopes them.
  std::string ContactSearch(std::string_view alias, int64_t /*org*/, const std::string& term,
                            db::Params& params) const override {
    // The expression of the contacts_search trigram index (migration 1),
    // character for character, so the planner can use it.
    const std::string a(alias);
    std::string sql = "((COALESCE(" + a + ".name, '') || E'\\x01' || COALESCE(" + a +
                      ".surname, '') || E'\\x01' || COALESCE(" + a +
                      ".email, '') || E'\\x01' || COALESCE(" + a +
                      ".phone_number, '')) ILIKE ? ESCAPE '\\'";
    params.emplace_back(LikeContains(term));
    std::string digits = dialect_util::PhoneDigits(term);
    if (digits.size() >= 3 && digits != term) {
      sql += " OR " + a + ".phone_number LIKE ? ESCAPE '\\'";
      params.emplace_back(LikeContains(digits));
    }
    return sql + ")";
  }

  // The planner weighs the trigram and organization indexes itself.
  bool SearchDrivesQuery(const std::string&) const override { return false; }

  std::string ILike(std::string_view expr) const override {
    return std::string(expr) + " ILIKE ? ESCAPE '\\'";
  }
  std::string EqualsIgnoreCase(std::string_view expr) const override {
    return "LOWER(" + std::string(expr) + ") = LOWER(?)";
  }
  std::string_view InsertIgnore() const override { return " ON CONFLICT DO NOTHING"; }
  std::string ForUpdateSkipLocked(std::string_view of) const override {
    return ForUpdate(of) + " SKIP LOCKED";
  }
  // NO KEY UPDATE: a locked row still lets other transactions insert rows
  // that refer to it (their foreign-key checks take KEY SHARE). A plain
  // FOR UPDATE made a claim (locking a pool, then a number) and a worker's
  // event (logging a call that refers to the number, then the pool) wait for
  // each other. No caller changes a key column of a row it locks.
  std::string ForUpdate(std::string_view of) const override {
    return of.empty() ? " FOR NO KEY UPDATE" : " FOR NO KEY UPDATE OF " + std::string(of);
  }
  std::string SyncIdSequence(std::string_view table) const override {
    const std::string t(table);
    return "SELECT setval(pg_get_serial_sequence('" + t +
           "', 'id'), COALESCE((SELECT MAX(id) FROM " + t + "), 0) + 1, false)";
  }
  std::string RefreshStatistics(std::string_view table) const override {
    return "ANALYZE " + std::string(table);
  }
  std::string SnapshotRead() const override {
    return "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";
  }
  std::string LockAgainstWriters(std::string_view table) const override {
    return "LOCK TABLE " + std::string(table) + " IN SHARE ROW EXCLUSIVE MODE";
  }
  std::string JsonText(std::string_view column, std::string_view key) const override {
    return "(" + std::string(column) + " ->> '" + std::string(key) + "')";
  }
};

}  // namespace

const Dialect& PostgresDialect() {
  static const Postgres kDialect;
  return kDialect;
}

}  // namespace sb::store
