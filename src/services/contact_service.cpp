#include "services/contact_service.hpp"

#include <unordered_set>

#include "services/contact_merge.hpp"
#include "services/contact_upsert.hpp"
#include "services/outbox_events.hpp"
#include "services/unit_of_work.hpp"
#include "store/repositories/contact_repository.hpp"
#include "store/repositories/import_repository.hpp"

namespace sb::services {
namespace {

// contact.updated for the contact with this id.
Status Updated(UnitOfWork& uow, int64_t contact_id) {
  return outbox_events::Contacts(uow.outbox(), uow.conn(), uow.org(),
                                 outbox_events::kContactUpdated, {contact_id});
}

// The uuids once each, in first-seen order.
std::vector<std::string> Distinct(const std::vector<std::string>& uuids) {
  std::vector<std::string> out;
  std::unordered_set<std::string> seen;
  for (const auto& u : uuids) {
    if (seen.insert(u).second) out.push_back(u);
  }
  return out;
}

}  // namespace

Result<domain::Contact> ContactService::Create(int64_t org, int64_t user_id,
                                               const domain::Contact& contact,
                                               const std::vector<std::string>& tag_uuids) {
  return InUnitOfWork(conn_, org, clock_, ids_, [&](UnitOfWork& uow) -> Result<domain::Contact> {
    SB_ASSIGN_OR_RETURN(
        domain::Contact created,
        store::ContactRepository(conn_, clock_, ids_).Create(org, user_id, contact, tag_uuids));
    SB_RETURN_IF_ERROR(outbox_events::Contacts(uow.outbox(), conn_, org,
                                               outbox_events::kContactCreated, {created.id}));
    return created;
  });
}

Result<domain::Contact> ContactService::Update(
    int64_t org, const domain::Contact& contact,
    const std::optional<std::vector<std::string>>& tag_uuids) {
  return InUnitOfWork(conn_, org, clock_, ids_, [&](UnitOfWork& uow) -> Result<domain::Contact> {
    SB_ASSIGN_OR_RETURN(
        domain::Contact updated,
        store::ContactRepository(conn_, clock_, ids_).Update(org, contact, tag_uuids));
    SB_RETURN_IF_ERROR(Updated(uow, updated.id));
    return updated;
  });
}

Status ContactService::Delete(int64_t org, const std::string& uuid) {
  return InUnitOfWork(conn_, org, clock_, ids_, [&](UnitOfWork& uow) -> Status {
    // The event reads the row, so it goes first; a contact that is not there
    // emits nothing and the delete's 404 rolls the unit back.
    SB_RETURN_IF_ERROR(outbox_events::ContactsByUuid(uow.outbox(), conn_, org,
                                                     outbox_events::kContactDeleted, {uuid}));
    return store::ContactRepository(conn_, clock_, ids_).Delete(org, uuid);
  });
}

Result<domain::Contact> ContactService::AddTags(int64_t org, const std::string& uuid,
                                                const std::vector<std::string>& tag_uuids) {
  return InUnitOfWork(conn_, org, clock_, ids_, [&](UnitOfWork& uow) -> Result<domain::Contact> {
    SB_ASSIGN_OR_RETURN(
        domain::Contact tagged,
        store::ContactRepository(conn_, clock_, ids_).AddTags(org, uuid, tag_uuids));
    SB_RETURN_IF_ERROR(Updated(uow, tagged.id));
    return tagged;
  });
}

Result<domain::Contact> ContactService::RemoveTag(int64_t org, const std::string& uuid,
                                                  const std::string& tag_uuid) {
  return InUnitOfWork(conn_, org, clock_, ids_, [&](UnitOfWork& uow) -> Result<domain::Contact> {
    store::ContactRepository contacts(conn_, clock_, ids_);
    SB_RETURN_IF_ERROR(contacts.RemoveTag(org, uuid, tag_uuid));
    SB_ASSIGN_OR_RETURN(domain::Contact untagged, contacts.Get(org, uuid));
    SB_RETURN_IF_ERROR(Updated(uow, untagged.id));
    return untagged;
  });
}

Result<store::BulkUpsertResult> ContactService::Upsert(
    int64_t org, int64_t user_id, const std::optional<std::string>& default_owner_uuid,
    store::UpsertKey key, const std::vector<store::BulkContactItem>& items) {
  return InUnitOfWork(
      conn_, org, clock_, ids_, [&](UnitOfWork& uow) -> Result<store::BulkUpsertResult> {
        return UpsertContacts(uow, user_id, default_owner_uuid,
                              store::UpsertOptions{key, domain::OnDuplicate::kUpdate}, items);
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
        SB_RETURN_IF_ERROR(outbox_events::Contacts(
            uow.outbox(), conn_, org, outbox_events::kContactUpdated, counts.updated_ids));
        return counts;
      });
}

Result<store::BulkDeleteCounts> ContactService::BulkDelete(int64_t org,
                                                           const std::vector<std::string>& uuids) {
  return InUnitOfWork(
      conn_, org, clock_, ids_, [&](UnitOfWork& uow) -> Result<store::BulkDeleteCounts> {
        // The events read the rows, so they go first (uuids that name no
        // contact emit nothing).
        SB_RETURN_IF_ERROR(outbox_events::ContactsByUuid(
            uow.outbox(), conn_, org, outbox_events::kContactDeleted, Distinct(uuids)));
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

Status ContactService::FinishImport(const domain::ContactImport& import, const std::string& owner,
                                    const std::optional<std::string>& error) {
  return InUnitOfWork(conn_, import.organization_id, clock_, ids_, [&](UnitOfWork& uow) -> Status {
    const bool completed = !error.has_value();
    SB_RETURN_IF_ERROR(
        store::ImportRepository(conn_, clock_, ids_)
            .Finish(import.organization_id, import.id, owner, completed, error, uow.now()));
    domain::ContactImport finished = import;
    finished.status = completed ? domain::kImportCompleted : domain::kImportFailed;
    finished.error = error;
    finished.finished_at = uow.now();
    finished.updated_at = uow.now();
    return outbox_events::ImportCompleted(uow.outbox(), finished, uow.now());
  });
}

}  // namespace sb::services
