#include "services/contact_service.hpp"

#include "services/contact_merge.hpp"
#include "services/unit_of_work.hpp"
#include "store/repositories/contact_repository.hpp"

namespace sb::services {

Result<domain::Contact> ContactService::Create(int64_t org, int64_t user_id,
                                               const domain::Contact& contact,
                                               const std::vector<std::string>& tag_uuids) {
  return InUnitOfWork(conn_, org, clock_, ids_, [&] {
    return store::ContactRepository(conn_, clock_, ids_).Create(org, user_id, contact, tag_uuids);
  });
}

Result<domain::Contact> ContactService::Update(
    int64_t org, const domain::Contact& contact,
    const std::optional<std::vector<std::string>>& tag_uuids) {
  return InUnitOfWork(conn_, org, clock_, ids_, [&] {
    return store::ContactRepository(conn_, clock_, ids_).Update(org, contact, tag_uuids);
  });
}

Status ContactService::Delete(int64_t org, const std::string& uuid) {
  return InUnitOfWork(conn_, org, clock_, ids_, [&] {
    return store::ContactRepository(conn_, clock_, ids_).Delete(org, uuid);
  });
}

Result<domain::Contact> ContactService::AddTags(int64_t org, const std::string& uuid,
                                                const std::vector<std::string>& tag_uuids) {
  return InUnitOfWork(conn_, org, clock_, ids_, [&] {
    return store::ContactRepository(conn_, clock_, ids_).AddTags(org, uuid, tag_uuids);
  });
}

Result<domain::Contact> ContactService::RemoveTag(int64_t org, const std::string& uuid,
                                                  const std::string& tag_uuid) {
  return InUnitOfWork(conn_, org, clock_, ids_, [&]() -> Result<domain::Contact> {
    store::ContactRepository contacts(conn_, clock_, ids_);
    SB_RETURN_IF_ERROR(contacts.RemoveTag(org, uuid, tag_uuid));
    return contacts.Get(org, uuid);
  });
}

Result<store::BulkUpsertResult> ContactService::Upsert(
    int64_t org, int64_t user_id, const std::optional<std::string>& default_owner_uuid,
    store::UpsertKey key, const std::vector<store::BulkContactItem>& items) {
  return InUnitOfWork(conn_, org, clock_, ids_, [&] {
    return store::ContactBulkRepository(conn_, clock_, ids_)
        .Upsert(org, user_id, default_owner_uuid, key, items);
  });
}

Result<store::BulkUpdateCounts> ContactService::BulkUpdate(
    int64_t org, const store::ContactSelection& selection,
    const store::BulkContactChanges& changes) {
  return InUnitOfWork(
      conn_, org, clock_, ids_, [&](UnitOfWork& uow) -> Result<store::BulkUpdateCounts> {
        SB_ASSIGN_OR_RETURN(
            auto counts,
            store::ContactBulkRepository(conn_, clock_, ids_).Update(org, selection, changes));
        if (counts.updated == 0) uow.NothingChanged();
        return counts;
      });
}

Result<store::BulkDeleteCounts> ContactService::BulkDelete(int64_t org,
                                                           const std::vector<std::string>& uuids) {
  return InUnitOfWork(
      conn_, org, clock_, ids_, [&](UnitOfWork& uow) -> Result<store::BulkDeleteCounts> {
        SB_ASSIGN_OR_RETURN(auto counts,
                            store::ContactBulkRepository(conn_, clock_, ids_).Delete(org, uuids));
        if (counts.deleted == 0) uow.NothingChanged();
        return counts;
      });
}

Result<domain::Contact> ContactService::Merge(int64_t org, const std::string& target_uuid,
                                              const std::string& source_uuid) {
  return InUnitOfWork(conn_, org, clock_, ids_, [&](UnitOfWork& uow) {
    return MergeContacts(uow, target_uuid, source_uuid);
  });
}

Result<domain::ImportProgress> ContactService::WriteImportBatch(const domain::ContactImport& import,
                                                                const std::string& owner,
                                                                int64_t lease_seconds,
                                                                const ImportBatch& batch) {
  return InUnitOfWork(conn_, import.organization_id, clock_, ids_, [&](UnitOfWork& uow) {
    return services::WriteImportBatch(uow, import, owner, lease_seconds, batch);
  });
}

}  // namespace sb::services
