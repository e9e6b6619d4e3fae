#include "store/repositories/pipeline_repository.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

#include "store/repositories/store_test_fixture.hpp"
#include "store/repositories/token_repository.hpp"

namespace sb::store {
namespace {

class PipelineRepositoryTest : public StoreTest {
 protected:
  static std::vector<std::string> Names(const domain::Pipeline& p) {
    std::vector<std::string> out;
    for (const auto& s : p.stages) out.push_back(s.name);
    return out;
  }
};

SB_INSTANTIATE_ENGINES(PipelineRepositoryTest);

TEST_P(PipelineRepositoryTest, CreateKeepsStageOrderWithOneBasedPositions) {
  PipelineRepository repo(*conn_, clock_, ids_);
  auto p = repo.Create(org_, "Sales", {{std::nullopt, "Lead"}, {std::nullopt, "Won"}});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->name, "Sales");
  ASSERT_EQ(p->stages.size(), 2u);
  EXPECT_EQ(p->stages[0].name, "Lead");
  EXPECT_EQ(p->stages[0].position, 1);
  EXPECT_EQ(p->stages[1].name, "Won");
  EXPECT_EQ(p->stages[1].position, 2);
  EXPECT_EQ(p->created_at, 1709294400);
}

TEST_P(PipelineRepositoryTest, ListIsByNameAndScopedToTheOrganization) {
  PipelineRepository repo(*conn_, clock_, ids_);
  ASSERT_TRUE(repo.Create(org_, "Zeta", {{std::nullopt, "A"}}).ok());
  ASSERT_TRUE(repo.Create(org_, "Alpha", {{std::nullopt, "B"}, {std::nullopt, "C"}}).ok());
  ASSERT_TRUE(repo.Create(other_org_, "Other", {{std::nullopt, "X"}}).ok());
  auto list = repo.List(org_);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].name, "Alpha");
  EXPECT_EQ(Names((*list)[0]), (std::vector<std::string>{"B", "C"}));
  EXPECT_EQ((*list)[1].name, "Zeta");
  EXPECT_EQ(Names((*list)[1]), (std::vector<std::string>{"A"}));
}

TEST_P(PipelineRepositoryTest, UpdateKeepsMatchedStagesCreatesNewAndDeletesMissing) {
  PipelineRepository repo(*conn_, clock_, ids_);
  auto p = repo.Create(org_, "Sales",
                       {{std::nullopt, "Lead"}, {std::nullopt, "Call"}, {std::nullopt, "Won"}});
  ASSERT_TRUE(p.ok());
  std::string lead = p->stages[0].uuid, call = p->stages[1].uuid, won = p->stages[2].uuid;
  // A contact at "Call" (which is about to go) and one at "Won" (which stays).
  const std::string c1 = ids_.NewUuid(), c2 = ids_.NewUuid();
  const db::Timestamp t0{0};
  ASSERT_TRUE(conn_
                  ->Exec("INSERT INTO contacts (organization_id, uuid, name, stage_id, created_at,"
                         " updated_at) VALUES (?, ?, 'A', ?, ?, ?), (?, ?, 'B', ?, ?, ?)",
                         {org_, c1, p->stages[1].id, t0, t0, org_, c2, p->stages[2].id, t0, t0})
                  .ok());
  clock_.Advance(60);
  auto updated = repo.Update(
      org_, p->uuid, std::string("Pipeline"),
      std::vector<domain::StageInput>{{won, "Closed"}, {std::nullopt, "New"}, {lead, "Lead"}});
  ASSERT_TRUE(updated.ok()) << updated.error().details();
  EXPECT_EQ(updated->name, "Pipeline");
  EXPECT_EQ(updated->updated_at, 1709294460);
  ASSERT_EQ(updated->stages.size(), 3u);
  EXPECT_EQ(updated->stages[0].uuid, won);
  EXPECT_EQ(updated->stages[0].name, "Closed");
  EXPECT_EQ(updated->stages[0].position, 1);
  EXPECT_EQ(updated->stages[1].name, "New");
  EXPECT_NE(updated->stages[1].uuid, call);
  EXPECT_EQ(updated->stages[1].position, 2);
  EXPECT_EQ(updated->stages[2].uuid, lead);
  EXPECT_EQ(updated->stages[2].position, 3);

  auto stage_of = [&](const std::string& contact) {
    return *conn_->QueryInt("SELECT stage_id FROM contacts WHERE uuid = ?", {contact});
  };
  EXPECT_EQ(stage_of(c1), std::nullopt);
  EXPECT_EQ(stage_of(c2), p->stages[2].id);
}

TEST_P(PipelineRepositoryTest, UpdateRejectsAForeignStageUuidAndChangesNothing) {
  PipelineRepository repo(*conn_, clock_, ids_);
  auto a = repo.Create(org_, "A", {{std::nullopt, "One"}});
  auto b = repo.Create(org_, "B", {{std::nullopt, "Two"}});
  ASSERT_TRUE(a.ok() && b.ok());
  auto bad =
      repo.Update(org_, a->uuid, std::string("Renamed"),
                  std::vector<domain::StageInput>{{std::nullopt, "X"}, {b->stages[0].uuid, "Two"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), ErrorCode::kValidation);
  EXPECT_EQ(bad.error().field(), "stages.1.uuid");
  auto again = repo.Get(org_, a->uuid);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->name, "A");
  EXPECT_EQ(Names(*again), (std::vector<std::string>{"One"}));
}

TEST_P(PipelineRepositoryTest, AnotherOrganizationGetsNotFound) {
  PipelineRepository repo(*conn_, clock_, ids_);
  auto p = repo.Create(org_, "Sales", {{std::nullopt, "Lead"}});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(repo.Get(other_org_, p->uuid).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(repo.Update(other_org_, p->uuid, std::string("X"), std::nullopt).error().code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(repo.Delete(other_org_, p->uuid).error().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(repo.Get(org_, p->uuid).ok());
}

TEST_P(PipelineRepositoryTest, DeleteRemovesStagesAndBumpsTheGeneration) {
  PipelineRepository repo(*conn_, clock_, ids_);
  auto p = repo.Create(org_, "Sales", {{std::nullopt, "Lead"}, {std::nullopt, "Won"}});
  ASSERT_TRUE(p.ok());
  auto before = *conn_->QueryInt("SELECT write_generation FROM organizations WHERE id = ?", {org_});
  ASSERT_TRUE(InUnitOfWork([&] { return repo.Delete(org_, p->uuid); }).ok());
  EXPECT_EQ(repo.Get(org_, p->uuid).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(
      *conn_->QueryInt("SELECT COUNT(*) FROM pipeline_stages WHERE organization_id = ?", {org_}),
      0);
  EXPECT_EQ(*conn_->QueryInt("SELECT write_generation FROM organizations WHERE id = ?", {org_}),
            *before + 1);
}

}  // namespace
}  // namespace sb::store
