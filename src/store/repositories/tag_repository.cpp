#include "store/repositories/tag_repository.hpp"

#include "store/repositories/store_util.hpp"

namespace sb::store {
namespace {

constexpr const char* kSelect =
    "SELECT t.id, t.uuid, t.name, t.created_at, t.updated_at,"
    " (SELECT COUNT(*) FROM contact_tags ct WHERE ct.organization_id = t.organization_id"
    "  AND ct.tag_id = t.id) FROM tags t ";

domain::Tag ReadTag(const db::Rows& r) {
  return domain::Tag{r.Int(0), r.String(1), r.String(2), r.Int(5), r.Time(3), r.Time(4)};
}

Error NameTaken() { return Error::Conflict("A tag with this name already exists.", "name"); }

}  // namespace

Result<std::vector<domain::Tag>> TagRepository::List(int64_t org) {
  SB_ASSIGN_OR_RETURN(
      auto rows,
      conn_.Query(std::string(kSelect) + "WHERE t.organization_id = ? ORDER BY t.name", {org}));
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
      auto rows, conn_.Query(std::string(kSelect) + "WHERE t.organization_id = ? AND t.uuid = ?",
                             {org, uuid}));
  SB_ASSIGN_OR_RETURN(bool found, rows->Next());
  if (!found) return Error::NotFound("Tag");
  return ReadTag(*rows);
}

Result<domain::Tag> TagRepository::Create(int64_t org, const std::string& name) {
  std::string uuid = ids_.NewUuid();
  int64_t now = clock_.NowSeconds();
  Status st = db::InTransaction(conn_, [&]() -> Status {
    auto inserted = conn_.Exec(
        "INSERT INTO tags (organization_id, uuid, name, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?)",
        {org, uuid, name, db::Timestamp{now}, db::Timestamp{now}});
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
  Status st = db::InTransaction(conn_, [&]() -> Status {
    auto changed = conn_.Exec(
        "UPDATE tags SET name = ?, updated_at = ? WHERE organization_id = ? AND uuid = ?",
        {name, db::Timestamp{clock_.NowSeconds()}, org, uuid});
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
