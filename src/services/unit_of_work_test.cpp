#include "services/unit_of_work.hpp"

#include <gtest/gtest.h>

#include "store/drivers/commit_group.hpp"
#include "store/repositories/store_util.hpp"
#include "store/repositories/tag_repository.hpp"
#include "store/repositories/webhook_test_fixture.hpp"

namespace sb::services {
namespace {

class UnitOfWorkTest : public store::WebhookStoreTest {
 protected:
  int64_t Generation() { return *store::CurrentGeneration(*conn_, org_); }
  int64_t Tags() { return Count("SELECT COUNT(*) FROM tags WHERE organization_id = ?", {org_}); }
};

TEST_P(UnitOfWorkTest, BumpsTheGenerationOnceForAUseCaseThatWritesManyRows) {
  const int64_t before = Generation();
  store::TagRepository tags(*conn_, clock_, ids_);
  Status st = services::InUnitOfWork(*conn_, org_, clock_, ids_, [&]() -> Status {
    for (const char* name : {"a", "b", "c", "d"}) SB_RETURN_IF_ERROR(tags.Create(org_, name));
    return tags.Rename(org_, tags.List(org_)->front().uuid, "z").ok()
               ? OkStatus()
               : Error::Internal("rename failed");
  });
  ASSERT_TRUE(st.ok()) << st.error().details();
  EXPECT_EQ(Tags(), 4);
  EXPECT_EQ(Generation(), before + 1);
}

TEST_P(UnitOfWorkTest, AFailureBumpsNothingWritesNothingAndEmitsNothing) {
  Subscribe(org_, {"*"});
  const int64_t before = Generation();
  store::TagRepository tags(*conn_, clock_, ids_);
  Result<int> out =
      services::InUnitOfWork(*conn_, org_, clock_, ids_, [&](UnitOfWork& uow) -> Result<int> {
        SB_RETURN_IF_ERROR(tags.Create(org_, "a"));
        SB_RETURN_IF_ERROR(uow.outbox().Emit("contact.created", "{}"));
        return Error::Conflict("the use case said no");
      });
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(Tags(), 0);
  EXPECT_EQ(Events(), 0);
  EXPECT_EQ(Deliveries(), 0);
  EXPECT_EQ(Generation(), before);
}

TEST_P(UnitOfWorkTest, ItsEventsAreInTheOutboxOnceItCommits) {
  Subscribe(org_, {"contact.created"});
  Result<int> out =
      services::InUnitOfWork(*conn_, org_, clock_, ids_, [&](UnitOfWork& uow) -> Result<int> {
        SB_RETURN_IF_ERROR(uow.outbox().Emit("contact.created", R"({"contact":{}})"));
        SB_RETURN_IF_ERROR(uow.outbox().Emit("contact.deleted", "{}"));  // nobody listens
        return 7;
      });
  ASSERT_TRUE(out.ok()) << out.error().details();
  EXPECT_EQ(*out, 7);
  EXPECT_EQ(Events("contact.created"), 1);
  EXPECT_EQ(Events(), 1);
  EXPECT_EQ(Deliveries(), 1);
}

TEST_P(UnitOfWorkTest, InsideAGroupCommitEachWorkBumpsOnceAndAFailingOneNothing) {
  const int64_t before = Generation();
  db::CommitGroup group(*db_);
  conn_.reset();  // the group borrows its own connection
  auto work = [&](const std::string& name, bool fail) {
    return [&, name, fail](db::Connection& c) -> Status {
      store::TagRepository tags(c, clock_, ids_);
      return services::InUnitOfWork(c, org_, clock_, ids_, [&]() -> Status {
        SB_RETURN_IF_ERROR(tags.Create(org_, name));
        SB_RETURN_IF_ERROR(tags.Create(org_, name + "2"));
        return fail ? Error::Conflict("no") : OkStatus();
      });
    };
  };
  EXPECT_TRUE(group.Run(work("a", false)).ok());
  EXPECT_FALSE(group.Run(work("b", true)).ok());
  EXPECT_TRUE(group.Run(work("c", false)).ok());
  conn_ = std::move(db_->Acquire()).value();
  EXPECT_EQ(Tags(), 4);
  EXPECT_EQ(Generation(), before + 2);
}

SB_INSTANTIATE_ENGINES(UnitOfWorkTest);

}  // namespace
}  // namespace sb::services
