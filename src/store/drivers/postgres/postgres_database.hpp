// PostgreSQL engine over libpq: a pool of connections, statements prepared once
// per connection, parameters sent as text.
//
// Values: int64 and double as decimal text, db::Timestamp as ISO 8601 UTC,
// Null as SQL NULL. The server infers each parameter's type from the statement;
// an int64 bound where it expects a timestamptz is taken as Unix seconds, and a
// string that is not a UUID bound where it expects a uuid is sent as NULL (it
// matches no row, as the same text would on SQLite). Result columns arrive as
// text: Rows::Time parses timestamptz (sessions run in UTC, ISO DateStyle),
// Rows::Int also reads booleans (1/0) and times, Rows::Text gives jsonb without
// the blanks PostgreSQL adds.
//
// Failures: a unique violation is kConflict whose details name the constraint;
// serialization failures, deadlocks and timeouts are kUnavailable. A connection
// found dead when borrowed is re-established. One that dies under a statement
// is re-established and the statement retried once when that is safe: a SELECT
// outside a transaction, or any statement of a transaction that has not written
// yet (the transaction is begun again). Otherwise the statement fails with
// kUnavailable (503) and the transaction is lost.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "store/drivers/database.hpp"
#include "store/drivers/durability.hpp"

namespace sb::db {

struct PostgresOptions {
  std::string url;             // postgres:// or postgresql:// URI, as libpq reads it
  int pool_size = 8;           // connections at most, each borrowed by one thread
  int connect_timeout_s = 10;  // unless the URL sets connect_timeout
  // How long Acquire() waits for a connection when all are borrowed; then
  // kUnavailable (503 with Retry-After), never a hang.
  std::chrono::milliseconds acquire_timeout{2000};
  // kFull: synchronous_commit stays on (raised to on when the server's
  // default is off or local); kNormal: SET synchronous_commit = off in each
  // session (store/db/durability.hpp).
  Durability durability = Durability::kFull;
};

// True when `target` names a PostgreSQL database (postgres:// or postgresql://).
bool IsPostgresUrl(std::string_view target);

// The URL with any password replaced by "***", for logs and messages.
std::string RedactUrl(std::string_view url);

// Connects once (so a bad URL fails here) and returns the pool. kUnavailable
// when the server cannot be reached.
Result<std::unique_ptr<Database>> OpenPostgres(const PostgresOptions& options);

}  // namespace sb::db
