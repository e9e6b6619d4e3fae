// Must compile: a jobs source that includes what the jobs layer may use
// (its own headers, store, domain, core). The layers.jobs_includes_store test
// builds it as part of the jobs layer exactly as the must-not-compile probes
// beside it are built, so a broken set-up (a wrong include root, a missing
// definition) fails this test instead of passing theirs.
#include "core/result.hpp"
#include "domain/contact.hpp"
#include "jobs/contact_importer.hpp"
#include "store/repositories/import_repository.hpp"

namespace sb::probe {

Status Probe() { return OkStatus(); }

}  // namespace sb::probe
