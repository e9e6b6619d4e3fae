#include "services/user_service.hpp"

#include "services/unit_of_work.hpp"
#include "store/repositories/user_repository.hpp"

namespace sb::services {

Result<int64_t> EnsureUser(db::Connection& conn, int64_t org, const std::string& email,
                           const Clock& clock, IdGenerator& ids) {
  return InUnitOfWork(conn, org, clock, ids, [&](UnitOfWork& uow) -> Result<int64_t> {
    bool created = false;
    SB_ASSIGN_OR_RETURN(int64_t id,
                        store::UserRepository(conn, clock, ids).EnsureUser(org, email, &created));
    if (!created) uow.NothingChanged();  // finding is no write
    return id;
  });
}

}  // namespace sb::services
