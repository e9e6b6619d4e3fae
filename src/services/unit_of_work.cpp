#include "services/unit_of_work.hpp"

#include <cassert>

#include "store/repositories/store_util.hpp"

namespace sb::services {

store::EventOutbox& UnitOfWork::outbox() {
  if (!outbox_) outbox_.emplace(conn_, org_, now_, ids_);
  return *outbox_;
}

Status UnitOfWork::Begin(db::Transaction& tx) {
  // A second run would bump a second time.
  assert(!ran_);
  ran_ = true;
  return tx.Begin();
}

Status UnitOfWork::Finish(db::Transaction& tx) {
  if (changed_) SB_RETURN_IF_ERROR(store::BumpGeneration(conn_, org_));
  return tx.Commit();
}

}  // namespace sb::services
