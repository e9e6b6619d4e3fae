// Schema versions 7 and later on SQLite (store/migrations_later.hpp).
#include "store/migrations_later.hpp"

namespace sb::store::migration_sql {

// Idempotency-Key of POST requests: one row per (organization, key), 'running'
// while the first request runs, then 'done' with the response to replay, kept
// until expires_at. idempotency_keys_expires serves the purge of expired rows,
// which runs across organizations.
const std::string_view kSqliteIdempotencyKeys = R"sql(
CREATE TABLE idempotency_keys (
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'running',
  response_status INTEGER,
  response_body TEXT,
  response_content_type TEXT,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (organization_id, key)
) WITHOUT ROWID;
CREATE INDEX idempotency_keys_expires ON idempotency_keys (expires_at);
)sql";

// Contact imports: one row per uploaded file, its options (tag_uuids
// space-separated; header the first record, as CSV), its progress (the counts
// and, in bytes_read and resume_line, the position after the last committed
// batch, so an interrupted import resumes there) and a lease held by the process running it.
// imports_runnable serves the import worker's search for queued imports and
// expired leases across organizations. import_errors keeps one rejected row
// per line.
const std::string_view kSqliteContactImports = R"sql(
CREATE TABLE imports (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  uuid TEXT NOT NULL,
  user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  status TEXT NOT NULL DEFAULT 'queued',
  file_name TEXT NOT NULL DEFAULT '',
  file_path TEXT NOT NULL,
  file_bytes INTEGER NOT NULL DEFAULT 0,
  mapping TEXT,
  default_country_code TEXT,
  on_duplicate TEXT NOT NULL DEFAULT 'skip',
  tag_uuids TEXT NOT NULL DEFAULT '',
  pool_uuid TEXT,
  header TEXT,
  delimiter TEXT,
  rows_read INTEGER NOT NULL DEFAULT 0,
  created INTEGER NOT NULL DEFAULT 0,
  updated INTEGER NOT NULL DEFAULT 0,
  skipped INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  bytes_read INTEGER NOT NULL DEFAULT 0,
  resume_line INTEGER NOT NULL DEFAULT 1,
  error TEXT,
  lease_owner TEXT,
  lease_expires_at INTEGER,
  created_at INTEGER NOT NULL,
  started_at INTEGER,
  finished_at INTEGER,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX imports_uuid ON imports (organization_id, uuid);
CREATE INDEX imports_runnable ON imports (status, lease_expires_at);
CREATE TABLE import_errors (
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
  line INTEGER NOT NULL,
  code TEXT NOT NULL,
  column_name TEXT,
  field TEXT,
  reason TEXT NOT NULL,
  PRIMARY KEY (organization_id, import_id, line)
) WITHOUT ROWID;
)sql";

// Webhooks and the event outbox: a subscription per row (events a JSON array of
// type names, or ["*"]); webhook_events is the outbox, written in the
// transaction of the change it reports; webhook_deliveries holds one row per
// (event, subscribed webhook) with its attempts. next_attempt_at is the time a
// delivery is due while it is pending (or, while claimed, when its lease runs
// out) and NULL once delivered or failed: webhook_deliveries_due serves the
// dispatcher's claim across organizations and webhook_events_created the purge
// of old events.
const std::string_view kSqliteWebhooks = R"sql(
CREATE TABLE webhooks (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  uuid TEXT NOT NULL,
  url TEXT NOT NULL,
  events TEXT NOT NULL,
  secret TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX webhooks_uuid ON webhooks (organization_id, uuid);
CREATE INDEX webhooks_list ON webhooks (organization_id, id);
CREATE INDEX webhooks_active ON webhooks (organization_id, active);
CREATE TABLE webhook_events (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  uuid TEXT NOT NULL,
  type TEXT NOT NULL,
  data TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX webhook_events_uuid ON webhook_events (organization_id, uuid);
CREATE INDEX webhook_events_created ON webhook_events (created_at);
CREATE TABLE webhook_deliveries (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  uuid TEXT NOT NULL,
  webhook_id INTEGER NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  event_id INTEGER NOT NULL REFERENCES webhook_events(id) ON DELETE CASCADE,
  status TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  last_response_code INTEGER,
  last_error TEXT,
  next_attempt_at INTEGER,
  lease_token TEXT,
  expires_at INTEGER NOT NULL,
  delivered_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX webhook_deliveries_uuid ON webhook_deliveries (organization_id, uuid);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (organization_id, webhook_id, id);
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (organization_id, event_id);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at);
)sql";

// Runs of an import started since it last made progress (a committed batch),
// counted when each run starts: a run that takes the process down still
// counts, so an import that does so every time fails instead of taking the
// server down at each restart.
const std::string_view kSqliteImportAttempts = R"sql(
ALTER TABLE imports ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
)sql";

// The audit log (domain/audit.hpp): one row per change to a user, token or
// webhook, written in the change's transaction. The actor columns carry no
// foreign key, so an entry outlives its actor; actor_user_uuid keeps naming
// them. audit_log_list serves the newest-first pages of one organization.
const std::string_view kSqliteAuditLog = R"sql(
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL,
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  actor_user_id INTEGER,
  actor_user_uuid TEXT,
  actor_token_id INTEGER,
  source TEXT NOT NULL,
  action TEXT NOT NULL,
  target_type TEXT NOT NULL,
  target_uuid TEXT,
  details TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX audit_log_uuid ON audit_log (organization_id, uuid);
CREATE INDEX audit_log_list ON audit_log (organization_id, id);
)sql";

}  // namespace sb::store::migration_sql
