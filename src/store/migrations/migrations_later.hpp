// Schema versions 7 and later, one constant per version and engine, kept apart
// from the older versions so no file grows past its seam, each engine's list
// of them beside its SQL: a new version is one step in each engine's *_later.cpp
// (SqliteMigrations() and PostgresMigrations() append these lists).
// Never edit a released migration: add one. Internal to store/.
#pragma once

#include <string_view>
#include <vector>

#include "store/migrations/migrations.hpp"

namespace sb::store::migration_sql {

extern const std::string_view kSqliteIdempotencyKeys;
extern const std::string_view kSqliteContactImports;
extern const std::string_view kSqliteWebhooks;
extern const std::string_view kSqliteImportAttempts;
extern const std::string_view kSqliteAuditLog;
extern const std::string_view kSqliteIdempotencyPerToken;
extern const std::string_view kSqliteTokensUuidScopes;

extern const std::string_view kPostgresIdempotencyKeys;
extern const std::string_view kPostgresContactImports;
extern const std::string_view kPostgresWebhooks;
extern const std::string_view kPostgresImportAttempts;
extern const std::string_view kPostgresAuditLog;
extern const std::string_view kPostgresIdempotencyPerToken;
extern const std::string_view kPostgresTokensUuidScopes;

}  // namespace sb::store::migration_sql

namespace sb::store {

// Versions 7 and later, oldest first: the tails of SqliteMigrations() and
// PostgresMigrations().
const std::vector<Migration>& SqliteLaterMigrations();
const std::vector<Migration>& PostgresLaterMigrations();

}  // namespace sb::store
