// SQLite schema, version by version. Never edit a released migration: add one.
//
// Conventions: every table has `organization_id` and every index leads with it;
// `id` is an internal integer key used for joins, `uuid` is the public id;
// times are Unix seconds (INTEGER); JSON documents are TEXT.
#include "store/migrations/migrations.hpp"
#include "store/migrations/migrations_later.hpp"

namespace sb::store {
namespace {

constexpr std::string_view kInitial = R"sql(
CREATE TABLE organizations (
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL UNIQUE,
  legal_call_start TEXT NOT NULL DEFAULT '08:00',
  legal_call_end TEXT NOT NULL DEFAULT '21:00',
  write_generation INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  uuid TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL COLLATE NOCASE,
  role TEXT NOT NULL DEFAULT 'member',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX users_uuid ON users (organization_id, uuid);
CREATE UNIQUE INDEX users_email ON users (organization_id, email);
CREATE UNIQUE INDEX users_uuid_global ON users (uuid);

CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL,
  prefix TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  revoked_at INTEGER,
  last_used_at INTEGER
);
CREATE UNIQUE INDEX api_tokens_hash ON api_tokens (token_hash);
CREATE INDEX api_tokens_org ON api_tokens (organization_id, id);
CREATE INDEX api_tokens_prefix ON api_tokens (prefix);

CREATE TABLE pipelines (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  uuid TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX pipelines_uuid ON pipelines (organization_id, uuid);

CREATE TABLE pipeline_stages (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  pipeline_id INTEGER NOT NULL REFERENCES pipelines(id) ON DELETE CASCADE,
  uuid TEXT NOT NULL,
  name TEXT NOT NULL,
  position INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX pipeline_stages_uuid ON pipeline_stages (organization_id, uuid);
CREATE INDEX pipeline_stages_pipeline ON pipeline_stages (organization_id, pipeline_id, position);

CREATE TABLE tags (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  uuid TEXT NOT NULL,
  name TEXT NOT NULL COLLATE NOCASE,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX tags_uuid ON tags (organization_id, uuid);
CREATE UNIQUE INDEX tags_name ON tags (organization_id, name);

CREATE TABLE contacts (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  uuid TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  surname TEXT,
  email TEXT,
  phone_number TEXT,
  number_type TEXT,
  country_code TEXT,
  timezone TEXT,
  primary_language TEXT,
  preferred_contact_channel TEXT,
  preferred_contact_time TEXT,
  status TEXT NOT NULL DEFAULT 'Active',
  stage_id INTEGER REFERENCES pipeline_stages(id) ON DELETE SET NULL,
  notes TEXT,
  metadata TEXT NOT NULL DEFAULT '{}',
  owner_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_by_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  source_name TEXT,
  lead_source TEXT,
  category TEXT,
  do_not_call INTEGER NOT NULL DEFAULT 0,
  last_call_status TEXT,
  last_call_at INTEGER,
  last_call_duration INTEGER,
  last_call_feedback TEXT,
  last_message_at INTEGER,
  last_message_status TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX contacts_uuid ON contacts (organization_id, uuid);
CREATE UNIQUE INDEX contacts_phone ON contacts (organization_id, phone_number)
  WHERE phone_number IS NOT NULL;
CREATE INDEX contacts_status ON contacts (organization_id, status);
CREATE INDEX contacts_channel ON contacts (organization_id, preferred_contact_channel);
CREATE INDEX contacts_stage ON contacts (organization_id, stage_id);
CREATE INDEX contacts_created ON contacts (organization_id, created_at);

-- Substring search over name, surname, email and phone: a trigram index kept
-- in step with contacts by triggers (external content, so no second copy).
CREATE VIRTUAL TABLE contacts_search USING fts5 (
  name, surname, email, phone_number,
  content = 'contacts', content_rowid = 'id', tokenize = 'trigram'
);
CREATE TRIGGER contacts_search_ai AFTER INSERT ON contacts BEGIN
  INSERT INTO contacts_search (rowid, name, surname, email, phone_number)
  VALUES (new.id, new.name, new.surname, new.email, new.phone_number);
END;
CREATE TRIGGER contacts_search_ad AFTER DELETE ON contacts BEGIN
  INSERT INTO contacts_search (contacts_search, rowid, name, surname, email, phone_number)
  VALUES ('delete', old.id, old.name, old.surname, old.email, old.phone_number);
END;
CREATE TRIGGER contacts_search_au AFTER UPDATE OF name, surname, email, phone_number ON contacts
BEGIN
  INSERT INTO contacts_search (contacts_search, rowid, name, surname, email, phone_number)
  VALUES ('delete', old.id, old.name, old.surname, old.email, old.phone_number);
  INSERT INTO contacts_search (rowid, name, surname, email, phone_number)
  VALUES (new.id, new.name, new.surname, new.email, new.phone_number);
END;

CREATE TABLE contact_tags (
  organization_id INTEGER NOT NULL,
  contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
  PRIMARY KEY (organization_id, contact_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX contact_tags_tag ON contact_tags (organization_id, tag_id, contact_id);

CREATE TABLE agents (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  uuid TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX agents_uuid ON agents (organization_id, uuid);

CREATE TABLE pools (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  uuid TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  type TEXT NOT NULL DEFAULT 'FIFO',
  max_parallel_items INTEGER NOT NULL DEFAULT 10,
  max_retries INTEGER NOT NULL DEFAULT 3,
  is_active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX pools_uuid ON pools (organization_id, uuid);

-- A contact's membership of a pool: the dialer's unit of work.
CREATE TABLE pool_items (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  pool_id INTEGER NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
  contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  status TEXT NOT NULL DEFAULT 'Pending',
  priority INTEGER NOT NULL DEFAULT 0,
  retry_count INTEGER NOT NULL DEFAULT 0,
  attempt_count INTEGER NOT NULL DEFAULT 0,
  started_at INTEGER,
  completed_at INTEGER,
  failed_at INTEGER,
  next_retry_at INTEGER,
  notes TEXT,
  skip_reason TEXT,
  last_outcome TEXT,
  worker_id TEXT,
  lease_expires_at INTEGER,
  status_before_claim TEXT,
  added_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX pool_items_member ON pool_items (organization_id, pool_id, contact_id);
CREATE INDEX pool_items_pool_status ON pool_items (organization_id, pool_id, status);
CREATE INDEX pool_items_contact ON pool_items (organization_id, contact_id);

CREATE TABLE campaigns (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  uuid TEXT NOT NULL,
  name TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'Draft',
  agent_id INTEGER REFERENCES agents(id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX campaigns_uuid ON campaigns (organization_id, uuid);

CREATE TABLE campaign_pools (
  organization_id INTEGER NOT NULL,
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  pool_id INTEGER NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (organization_id, campaign_id, pool_id)
) WITHOUT ROWID;
CREATE INDEX campaign_pools_pool ON campaign_pools (organization_id, pool_id);

CREATE TABLE phone_numbers (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  uuid TEXT NOT NULL,
  number TEXT NOT NULL,
  country_code TEXT NOT NULL,
  type TEXT NOT NULL,
  is_external INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'active',
  compliance_status TEXT NOT NULL DEFAULT 'completed',
  compliance_requirements TEXT NOT NULL DEFAULT '[]',
  capabilities TEXT NOT NULL DEFAULT '{}',
  channel_settings TEXT NOT NULL DEFAULT '{}',
  monthly_fee_cents INTEGER NOT NULL DEFAULT 0,
  currency TEXT NOT NULL DEFAULT 'EUR',
  purchased_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX phone_numbers_uuid ON phone_numbers (organization_id, uuid);
CREATE UNIQUE INDEX phone_numbers_number ON phone_numbers (organization_id, number);
CREATE INDEX phone_numbers_status ON phone_numbers (organization_id, status);
CREATE INDEX phone_numbers_fee ON phone_numbers (organization_id, monthly_fee_cents);

-- Which agent uses a number on a channel: at most one agent per (number, channel).
CREATE TABLE phone_number_bindings (
  organization_id INTEGER NOT NULL,
  phone_number_id INTEGER NOT NULL REFERENCES phone_numbers(id) ON DELETE CASCADE,
  channel TEXT NOT NULL,
  agent_id INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (organization_id, phone_number_id, channel)
) WITHOUT ROWID;
CREATE INDEX phone_number_bindings_agent ON phone_number_bindings (organization_id, agent_id);
)sql";

// Pool members are listed in insertion order (seed 000); without a status
// filter the list needs this index to page without sorting the whole pool.
constexpr std::string_view kPoolItemsOrder = R"sql(
CREATE INDEX pool_items_pool_order ON pool_items (organization_id, pool_id, id);
)sql";

// Every list pages in an order its index already holds: contacts, pools and
// campaigns newest first by id, agents by name, phone numbers by created_at.
// Without these, SQLite sorts the whole organization for each page.
constexpr std::string_view kListOrders = R"sql(
CREATE INDEX contacts_org_order ON contacts (organization_id, id);
CREATE INDEX pools_org_order ON pools (organization_id, id);
CREATE INDEX campaigns_org_order ON campaigns (organization_id, id);
CREATE INDEX agents_org_name ON agents (organization_id, name, id);
CREATE INDEX phone_numbers_created ON phone_numbers (organization_id, created_at, id);
)sql";

// Owners and assignees, the call log and messages (the CRM dialects and the
// dialer read them), with an index behind every new contact filter.
constexpr std::string_view kCallsAndMessages = R"sql(
CREATE TABLE contact_assignees (
  organization_id INTEGER NOT NULL,
  contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (organization_id, contact_id, user_id)
) WITHOUT ROWID;
CREATE INDEX contact_assignees_user ON contact_assignees (organization_id, user_id, contact_id);

CREATE INDEX contacts_owner ON contacts (organization_id, owner_user_id);
CREATE INDEX contacts_created_by ON contacts (organization_id, created_by_user_id);
CREATE INDEX contacts_source_name ON contacts (organization_id, source_name);
CREATE INDEX contacts_lead_source ON contacts (organization_id, lead_source);
CREATE INDEX contacts_category ON contacts (organization_id, category);
CREATE INDEX contacts_last_call_status ON contacts (organization_id, last_call_status);
CREATE INDEX contacts_last_message ON contacts (organization_id, last_message_at);

CREATE TABLE calls (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  uuid TEXT NOT NULL,
  contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  agent_id INTEGER REFERENCES agents(id) ON DELETE SET NULL,
  phone_number_id INTEGER REFERENCES phone_numbers(id) ON DELETE SET NULL,
  campaign_id INTEGER REFERENCES campaigns(id) ON DELETE SET NULL,
  pool_id INTEGER REFERENCES pools(id) ON DELETE SET NULL,
  direction TEXT NOT NULL,
  status TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  duration INTEGER NOT NULL DEFAULT 0,
  feedback TEXT,
  recording_url TEXT,
  attempt INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX calls_uuid ON calls (organization_id, uuid);
CREATE INDEX calls_contact ON calls (organization_id, contact_id, started_at);
CREATE INDEX calls_campaign ON calls (organization_id, campaign_id, started_at);
CREATE INDEX calls_started ON calls (organization_id, started_at, id);
CREATE INDEX calls_status ON calls (organization_id, status, started_at);

CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  uuid TEXT NOT NULL,
  contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  channel TEXT NOT NULL,
  direction TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  sent_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX messages_uuid ON messages (organization_id, uuid);
CREATE INDEX messages_contact ON messages (organization_id, contact_id, sent_at);
)sql";

// Campaign rules (how often and when contacts are called), the organization's
// do-not-call list, and the columns the dialer's claims need: the campaign a
// member is being called for and the number it is called from, with the
// indexes that find due members and expired leases without a scan.
constexpr std::string_view kRulesAndDialer = R"sql(
CREATE TABLE rules (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  uuid TEXT NOT NULL,
  name TEXT NOT NULL,
  type TEXT NOT NULL DEFAULT 'call',
  max_calls_per_day INTEGER NOT NULL DEFAULT 3,
  max_total_calls INTEGER NOT NULL DEFAULT 10,
  retry_interval_minutes INTEGER NOT NULL DEFAULT 120,
  retry_backoff REAL NOT NULL DEFAULT 1,
  start_time TEXT NOT NULL DEFAULT '09:00',
  end_time TEXT NOT NULL DEFAULT '18:00',
  days_of_week TEXT NOT NULL DEFAULT 'mon,tue,wed,thu,fri,sat,sun',
  dnc_check INTEGER NOT NULL DEFAULT 1,
  remove_on_opt_out INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX rules_uuid ON rules (organization_id, uuid);
CREATE INDEX rules_org_order ON rules (organization_id, id);

ALTER TABLE campaigns ADD COLUMN rule_id INTEGER REFERENCES rules(id) ON DELETE SET NULL;
CREATE INDEX campaigns_rule ON campaigns (organization_id, rule_id);

CREATE TABLE dnc_numbers (
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  number TEXT NOT NULL,
  reason TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (organization_id, number)
) WITHOUT ROWID;

ALTER TABLE pool_items ADD COLUMN campaign_id INTEGER REFERENCES campaigns(id) ON DELETE SET NULL;
ALTER TABLE pool_items ADD COLUMN phone_number_id INTEGER
  REFERENCES phone_numbers(id) ON DELETE SET NULL;
CREATE INDEX pool_items_due ON pool_items (organization_id, pool_id, status, next_retry_at);
CREATE INDEX pool_items_lease ON pool_items (organization_id, status, lease_expires_at);
CREATE INDEX pool_items_campaign ON pool_items (organization_id, campaign_id);
)sql";

// The claim reads due members in queue order straight from an index: Pending
// by id (FIFO/LIFO) or by priority then id (Parallel). The first replaces
// pool_items_pool_status, which it extends. pool_items_number serves the
// in-flight count per phone number (channel_limit), calls_contact_campaign
// the per-campaign attempt cap.
constexpr std::string_view kClaimQueue = R"sql(
DROP INDEX pool_items_pool_status;
CREATE INDEX pool_items_queue ON pool_items (organization_id, pool_id, status, id);
CREATE INDEX pool_items_priority
  ON pool_items (organization_id, pool_id, status, priority DESC, id);
CREATE INDEX pool_items_number ON pool_items (organization_id, phone_number_id, status);
CREATE INDEX calls_contact_campaign ON calls (organization_id, contact_id, campaign_id);
)sql";

}  // namespace

const std::vector<Migration>& SqliteMigrations() {
  static const std::vector<Migration> kMigrations = [] {
    std::vector<Migration> all = {
        {1, "initial schema", kInitial},
        {2, "pool members in insertion order", kPoolItemsOrder},
        {3, "list orders served by indexes", kListOrders},
        {4, "assignees, calls and messages", kCallsAndMessages},
        {5, "rules, do-not-call and dialer claims", kRulesAndDialer},
        {6, "claim queue order served by indexes", kClaimQueue},
    };
    // Versions 7 and later sit beside their SQL (migrations_later.hpp).
    for (const Migration& m : SqliteLaterMigrations()) all.push_back(m);
    return all;
  }();
  return kMigrations;
}

}  // namespace sb::store
