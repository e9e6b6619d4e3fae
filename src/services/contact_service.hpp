// The contact use cases: create, update, delete, tag, bulk upsert, bulk
// update and delete, merge, and the import worker's batch write. Each runs in
// one unit of work (services/unit_of_work.hpp): it bumps the organization's
// write generation once and its webhook events commit with it, or nothing is
// written. The HTTP handlers (api/contacts*.cpp), the import worker and the
// CLI's import (through jobs/contact_importer.cpp) call these, never the
// repositories' writes.
//
// Inputs are validated values (domain::ApplyContactFields,
// domain::CheckContactFields); the failures are the repositories' (see
// store/repositories/contact_repository.hpp, contact_bulk.hpp,
// services/contact_merge.hpp, services/contact_import_batch.hpp).
//
// Thread-safety: none; one service per connection.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "domain/contact.hpp"
#include "domain/contact_import.hpp"
#include "services/contact_import_batch.hpp"
#include "store/drivers/database.hpp"
#include "store/repositories/contact_bulk.hpp"

namespace sb::services {

class ContactService {
 public:
  ContactService(db::Connection& conn, const Clock& clock, IdGenerator& ids)
      : conn_(conn), clock_(clock), ids_(ids) {}

  Result<domain::Contact> Create(int64_t org, int64_t user_id, const domain::Contact& contact,
                                 const std::vector<std::string>& tag_uuids);
  Result<domain::Contact> Update(int64_t org, const domain::Contact& contact,
                                 const std::optional<std::vector<std::string>>& tag_uuids);
  Status Delete(int64_t org, const std::string& uuid);
  Result<domain::Contact> AddTags(int64_t org, const std::string& uuid,
                                  const std::vector<std::string>& tag_uuids);
  // The contact after the tag went.
  Result<domain::Contact> RemoveTag(int64_t org, const std::string& uuid,
                                    const std::string& tag_uuid);

  // POST /api/v1/contacts/bulk (store::ContactBulkRepository::Upsert).
  Result<store::BulkUpsertResult> Upsert(int64_t org, int64_t user_id,
                                         const std::optional<std::string>& default_owner_uuid,
                                         store::UpsertKey key,
                                         const std::vector<store::BulkContactItem>& items);
  Result<store::BulkUpdateCounts> BulkUpdate(int64_t org, const store::ContactSelection& selection,
                                             const store::BulkContactChanges& changes);
  Result<store::BulkDeleteCounts> BulkDelete(int64_t org, const std::vector<std::string>& uuids);

  // Merges the source into the target (services/contact_merge.hpp has the
  // rules); the merged target.
  Result<domain::Contact> Merge(int64_t org, const std::string& target_uuid,
                                const std::string& source_uuid);

  // One batch of a contact import (services/contact_import_batch.hpp), in the
  // import's organization.
  Result<domain::ImportProgress> WriteImportBatch(const domain::ContactImport& import,
                                                  const std::string& owner, int64_t lease_seconds,
                                                  const ImportBatch& batch);
  // Ends `import`, held by `owner`, as completed (no `error`) or failed with
  // `error`, with its import.completed event. kConflict when `owner` no
  // longer holds it.
  Status FinishImport(const domain::ContactImport& import, const std::string& owner,
                      const std::optional<std::string>& error);

 private:
  db::Connection& conn_;
  const Clock& clock_;
  IdGenerator& ids_;
};

}  // namespace sb::services
