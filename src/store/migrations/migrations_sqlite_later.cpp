// Schema versions 7 and later on SQLite (store/migrations_later.hpp).
#include "store/migrations/migrations_later.hpp"

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

// API tokens get a public id (the API's /tokens/{uuid}; existing rows get a
// random version-4 uuid) and scopes ("read write": what tokens could do
// before scopes existed).
const std::string_view kSqliteTokensUuidScopes = R"sql(
ALTER TABLE api_tokens ADD COLUMN uuid TEXT;
ALTER TABLE api_tokens ADD COLUMN scopes TEXT NOT NULL DEFAULT 'read write';
UPDATE api_tokens SET uuid = lower(
  hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' ||
  substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' ||
  hex(randomblob(6))) WHERE uuid IS NULL;
CREATE UNIQUE INDEX api_tokens_uuid ON api_tokens (uuid);
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

// Version 13.
// Idempotency keys belong to the token that sent them, not only to its
// organization: two users of one organization using the same key must not
// see each other's stored responses. Rows live a day, so the table is
// recreated empty rather than converted; a token's keys go with it
// (idempotency_keys_token serves that cascade).
//
// The contact search index is made per organization: a contentless FTS5 table
// whose rowid is organization_id * 2^40 + contact id (store/dialect_sqlite.cpp,
// kSearchRowidOrgShift), so one organization's search reads only its own rowid
// range and never matches another's rows, whatever the terms. Contentless, it
// keeps no copy of the text; the triggers give 'delete' the old values as
// before. Rebuilt here from the existing contacts.
//
// Deliveries' last_error, free text until now (it could name resolved
// addresses and library messages), is mapped onto the codes the dispatcher
// records from this version on (jobs/webhook_transport.hpp).
const std::string_view kSqliteIdempotencyPerToken = R"sql(
DROP TABLE idempotency_keys;
CREATE TABLE idempotency_keys (
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  token_id INTEGER NOT NULL REFERENCES api_tokens(id) ON DELETE CASCADE,
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
  PRIMARY KEY (organization_id, token_id, key)
) WITHOUT ROWID;
CREATE INDEX idempotency_keys_expires ON idempotency_keys (expires_at);
CREATE INDEX idempotency_keys_token ON idempotency_keys (token_id);

DROP TRIGGER contacts_search_ai;
DROP TRIGGER contacts_search_ad;
DROP TRIGGER contacts_search_au;
DROP TABLE contacts_search;
CREATE VIRTUAL TABLE contacts_search USING fts5 (
  name, surname, email, phone_number, content = '', tokenize = 'trigram'
);
INSERT INTO contacts_search (rowid, name, surname, email, phone_number)
  SELECT organization_id * 1099511627776 + id, name, surname, email, phone_number FROM contacts;
CREATE TRIGGER contacts_search_ai AFTER INSERT ON contacts BEGIN
  INSERT INTO contacts_search (rowid, name, surname, email, phone_number)
  VALUES (new.organization_id * 1099511627776 + new.id, new.name, new.surname, new.email,
          new.phone_number);
END;
CREATE TRIGGER contacts_search_ad AFTER DELETE ON contacts BEGIN
  INSERT INTO contacts_search (contacts_search, rowid, name, surname, email, phone_number)
  VALUES ('delete', old.organization_id * 1099511627776 + old.id, old.name, old.surname,
          old.email, old.phone_number);
END;
CREATE TRIGGER contacts_search_au AFTER UPDATE OF name, surname, email, phone_number ON contacts
BEGIN
  INSERT INTO contacts_search (contacts_search, rowid, name, surname, email, phone_number)
  VALUES ('delete', old.organization_id * 1099511627776 + old.id, old.name, old.surname,
          old.email, old.phone_number);
  INSERT INTO contacts_search (rowid, name, surname, email, phone_number)
  VALUES (new.organization_id * 1099511627776 + new.id, new.name, new.surname, new.email,
          new.phone_number);
END;

UPDATE webhook_deliveries SET last_error = CASE
  WHEN last_error LIKE 'HTTP %' THEN 'http_' || substr(last_error, 6)
  WHEN last_error = 'timed out' THEN 'timeout'
  WHEN last_error LIKE 'the target resolves to %' THEN 'blocked_address'
  WHEN last_error LIKE 'cannot resolve %' OR last_error LIKE 'no address for %' THEN 'dns_failed'
  WHEN last_error = 'the URL is not an absolute http or https URL' THEN 'invalid_url'
  ELSE 'request_failed' END
WHERE last_error IS NOT NULL;
)sql";

}  // namespace sb::store::migration_sql

namespace sb::store {
namespace {

// The contact's job title (domain/contact_entity.hpp), filtered exactly.
const std::string_view kSqliteContactJobTitle = R"sql(
ALTER TABLE contacts ADD COLUMN job_title TEXT;
CREATE INDEX contacts_job_title ON contacts (organization_id, job_title);
)sql";

}  // namespace

const std::vector<Migration>& SqliteLaterMigrations() {
  static const std::vector<Migration> kMigrations = {
      {7, "idempotency keys", migration_sql::kSqliteIdempotencyKeys},
      {8, "contact imports", migration_sql::kSqliteContactImports},
      {9, "webhooks and the event outbox", migration_sql::kSqliteWebhooks},
      {10, "import attempts", migration_sql::kSqliteImportAttempts},
      {11, "tokens_uuid_scopes", migration_sql::kSqliteTokensUuidScopes},
      {12, "audit_log", migration_sql::kSqliteAuditLog},
      {13, "idempotency_per_token", migration_sql::kSqliteIdempotencyPerToken},
      {14, "contact job titles", kSqliteContactJobTitle},
  };
  return kMigrations;
}

}  // namespace sb::store
