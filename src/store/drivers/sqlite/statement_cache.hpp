// The prepared statements of one SQLite connection (internal to the SQLite
// engine, see sqlite_database.hpp).
//
// A statement is lent, never shared: Acquire() hands out an idle statement
// prepared for the same SQL text, or prepares a new one when there is none (the
// text is not cached yet, or every copy of it is lent out: a query nested in
// the iteration of the same query). A lent statement belongs to its lease
// until the lease is destroyed; the cache never resets or finalizes it. The
// lease resets it and gives it back as the most recently used idle statement.
//
// Bounds: at most `capacity` idle statements are kept, the least recently used
// finalized first, and at most kIdleCopiesPerText of one SQL text (a nested
// query's extra copies beyond that are finalized when given back). Lent
// statements are not bounded here: there is one per Rows alive.
//
// Thread-safety: none; like its connection, used by one thread at a time.
// Every lease must be destroyed before the cache.
#pragma once

#include <sqlite3.h>

#include <cstddef>
#include <cstdint>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.hpp"
#include "store/drivers/sqlite/sqlite_database.hpp"

namespace sb::db {

// The Error for a failed SQLite call: kConflict for a unique or primary key
// violation, kUnavailable when the database is busy or locked, else kInternal
// (naming the SQL).
Error SqliteError(sqlite3* db, int rc, std::string_view sql);

class StatementCache {
 public:
  // Idle copies of one SQL text kept at most.
  static constexpr size_t kIdleCopiesPerText = 2;

  class Lease;

  // `db` outlives the cache; `capacity` idle statements are kept at most.
  StatementCache(sqlite3* db, size_t capacity);
  ~StatementCache();
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;

  // A statement for `sql`, lent to the caller until the lease is destroyed.
  // Fails (see SqliteError) when SQLite cannot prepare it.
  Result<Lease> Acquire(std::string_view sql);

  SqliteStatementStats stats() const;
  // Finalizes the idle statements (before the connection closes).
  void Clear() noexcept;

 private:
  struct Slot {
    std::string sql;
    sqlite3_stmt* stmt = nullptr;
  };
  using Slots = std::list<Slot>;

  // Resets a lent statement and keeps it idle, or finalizes it (see Bounds).
  void Return(Slots::iterator slot) noexcept;
  void EvictOldest() noexcept;

  sqlite3* db_;
  const size_t capacity_;
  Slots idle_;  // most recently used first
  Slots lent_;
  // The idle slots by SQL text (the keys view the slots' own strings).
  std::unordered_multimap<std::string_view, Slots::iterator> by_text_;
  int64_t prepared_ = 0;
};

// One lent statement; gives it back to the cache when destroyed.
class StatementCache::Lease {
 public:
  Lease(Lease&& other) noexcept : cache_(other.cache_), slot_(other.slot_) {
    other.cache_ = nullptr;
  }
  Lease& operator=(Lease&&) = delete;
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  ~Lease() {
    if (cache_) cache_->Return(slot_);
  }

  sqlite3_stmt* get() const { return slot_->stmt; }

 private:
  friend class StatementCache;
  Lease(StatementCache* cache, Slots::iterator slot) : cache_(cache), slot_(slot) {}

  StatementCache* cache_;
  Slots::iterator slot_;
};

}  // namespace sb::db
