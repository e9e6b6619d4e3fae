// The SQL of schema versions 7 and later, one constant per version and engine,
// kept apart from the older versions so no file grows past its seam; the
// version lists are in migrations_sqlite.cpp and migrations_postgres.cpp.
// Never edit a released migration: add one. Internal to store/.
#pragma once

#include <string_view>

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
