// Contact imports in the store: the import rows, their leases and their
// rejected rows. The rows themselves are written batch by batch by
// services/contact_import_batch.hpp.
//
// Leases: a process runs an import only while it holds the import's lease
// (lease_owner, lease_expires_at), which every committed batch extends. A
// process that dies stops extending it; once it has run out, any process that
// can read the file takes the import over and resumes it after its last
// committed batch. An import whose lease ran out long ago and that nobody
// could take over (its file went with the process that received it) is marked
// failed with its counts.
//
// Every call is scoped by organization id, except the worker's cross-
// organization claims. Not thread-safe: one repository per connection.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "domain/contact_import.hpp"
#include "domain/pagination.hpp"
#include "store/drivers/database.hpp"

namespace sb::store {

struct NewImportFile {
  std::string file_name;  // as uploaded, for people
  std::string file_path;  // where the worker reads it
  int64_t file_bytes = 0;
};

class ImportRepository {
 public:
  ImportRepository(db::Connection& conn, const Clock& clock, IdGenerator& ids)
      : conn_(conn), clock_(clock), ids_(ids) {}

  // A queued import of `file` by `user_id`. 422 naming tag_uuids or pool_uuid
  // when one is not the organization's; kRateLimited when the organization
  // already has `max_active` imports queued or running (0: no cap); nothing
  // is written then.
  Result<domain::ContactImport> Create(int64_t org, int64_t user_id, const NewImportFile& file,
                                       const domain::ImportOptions& options,
                                       int64_t max_active = 0);

  // 404 "Import" when absent or another organization's.
  Result<domain::ContactImport> Get(int64_t org, const std::string& uuid);
  // Newest first.
  Result<std::vector<domain::ContactImport>> List(int64_t org, const domain::PageRequest& page);
  Result<int64_t> Count(int64_t org);

  // Takes the oldest runnable import (queued, or running with its lease run
  // out) for which `readable` holds, for `owner` until now + lease_seconds,
  // and marks it running. nullopt when there is none. Safe against other
  // processes claiming at once: each import goes to one of them.
  Result<std::optional<domain::ContactImport>> ClaimNext(
      const std::string& owner, int64_t lease_seconds,
      const std::function<bool(const domain::ContactImport&)>& readable);
  // Takes this import when it is runnable; false when another owner holds it
  // or it has ended. A claim counts an attempt (`attempts`, in the same
  // statement), so a run that ends the process is counted before it starts;
  // a committed batch (services::WriteImportBatch) and Release set the count
  // back to 0.
  Result<bool> Claim(int64_t org, int64_t id, const std::string& owner, int64_t lease_seconds);
  // Gives the lease up (a graceful stop, not counted as an attempt): the
  // import stays running and the next claim resumes it at once.
  Status Release(int64_t org, int64_t id, const std::string& owner);
  // Takes back the attempt the claim by `owner` counted (a run the store's
  // absence ended).
  Status UncountAttempt(int64_t org, int64_t id, const std::string& owner);
  // Ends the import held by `owner` as completed, or as failed with `error`,
  // at `now`. kConflict when `owner` no longer holds it. (Its import.completed
  // event is the caller's: services::ContactService::FinishImport.)
  Status Finish(int64_t org, int64_t id, const std::string& owner, bool completed,
                const std::optional<std::string>& error, int64_t now);
  // Imports nobody is going to run, oldest first, at most `limit`: running
  // ones whose lease ran out more than `running_grace_seconds` ago (nobody
  // resumed them), and queued ones created more than `queued_grace_seconds`
  // ago (no process could read their file). Their end is the caller's: claim
  // each, then Finish it as failed, so its import.completed event is sent and
  // two processes never end one import twice.
  Result<std::vector<domain::ContactImport>> Abandoned(int64_t running_grace_seconds,
                                                       int64_t queued_grace_seconds, int64_t limit);

  // Rejected rows by line: those after `after_line`, skipping `offset` of
  // them, at most `limit`.
  Result<std::vector<domain::ImportRowError>> Errors(int64_t org, int64_t import_id,
                                                     int64_t after_line, int64_t limit,
                                                     int64_t offset = 0);

 private:
  Result<std::vector<domain::ContactImport>> Select(const std::string& where,
                                                    const db::Params& params);

  db::Connection& conn_;
  const Clock& clock_;
  IdGenerator& ids_;
};

// The header as stored (one CSV record) and back.
std::string EncodeImportHeader(const std::vector<std::string>& header);
std::vector<std::string> DecodeImportHeader(std::string_view stored);

}  // namespace sb::store
