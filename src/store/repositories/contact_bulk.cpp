// Bulk updates and deletes of contacts (the upsert is in contact_bulk_upsert.cpp).
#include "store/repositories/contact_bulk.hpp"

#include <algorithm>
#include <set>

#include "store/repositories/contact_links.hpp"
#include "store/repositories/contact_sql.hpp"
#include "store/repositories/store_util.hpp"

namespace sb::store {
namespace {

// Statements take at most this many listed values (well under both engines'
// parameter limits).
constexpr size_t kChunk = 500;

std::vector<std::string> Distinct(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

// Reads the first column of every row as an id into `out`.
Status CollectIds(db::Connection& conn, const std::string& sql, const db::Params& params,
                  std::set<int64_t>& out) {
  SB_ASSIGN_OR_RETURN(auto rows, conn.Query(sql, params));
  while (true) {
    SB_ASSIGN_OR_RETURN(bool more, rows->Next());
    if (!more) break;
    out.insert(rows->Int(0));
  }
  return OkStatus();
}

// The ids of the selected contacts; `not_found` counts listed uuids with none.
Result<std::vector<int64_t>> SelectIds(db::Connection& conn, int64_t org,
                                       const ContactSelection& selection, int64_t& not_found) {
  std::set<int64_t> ids;
  if (selection.filter) {
    std::string where = " WHERE c.organization_id = ?";
    db::Params params{org};
    contact_sql::AppendFilter(conn.dialect(), org, *selection.filter, where, params);
    SB_RETURN_IF_ERROR(CollectIds(conn, "SELECT c.id FROM contacts c" + where, params, ids));
    return std::vector<int64_t>(ids.begin(), ids.end());
  }
  std::vector<std::string> uuids = Distinct(selection.uuids);
  for (size_t i = 0; i < uuids.size(); i += kChunk) {
    size_t n = std::min(kChunk, uuids.size() - i);
    db::Params params{org};
    for (size_t j = i; j < i + n; ++j) params.emplace_back(uuids[j]);
    SB_RETURN_IF_ERROR(CollectIds(
        conn,
        "SELECT id FROM contacts WHERE organization_id = ? AND uuid IN (" + Placeholders(n) + ")",
        params, ids));
  }
  not_found = static_cast<int64_t>(uuids.size() - ids.size());
  return std::vector<int64_t>(ids.begin(), ids.end());
}

// " IN (?, ...)" over ids[i, i + n) with their values appended to `params`.
std::string InIds(const std::vector<int64_t>& ids, size_t i, size_t n, db::Params& params) {
  for (size_t j = i; j < i + n; ++j) params.emplace_back(ids[j]);
  return " IN (" + Placeholders(n) + ")";
}

}  // namespace

Result<BulkUpdateCounts> ContactBulkRepository::Update(int64_t org,
                                                       const ContactSelection& selection,
                                                       const BulkContactChanges& changes) {
  BulkUpdateCounts counts;
  const int64_t now = clock_.NowSeconds();
  Status st = db::InTransaction(conn_, [&]() -> Status {
    db::Value stage = db::Null{};
    db::Value owner = db::Null{};
    if (changes.stage_uuid) {
      SB_ASSIGN_OR_RETURN(stage, contact_links::ResolveId(conn_, "pipeline_stages", org,
                                                          *changes.stage_uuid, "set.stage_uuid"));
    }
    if (changes.owner_uuid) {
      SB_ASSIGN_OR_RETURN(owner, contact_links::ResolveId(conn_, "users", org, *changes.owner_uuid,
                                                          "set.owner_uuid"));
    }
    SB_ASSIGN_OR_RETURN(
        auto add_ids,
        contact_links::ResolveIds(conn_, "tags", org, changes.add_tag_uuids, "add_tag_uuids"));
    SB_ASSIGN_OR_RETURN(auto remove_ids,
                        contact_links::ResolveIds(conn_, "tags", org, changes.remove_tag_uuids,
                                                  "remove_tag_uuids"));
    SB_ASSIGN_OR_RETURN(auto ids, SelectIds(conn_, org, selection, counts.not_found));
    counts.matched = static_cast<int64_t>(ids.size());

    // Each statement returns the contacts it really changed: a field set to
    // the value it had, a tag the contact already carries (or never had)
    // changes nothing and does not count.
    std::set<int64_t> changed;
    for (size_t i = 0; i < ids.size(); i += kChunk) {
      size_t n = std::min(kChunk, ids.size() - i);
      std::string sets;
      std::string differs;
      db::Params set_params;
      db::Params differ_params;
      auto field = [&](const char* column, const db::Value& v) {
        sets += std::string(sets.empty() ? "" : ", ") + column + " = ?";
        differs += std::string(differs.empty() ? "" : " OR ") + column + " IS DISTINCT FROM ?";
        set_params.push_back(v);
        differ_params.push_back(v);
      };
      if (changes.status) field("status", *changes.status);
      if (changes.stage_uuid) field("stage_id", stage);
      if (changes.owner_uuid) field("owner_user_id", owner);
      if (!sets.empty()) {
        db::Params params = set_params;
        params.emplace_back(org);
        std::string in = InIds(ids, i, n, params);
        for (auto& v : differ_params) params.push_back(v);
        std::string sql = "UPDATE contacts SET " + sets;
        sql += " WHERE organization_id = ? AND id";
        sql += in;
        sql += " AND (";
        sql += differs;
        sql += ") RETURNING id";
        SB_RETURN_IF_ERROR(CollectIds(conn_, sql, params, changed));
      }
      for (int64_t tag : add_ids) {
        // The tag is joined (not selected as a bare parameter) so that both
        // engines know the value's type.
        db::Params params{tag, org};
        std::string in = InIds(ids, i, n, params);
        SB_RETURN_IF_ERROR(CollectIds(
            conn_,
            "INSERT INTO contact_tags (organization_id, contact_id, tag_id)"
            " SELECT c.organization_id, c.id, t.id FROM contacts c JOIN tags t"
            " ON t.organization_id = c.organization_id AND t.id = ?"
            " WHERE c.organization_id = ? AND c.id" +
                in +
                " AND NOT EXISTS (SELECT 1 FROM contact_tags ct WHERE ct.organization_id ="
                " c.organization_id AND ct.contact_id = c.id AND ct.tag_id = t.id)"
                " RETURNING contact_id",
            params, changed));
      }
      if (!remove_ids.empty()) {
        db::Params params{org};
        for (int64_t tag : remove_ids) params.emplace_back(tag);
        std::string tags_in = " IN (" + Placeholders(remove_ids.size()) + ")";
        std::string in = InIds(ids, i, n, params);
        std::string sql = "DELETE FROM contact_tags WHERE organization_id = ? AND tag_id" + tags_in;
        sql += " AND contact_id";
        sql += in;
        sql += " RETURNING contact_id";
        SB_RETURN_IF_ERROR(CollectIds(conn_, sql, params, changed));
      }
    }
    counts.updated = static_cast<int64_t>(changed.size());
    std::vector<int64_t> touched(changed.begin(), changed.end());
    for (size_t i = 0; i < touched.size(); i += kChunk) {
      size_t n = std::min(kChunk, touched.size() - i);
      db::Params params{db::Timestamp{now}, org};
      std::string in = InIds(touched, i, n, params);
      SB_RETURN_IF_ERROR(conn_.Exec(
          "UPDATE contacts SET updated_at = ? WHERE organization_id = ? AND id" + in, params));
    }
    counts.updated_ids = std::move(touched);
    return OkStatus();
  });
  SB_RETURN_IF_ERROR(st);
  return counts;
}

Result<BulkDeleteCounts> ContactBulkRepository::Delete(int64_t org,
                                                       const std::vector<std::string>& uuids) {
  BulkDeleteCounts counts;
  std::vector<std::string> unique = Distinct(uuids);
  Status st = db::InTransaction(conn_, [&]() -> Status {
    for (size_t i = 0; i < unique.size(); i += kChunk) {
      size_t n = std::min(kChunk, unique.size() - i);
      db::Params params{org};
      for (size_t j = i; j < i + n; ++j) params.emplace_back(unique[j]);
      SB_ASSIGN_OR_RETURN(
          int64_t deleted,
          conn_.Exec("DELETE FROM contacts WHERE organization_id = ? AND uuid IN (" +
                         Placeholders(n) + ")",
                     params));
      counts.deleted += deleted;
    }
    counts.not_found = static_cast<int64_t>(unique.size()) - counts.deleted;
    return OkStatus();
  });
  SB_RETURN_IF_ERROR(st);
  return counts;
}

}  // namespace sb::store
