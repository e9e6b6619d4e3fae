#include "store/drivers/sqlite/statement_cache.hpp"

#include <cassert>

#include <fmt/format.h>

namespace sb::db {

Error SqliteError(sqlite3* db, int rc, std::string_view sql) {
  std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  int primary = rc & 0xFF;
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
    return Error(ErrorCode::kConflict, "Conflict", msg);
  }
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    return Error(ErrorCode::kUnavailable, "Database is busy, retry later", msg);
  }
  return Error::Internal(fmt::format("sqlite error {}: {} in: {}", rc, msg, sql.substr(0, 200)));
}

StatementCache::StatementCache(sqlite3* db, size_t capacity) : db_(db), capacity_(capacity) {}

StatementCache::~StatementCache() {
  // A lease outliving its connection would be a bug of the caller's; its
  // statement is finalized all the same, or the connection could not close.
  assert(lent_.empty());
  Clear();
  for (Slot& slot : lent_) sqlite3_finalize(slot.stmt);
}

void StatementCache::Clear() noexcept {
  by_text_.clear();
  for (Slot& slot : idle_) sqlite3_finalize(slot.stmt);
  idle_.clear();
}

Result<StatementCache::Lease> StatementCache::Acquire(std::string_view sql) {
  if (auto it = by_text_.find(sql); it != by_text_.end()) {
    Slots::iterator slot = it->second;
    by_text_.erase(it);
    lent_.splice(lent_.begin(), idle_, slot);
    return Lease(this, slot);
  }
  // Not cached, or every cached copy is lent out (the same query nested in
  // its own iteration): a statement of its own, as a shared one would be reset
  // under its first user.
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db_, rc, sql);
  if (stmt == nullptr) return Error::Internal("empty SQL statement");
  ++prepared_;
  try {
    lent_.push_front(Slot{std::string(sql), stmt});
  } catch (...) {
    sqlite3_finalize(stmt);
    throw;
  }
  return Lease(this, lent_.begin());
}

void StatementCache::Return(Slots::iterator slot) noexcept {
  // Resetting ends the statement's read of the database (and releases the
  // snapshot it held) whether it is kept or not.
  sqlite3_reset(slot->stmt);
  sqlite3_clear_bindings(slot->stmt);
  bool keep = capacity_ > 0 && by_text_.count(slot->sql) < kIdleCopiesPerText;
  if (keep) {
    try {
      by_text_.emplace(slot->sql, slot);
    } catch (...) {
      keep = false;  // out of memory: dropping the statement is the cheap way out
    }
  }
  if (!keep) {
    sqlite3_finalize(slot->stmt);
    lent_.erase(slot);
    return;
  }
  idle_.splice(idle_.begin(), lent_, slot);
  while (idle_.size() > capacity_) EvictOldest();
}

void StatementCache::EvictOldest() noexcept {
  Slots::iterator oldest = std::prev(idle_.end());
  auto [first, last] = by_text_.equal_range(oldest->sql);
  for (auto it = first; it != last; ++it) {
    if (it->second == oldest) {
      by_text_.erase(it);
      break;
    }
  }
  sqlite3_finalize(oldest->stmt);
  idle_.erase(oldest);
}

SqliteStatementStats StatementCache::stats() const {
  return SqliteStatementStats{idle_.size(), lent_.size(), prepared_};
}

}  // namespace sb::db
