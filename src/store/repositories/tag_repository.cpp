#include "store/repositories/tag_repository.hpp"

#include "domain/tag_entity.hpp"
#include "store/repositories/entity_sql.hpp"
#include "store/repositories/store_util.hpp"

namespace sb::store {
namespace {

using domain::kTagEntity;

// The count beside the declared columns, read by name.
constexpr std::array<std::string_view, 1> kCounted = {"contacts_count"};

const std::string kSelect = "SELECT " + entity_sql::SelectList(kTagEntity, "t") +
                            ", (SELECT COUNT(*) FROM contact_tags ct WHERE"
                            " ct.organization_id = t.organization_id AND ct.tag_id = t.id)"
                            " AS contacts_count FROM tags t" +
                            entity_sql::Joins(kTagEntity, "t") + " ";

const std::string kInsert = "INSERT INTO tags (organization_id, uuid, " +
                            entity_sql::StoredColumns(kTagEntity) +
                            ", created_at, updated_at) VALUES (?, ?, " +
                            Placeholders(entity_sql::StoredCount(kTagEntity) + 2) + ")";

const std::string kUpdate = "UPDATE tags SET " + entity_sql::UpdateSets(kTagEntity) +
                            ", updated_at = ? WHERE organization_id = ? AND uuid = ?";

domain::Tag ReadTag(const db::Rows& r) {
  static constexpr size_t kCount = entity_sql::ResultIndex<kTagEntity, kCounted>("contacts_count");
  domain::Tag t;
  const std::span<const int> at = entity_sql::ReadRowWith<kTagEntity, kCounted>(r, t);
  t.contacts_count = r.Int(at[kCount]);
  return t;
}

// The values of the stored columns of a tag named `name`.
db::Params NameValues(const std::string& name) {
  domain::Tag t;
  t.name = name;
  return entity_sql::StoredValues(kTagEntity, t, [](const auto&) { return db::Value(db::Null{}); });
}

Error NameTaken() { return Error::Conflict("A tag with this name already exists.", "name"); }

}  // namespace

Result<std::vector<domain::Tag>> TagRepository::List(int64_t org) {
  SB_ASSIGN_OR_RETURN(auto rows,
                      conn_.Query(kSelect + "WHERE t.organization_id = ? ORDER BY t.name", {org}));
  std::vector<domain::Tag> out;
  while (true) {
    SB_ASSIGN_OR_RETURN(bool more, rows->Next());
    if (!more) break;
    out.push_back(ReadTag(*rows));
  }
  return out;
}

Result<domain::Tag> TagRepository::Get(int64_t org, const std::string& uuid) {
  SB_ASSIGN_OR_RETURN(
      auto rows, conn_.Query(kSelect + "WHERE t.organization_id = ? AND t.uuid = ?", {org, uuid}));
  SB_ASSIGN_OR_RETURN(bool found, rows->Next());
  if (!found) return Error::NotFound("Tag");
  return ReadTag(*rows);
}

Result<domain::Tag> TagRepository::Create(int64_t org, const std::string& name) {
  std::string uuid = ids_.NewUuid();
  int64_t now = clock_.NowSeconds();
  db::Params params{org, uuid};
  for (auto& v : NameValues(name)) params.push_back(std::move(v));
  params.emplace_back(db::Timestamp{now});
  params.emplace_back(db::Timestamp{now});
  Status st = db::InTransaction(conn_, [&]() -> Status {
    auto inserted = conn_.Exec(kInsert, params);
    if (!inserted.ok()) {
      return inserted.error().code() == ErrorCode::kConflict ? NameTaken() : inserted.error();
    }
    return OkStatus();
  });
  SB_RETURN_IF_ERROR(st);
  return Get(org, uuid);
}

Result<domain::Tag> TagRepository::Rename(int64_t org, const std::string& uuid,
                                          const std::string& name) {
  db::Params params = NameValues(name);
  params.emplace_back(db::Timestamp{clock_.NowSeconds()});
  params.emplace_back(org);
  params.emplace_back(uuid);
  Status st = db::InTransaction(conn_, [&]() -> Status {
    auto changed = conn_.Exec(kUpdate, params);
    if (!changed.ok()) {
      return changed.error().code() == ErrorCode::kConflict ? NameTaken() : changed.error();
    }
    if (*changed == 0) return Error::NotFound("Tag");
    return OkStatus();
  });
  SB_RETURN_IF_ERROR(st);
  return Get(org, uuid);
}

Status TagRepository::Delete(int64_t org, const std::string& uuid) {
  return db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(
        int64_t n,
        conn_.Exec("DELETE FROM tags WHERE organization_id = ? AND uuid = ?", {org, uuid}));
    if (n == 0) return Error::NotFound("Tag");
    return OkStatus();
  });
}

}  // namespace sb::store
