#include "store/repositories/contact_sql.hpp"

#include "store/repositories/store_util.hpp"

namespace sb::store::contact_sql {

using domain::kContactEntity;

const std::string kColumns = entity_sql::SelectList(kContactEntity, "c");
const std::string kFrom = " FROM contacts c" + entity_sql::Joins(kContactEntity, "c");

domain::Contact ReadContact(const db::Rows& r) {
  domain::Contact c;
  entity_sql::ReadRow<kContactEntity>(r, c);
  return c;
}

const std::string kFieldColumns = entity_sql::StoredColumns(kContactEntity);
const std::string kUpdateSets = entity_sql::UpdateSets(kContactEntity);

db::Params FieldValues(const domain::Contact& c, const db::Value& stage, const db::Value& owner) {
  // The two references a write resolves (ContactRepository::ResolveLinks).
  return entity_sql::StoredValues(kContactEntity, c, [&](const domain::ContactField& f) {
    return f.member == domain::MemberPtr<domain::Contact>(&domain::Contact::stage_uuid) ? stage
                                                                                        : owner;
  });
}

namespace {

// " AND column IN (?, ...)" for a non-empty list of exact values.
void AppendIn(const char* column, const std::vector<std::string>& values, std::string& where,
              db::Params& params) {
  if (values.empty()) return;
  where += std::string(" AND ") + column + " IN (" + Placeholders(values.size()) + ")";
  for (const auto& v : values) params.emplace_back(v);
}

// " = (subquery)" or " IN (subquery)" matching the ids of the organization's
// users with these uuids. One user is the common case and gets the equality:
// the planner then walks the (organization_id, user column) index in id order
// and needs no sort for the page.
std::string InUsers(int64_t org, const std::vector<std::string>& uuids, db::Params& params) {
  params.emplace_back(org);
  for (const auto& u : uuids) params.emplace_back(u);
  if (uuids.size() == 1) return " = (SELECT id FROM users WHERE organization_id = ? AND uuid = ?)";
  return " IN (SELECT id FROM users WHERE organization_id = ? AND uuid IN (" +
         Placeholders(uuids.size()) + "))";
}

// Owner, assignee, source, lead source and category: each is served by its
// own (organization_id, ...) index.
void AppendOwnership(int64_t org, const domain::ContactFilter& f, std::string& where,
                     db::Params& params) {
  if (!f.owner_uuids.empty()) {
    where += " AND c.owner_user_id" + InUsers(org, f.owner_uuids, params);
  }
  if (!f.assignee_uuids.empty()) {
    where +=
        " AND c.id IN (SELECT ca.contact_id FROM contact_assignees ca"
        " WHERE ca.organization_id = ? AND ca.user_id";
    params.emplace_back(org);
    where += InUsers(org, f.assignee_uuids, params) + ")";
  }
  AppendIn("c.source_name", f.source_names, where, params);
  AppendIn("c.lead_source", f.lead_sources, where, params);
  AppendIn("c.category", f.categories, where, params);
}

// The filters the foreign dialects add (tag names, last call statuses, the
// "involved" user scope, unassigned, stage name, pipeline, last message).
void AppendDialectFilters(int64_t org, const domain::ContactFilter& f, std::string& where,
                          db::Params& params) {
  if (!f.tag_names.empty()) {
    where +=
        " AND c.id IN (SELECT ct.contact_id FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id"
        " WHERE ct.organization_id = ? AND t.organization_id = ? AND t.name IN (" +
        Placeholders(f.tag_names.size()) + "))";
    params.emplace_back(org);
    params.emplace_back(org);
    for (const auto& v : f.tag_names) params.emplace_back(v);
  }
  AppendIn("c.last_call_status", f.last_call_statuses, where, params);
  if (!f.involved_uuids.empty()) {
    where += " AND (c.owner_user_id" + InUsers(org, f.involved_uuids, params);
    where += " OR c.created_by_user_id" + InUsers(org, f.involved_uuids, params);
    where +=
        " OR c.id IN (SELECT ca.contact_id FROM contact_assignees ca"
        " WHERE ca.organization_id = ? AND ca.user_id";
    params.emplace_back(org);
    where += InUsers(org, f.involved_uuids, params) + "))";
  }
  if (f.unassigned) {
    where +=
        " AND NOT EXISTS (SELECT 1 FROM contact_assignees ca"
        " WHERE ca.organization_id = ? AND ca.contact_id = c.id)";
    params.emplace_back(org);
  }
  if (f.stage_name) {
    where +=
        " AND c.stage_id IN (SELECT id FROM pipeline_stages WHERE organization_id = ? AND name = "
        "?)";
    params.emplace_back(org);
    params.emplace_back(*f.stage_name);
  }
  if (f.pipeline_uuid) {
    where +=
        " AND c.stage_id IN (SELECT ps.id FROM pipeline_stages ps JOIN pipelines p"
        " ON p.id = ps.pipeline_id WHERE ps.organization_id = ? AND p.organization_id = ?"
        " AND p.uuid = ?)";
    params.emplace_back(org);
    params.emplace_back(org);
    params.emplace_back(*f.pipeline_uuid);
  }
  if (f.last_message_status) {
    where += " AND c.last_message_status = ?";
    params.emplace_back(*f.last_message_status);
  }
  if (f.last_message_from) {
    where += " AND c.last_message_at >= ?";
    params.emplace_back(db::Timestamp{*f.last_message_from});
  }
  if (f.last_message_until) {
    where += " AND c.last_message_at < ?";
    params.emplace_back(db::Timestamp{*f.last_message_until});
  }
}

}  // namespace

void AppendFilter(const Dialect& dialect, int64_t org, const domain::ContactFilter& f,
                  std::string& where, db::Params& params) {
  if (f.status) {
    where += " AND c.status = ?";
    params.emplace_back(*f.status);
  }
  if (f.do_not_call) {
    // Rare opt-outs: the organization's rows are scanned, as for other flags.
    where += " AND c.do_not_call = ?";
    params.emplace_back(int64_t{*f.do_not_call ? 1 : 0});
  }
  if (f.channel) {
    where += " AND c.preferred_contact_channel = ?";
    params.emplace_back(*f.channel);
  }
  if (f.stage_uuid) {
    where +=
        " AND c.stage_id = (SELECT id FROM pipeline_stages WHERE organization_id = ? AND uuid = ?)";
    params.emplace_back(org);
    params.emplace_back(*f.stage_uuid);
  }
  if (f.tag_uuid) {
    where +=
        " AND c.id IN (SELECT ct.contact_id FROM contact_tags ct WHERE ct.organization_id = ?"
        " AND ct.tag_id = (SELECT id FROM tags WHERE organization_id = ? AND uuid = ?))";
    params.emplace_back(org);
    params.emplace_back(org);
    params.emplace_back(*f.tag_uuid);
  }
  if (f.pool_uuid) {
    where +=
        " AND c.id IN (SELECT pi.contact_id FROM pool_items pi WHERE pi.organization_id = ?"
        " AND pi.pool_id = (SELECT id FROM pools WHERE organization_id = ? AND uuid = ?))";
    params.emplace_back(org);
    params.emplace_back(org);
    params.emplace_back(*f.pool_uuid);
  }
  if (f.campaign_uuid) {
    where +=
        " AND c.id IN (SELECT pi.contact_id FROM campaign_pools cp JOIN pool_items pi"
        " ON pi.organization_id = cp.organization_id AND pi.pool_id = cp.pool_id"
        " WHERE cp.organization_id = ? AND cp.campaign_id ="
        " (SELECT id FROM campaigns WHERE organization_id = ? AND uuid = ?))";
    params.emplace_back(org);
    params.emplace_back(org);
    params.emplace_back(*f.campaign_uuid);
  }
  AppendOwnership(org, f, where, params);
  AppendDialectFilters(org, f, where, params);
  if (f.created_from) {
    where += " AND c.created_at >= ?";
    params.emplace_back(db::Timestamp{*f.created_from});
  }
  if (f.created_until) {
    where += " AND c.created_at < ?";
    params.emplace_back(db::Timestamp{*f.created_until});
  }
  entity_sql::AppendEquality(kContactEntity, "c", f.fields, where, params);
  if (f.search) where += " AND " + dialect.ContactSearch("c", org, *f.search, params);
}

}  // namespace sb::store::contact_sql
