// Runs contact imports in `serve`: a background thread that claims runnable
// imports whose file this process can read (queued by its own upload route,
// or left running by a process that stopped or died, whose lease ran out),
// runs each with a ContactImporter, removes the uploaded file once the import
// ends, and fails (with their import.completed event) the imports nobody could
// resume within kImportAbandonSeconds of their lease running out or start
// within kImportQueuedExpirySeconds (their file went with the process that
// received them), and those started kImportMaxAttempts times without making
// progress. Several processes on one database may each run one; each import
// runs in one of them at a time.
//
// It is also the domain::ImportQueue the upload route writes files into and wakes.
//
// Thread-safety: Start/Stop from one thread; RunOnce, Wake and spool_dir from
// any.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "domain/import_queue.hpp"
#include "jobs/contact_importer.hpp"
#include "store/drivers/database.hpp"

namespace sb::jobs {

// A running import whose lease ran out this long ago, and that no process
// could resume, fails.
inline constexpr int64_t kImportAbandonSeconds = int64_t{15} * 60;
// A queued import no process could read the file of for this long fails.
inline constexpr int64_t kImportQueuedExpirySeconds = int64_t{24} * 60 * 60;
// An import started this many times without making progress (no batch
// committed: each run ended on an unexpected error, a bug or data the store
// refuses, or took the process down) fails for good at its next claim, rather
// than being retried for ever or taking the server down at every restart.
// Attempts are counted in the store as each run starts (ImportRepository::
// Claim), so a run that kills the process counts too. A run that ends because
// the store is unreachable gives its attempt back when it can.
inline constexpr int kImportMaxAttempts = 3;

struct ImportWorkerOptions {
  std::string spool_dir;  // created when missing
  std::chrono::milliseconds interval = std::chrono::seconds(2);
  size_t batch_rows = 1000;
  int64_t lease_seconds = 120;
  // Bounds on one CSV record (ImporterOptions).
  size_t max_record_bytes = CsvReaderOptions().max_record_bytes;
  size_t max_cells = CsvReaderOptions().max_cells;
};

class ImportWorker final : public domain::ImportQueue {
 public:
  ImportWorker(db::Database& db, const Clock& clock, IdGenerator& ids, ImportWorkerOptions options);
  ~ImportWorker() override { Stop(); }
  ImportWorker(const ImportWorker&) = delete;
  ImportWorker& operator=(const ImportWorker&) = delete;

  // Creates the spool directory. kInternal when it cannot be created.
  Status Prepare();

  // Runs every runnable import it can read, one after the other, then fails
  // the abandoned ones; the number of imports it ran (an error when a run
  // failed: the import is retried by the next call). Stops between batches
  // once Stop() was called (the import is resumed by the next claim).
  Result<int64_t> RunOnce();

  // Runs RunOnce every interval, and at once when woken, until Stop().
  void Start();
  void Stop();

  const std::string& spool_dir() const override { return options_.spool_dir; }
  void Wake() override;

 private:
  bool Stopping();
  // importer_.Run, with an exception it throws turned into a kInternal Error.
  Result<domain::ContactImport> RunContained(const domain::ContactImport& import);
  // The store was unreachable during the run: not the import's fault, so its
  // attempt is not counted (best effort: the store may still be away).
  void GiveAttemptBack(const domain::ContactImport& import);
  // Ends `import` (held by this process) as failed, with its latest counts.
  Status EndAsFailed(const domain::ContactImport& import, const std::string& reason);
  Status FailAbandoned();
  // Deletes the import's file when it is an upload in the spool directory.
  void RemoveUpload(const domain::ContactImport& import);

  db::Database& db_;
  const Clock& clock_;
  IdGenerator& ids_;
  ImportWorkerOptions options_;
  ContactImporter importer_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool woken_ = false;
  std::thread thread_;
};

}  // namespace sb::jobs
