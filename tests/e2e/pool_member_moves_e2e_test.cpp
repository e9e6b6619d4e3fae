// PATCH and DELETE /api/v1/pools/{uuid}/contacts/{contact_uuid} end to end,
// plus auth and tenant isolation of every pool member route.
#include <gtest/gtest.h>

#include "e2e/pool_e2e_helpers.hpp"
#include "e2e/server_test_fixture.hpp"
#include "e2e/test_server.hpp"
#include "store/drivers/database.hpp"

namespace sb::testing {
namespace {

using V = std::vector<std::string>;

std::string Members(const std::string& pool) { return "/api/v1/pools/" + pool + "/contacts"; }
std::string Member(const std::string& pool, const std::string& contact) {
  return Members(pool) + "/" + contact;
}

class PoolMemberMovesE2E : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    pool_ = MakePool(server_, token_, "Leads");
    ann_ = MakeContact(server_, token_, "Ann", "+14155550101");
    auto added = server_.Post(Members(pool_), R"({"contact_uuids":[")" + ann_ + R"("]})", token_);
    ASSERT_EQ(added.status, 200) << added.body;
  }

  // Puts Ann in a status only the dialer can reach (it has no API yet), as a
  // worker holding her would leave it.
  void ForceStatus(const std::string& status) {
    auto conn = server_.database().Acquire();
    ASSERT_TRUE(conn.ok());
    auto changed = (*conn)->Exec(
        "UPDATE pool_items SET status = ?, retry_count = 2, started_at = ?, failed_at = ?,"
        " worker_id = 'w1', lease_expires_at = ?"
        " WHERE contact_id = (SELECT id FROM contacts WHERE uuid = ?)",
        {status, kTestNow - 60, kTestNow - 30, kTestNow + 300, ann_});
    ASSERT_TRUE(changed.ok());
    ASSERT_EQ(*changed, 1);
  }

  HttpResult PatchAnn(const std::string& body) {
    return server_.Patch(Member(pool_, ann_), body, token_);
  }

  std::string pool_;
  std::string ann_;
};

SB_INSTANTIATE_ENGINES(PoolMemberMovesE2E);

TEST_P(PoolMemberMovesE2E, PriorityAndNotes) {
  auto res = PatchAnn(R"({"priority":1000,"notes":"call after 5pm"})");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_STREQ(res.json["message"].GetString(), "Pool contact updated successfully");
  EXPECT_EQ(ToJson(res.data()),
            R"({"pool_uuid":")" + pool_ + R"(","contact_uuid":")" + ann_ +
                R"(","name":"Ann","phone_number":"+14155550101","email":null,)"
                R"("status":"Pending","priority":1000,"retry_count":0,"started_at":null,)"
                R"("completed_at":null,"failed_at":null,"next_retry_at":null,)"
                R"("notes":"call after 5pm","added_at":"2024-03-01T12:00:00Z"})");
  auto cleared = PatchAnn(R"({"notes":null})");
  ASSERT_EQ(cleared.status, 200);
  EXPECT_TRUE(cleared.data()["notes"].IsNull());
  EXPECT_EQ(cleared.data()["priority"].GetInt(), 1000);
  auto listed = server_.Get(Members(pool_), token_);
  EXPECT_EQ(listed.data()["data"][0]["priority"].GetInt(), 1000);
}

TEST_P(PoolMemberMovesE2E, Validation) {
  const std::string notes2001(2001, 'n');
  const struct {
    std::string body;
    const char* field;
  } cases[] = {
      {R"({"priority":1001})", "priority"},
      {R"({"priority":null})", "priority"},
      {R"({"priority":2.5})", "priority"},
      {R"({"notes":")" + notes2001 + R"("})", "notes"},
      {R"({"status":"Completed"})", "status"},
      {R"({"status":"Processing"})", "status"},
      {R"({"status":"In_Call"})", "status"},
      {R"({"status":"pending"})", "status"},
      {R"({"status":null})", "status"},
      {R"({"status":"Scheduled"})", "next_retry_at"},
      {R"({"status":"Scheduled","next_retry_at":"2024-03-01T12:00:00Z"})", "next_retry_at"},
      {R"({"status":"Scheduled","next_retry_at":"2024-02-01T00:00:00Z"})", "next_retry_at"},
      {R"({"status":"Scheduled","next_retry_at":"tomorrow"})", "next_retry_at"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.body.substr(0, 100));
    ExpectError(PatchAnn(c.body), 422, "VALIDATION_ERROR", c.field);
  }
  auto bad = PatchAnn(R"({"status":"Completed"})");
  std::string details = bad.json["error"]["details"].GetString();
  EXPECT_NE(details.find("Pending, Scheduled, Skipped"), std::string::npos) << details;
}

TEST_P(PoolMemberMovesE2E, ScheduleSkipAndRequeue) {
  auto scheduled =
      PatchAnn(R"({"status":"Scheduled","next_retry_at":"2024-03-01T15:30:00+01:00"})");
  ASSERT_EQ(scheduled.status, 200) << scheduled.body;
  EXPECT_STREQ(scheduled.data()["status"].GetString(), "Scheduled");
  EXPECT_STREQ(scheduled.data()["next_retry_at"].GetString(), "2024-03-01T14:30:00Z");

  auto skipped = PatchAnn(R"({"status":"Skipped","reason":"asked not to be called"})");
  ASSERT_EQ(skipped.status, 200) << skipped.body;
  EXPECT_STREQ(skipped.data()["status"].GetString(), "Skipped");
  EXPECT_TRUE(skipped.data()["next_retry_at"].IsNull());

  ForceStatus("Completed");
  auto requeued = PatchAnn(R"({"status":"Pending"})");
  ASSERT_EQ(requeued.status, 200) << requeued.body;
  const auto& d = requeued.data();
  EXPECT_STREQ(d["status"].GetString(), "Pending");
  EXPECT_EQ(d["retry_count"].GetInt(), 0);
  EXPECT_TRUE(d["started_at"].IsNull());
  EXPECT_TRUE(d["failed_at"].IsNull());
  EXPECT_TRUE(d["completed_at"].IsNull());
  EXPECT_TRUE(d["next_retry_at"].IsNull());
}

TEST_P(PoolMemberMovesE2E, HeldMemberIsAConflict) {
  for (const char* held : {"Processing", "In_Call"}) {
    ForceStatus(held);
    for (const char* body : {R"({"status":"Pending"})", R"({"status":"Skipped"})"}) {
      SCOPED_TRACE(std::string(held) + " " + body);
      auto res = PatchAnn(body);
      ExpectError(res, 409, "CONFLICT", "status");
      EXPECT_NE(std::string(res.json["message"].GetString()).find(held), std::string::npos)
          << res.body;
    }
    // Priority and notes alone do not disturb the worker.
    auto priority = PatchAnn(R"({"priority":3})");
    ASSERT_EQ(priority.status, 200) << priority.body;
    EXPECT_STREQ(priority.data()["status"].GetString(), held);
  }
}

TEST_P(PoolMemberMovesE2E, RemoveMember) {
  std::string bob = MakeContact(server_, token_, "Bob", "+14155550102");
  ExpectError(server_.Patch(Member(pool_, bob), R"({"priority":1})", token_), 404, "NOT_FOUND");
  ExpectError(server_.Delete(Member(pool_, bob), token_), 404, "NOT_FOUND");
  auto removed = server_.Delete(Member(pool_, ann_), token_);
  ASSERT_EQ(removed.status, 200) << removed.body;
  EXPECT_STREQ(removed.json["message"].GetString(), "Contact removed from pool successfully");
  EXPECT_TRUE(removed.data().IsNull());
  ExpectError(server_.Delete(Member(pool_, ann_), token_), 404, "NOT_FOUND");
  EXPECT_EQ(server_.Get(Members(pool_), token_).data()["total"].GetInt(), 0);
  EXPECT_EQ(server_.Get("/api/v1/contacts/" + ann_, token_).status, 200);
}

TEST_P(PoolMemberMovesE2E, UnknownPoolIs404) {
  const std::string pool = "00000000-0000-7000-8000-0000000000ff";
  ExpectError(server_.Get(Members(pool), token_), 404, "NOT_FOUND");
  ExpectError(server_.Post(Members(pool), R"({"contact_uuids":[")" + ann_ + R"("]})", token_), 404,
              "NOT_FOUND");
  ExpectError(server_.Patch(Member(pool, ann_), R"({"priority":1})", token_), 404, "NOT_FOUND");
  ExpectError(server_.Delete(Member(pool, ann_), token_), 404, "NOT_FOUND");
}

TEST_P(PoolMemberMovesE2E, RequiresAuth) {
  ExpectError(server_.Get(Members(pool_)), 401, "MISSING_AUTH_TOKEN");
  ExpectError(server_.Post(Members(pool_), "{}"), 401, "MISSING_AUTH_TOKEN");
  ExpectError(server_.Patch(Member(pool_, ann_), "{}"), 401, "MISSING_AUTH_TOKEN");
  ExpectError(server_.Delete(Member(pool_, ann_)), 401, "MISSING_AUTH_TOKEN");
  ExpectError(server_.Get(Members(pool_), "sb_wrong"), 401, "INVALID_AUTH_TOKEN");
}

TEST_P(PoolMemberMovesE2E, AnotherOrganizationSeesNothing) {
  std::string globex = server_.CreateToken("Globex", "ops@globex.example");
  ExpectError(server_.Get(Members(pool_), globex), 404, "NOT_FOUND");
  ExpectError(server_.Post(Members(pool_), R"({"contact_uuids":[")" + ann_ + R"("]})", globex), 404,
              "NOT_FOUND");
  ExpectError(server_.Patch(Member(pool_, ann_), R"({"status":"Skipped"})", globex), 404,
              "NOT_FOUND");
  ExpectError(server_.Delete(Member(pool_, ann_), globex), 404, "NOT_FOUND");
  // Their own pool cannot take our contact either.
  std::string theirs = MakePool(server_, globex, "Theirs");
  ExpectError(server_.Post(Members(theirs), R"({"contact_uuids":[")" + ann_ + R"("]})", globex),
              422, "VALIDATION_ERROR", "contact_uuids");
  ExpectError(server_.Patch(Member(theirs, ann_), R"({"priority":1})", globex), 404, "NOT_FOUND");
  auto list = server_.Get(Members(theirs), globex);
  EXPECT_EQ(list.data()["total"].GetInt(), 0);
  EXPECT_EQ(list.data()["data"].Size(), 0u);
  auto ours = server_.Get(Members(pool_), token_);
  EXPECT_STREQ(ours.data()["data"][0]["status"].GetString(), "Pending");
}

TEST_P(PoolMemberMovesE2E, DuplicateWithContactsResetsMembers) {
  std::string bob = MakeContact(server_, token_, "Bob", "+14155550102");
  ASSERT_EQ(server_.Post(Members(pool_), R"({"contact_uuids":[")" + bob + R"("]})", token_).status,
            200);
  ASSERT_EQ(PatchAnn(R"({"status":"Scheduled","next_retry_at":"2024-03-02T00:00:00Z",)"
                     R"("priority":5})")
                .status,
            200);
  ForceStatus("Failed");
  auto copy = server_.Post("/api/v1/pools/" + pool_ + "/duplicate",
                           R"({"name":"Retry all","copy_contacts":true})", token_);
  ASSERT_EQ(copy.status, 201) << copy.body;
  auto list = server_.Get(Members(copy.data()["uuid"].GetString()), token_);
  ASSERT_EQ(list.status, 200);
  const auto& rows = list.data()["data"];
  EXPECT_EQ(Strings(rows, "contact_uuid"), (V{ann_, bob}));
  for (const auto& row : rows.GetArray()) {
    EXPECT_STREQ(row["status"].GetString(), "Pending");
    EXPECT_EQ(row["retry_count"].GetInt(), 0);
    EXPECT_TRUE(row["started_at"].IsNull());
    EXPECT_TRUE(row["failed_at"].IsNull());
    EXPECT_TRUE(row["next_retry_at"].IsNull());
  }
  EXPECT_EQ(rows[0]["priority"].GetInt(), 5);
  // The source pool is untouched.
  auto source = server_.Get(Members(pool_) + "?status=Failed", token_);
  EXPECT_EQ(Strings(source.data()["data"], "contact_uuid"), (V{ann_}));
}

}  // namespace
}  // namespace sb::testing
