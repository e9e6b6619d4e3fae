// Where an upload hands a contact import over to the background worker that
// runs it: the upload route (api/imports.cpp) writes the file into the spool
// directory and wakes the queue; the import worker (jobs/import_worker.hpp)
// is the queue in `serve`. Declared here, below both, so neither depends on
// the other.
//
// Thread-safety: implementations are thread-safe.
#pragma once

#include <string>

namespace sb::domain {

class ImportQueue {
 public:
  virtual ~ImportQueue() = default;
  // The directory uploaded files are kept in until their import ends.
  virtual const std::string& spool_dir() const = 0;
  // An import was queued: start it soon.
  virtual void Wake() = 0;
};

}  // namespace sb::domain
