// /api/v1/pools/{uuid}/contacts (seed 000) end to end.
#include <gtest/gtest.h>

#include "e2e/pool_e2e_helpers.hpp"
#include "e2e/server_test_fixture.hpp"
#include "e2e/test_server.hpp"

namespace sb::testing {
namespace {

using V = std::vector<std::string>;

std::string Members(const std::string& pool) { return "/api/v1/pools/" + pool + "/contacts"; }
std::string Member(const std::string& pool, const std::string& contact) {
  return Members(pool) + "/" + contact;
}

HttpResult AddAll(TestServer& server, const std::string& token, const std::string& pool,
                  const V& contacts, const std::string& extra = "") {
  return server.Post(
      Members(pool),
      R"({"contact_uuids":)" + JsonArray(contacts) + (extra.empty() ? "" : ",") + extra + "}",
      token);
}

class PoolMembersE2E : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    pool_ = MakePool(server_, token_, "Leads");
  }
  std::string pool_;
};

SB_INSTANTIATE_ENGINES(PoolMembersE2E);

TEST_P(PoolMembersE2E, EmptyPoolListsNothing) {
  auto res = server_.Get(Members(pool_), token_);
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_STREQ(res.json["message"].GetString(), "Pool contacts retrieved successfully");
  EXPECT_EQ(ToJson(res.data()), R"({"pool_uuid":")" + pool_ +
                                    R"(","current_page":1,"last_page":1,"per_page":25,)"
                                    R"("total":0,"data":[]})");
}

TEST_P(PoolMembersE2E, AddAndListExactShape) {
  std::string ann =
      MakeContact(server_, token_, "Ann", "+14155550101", R"("email":"ann@example.com")");
  std::string bob = MakeContact(server_, token_, "Bob", "+14155550102");
  auto added = AddAll(server_, token_, pool_, {ann});
  ASSERT_EQ(added.status, 200) << added.body;
  EXPECT_STREQ(added.json["message"].GetString(), "Contacts added to pool successfully");
  EXPECT_EQ(ToJson(added.data()), R"({"pool_uuid":")" + pool_ +
                                      R"(","contacts_added":1,"contacts_skipped":0,)"
                                      R"("contact_uuids_not_found":[]})");

  server_.clock().Advance(60);
  auto again = AddAll(server_, token_, pool_, {bob, ann}, R"("priority":-1000)");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.data()["contacts_added"].GetInt(), 1);
  EXPECT_EQ(again.data()["contacts_skipped"].GetInt(), 1);

  auto list = server_.Get(Members(pool_), token_);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(ToJson(list.data()),
            R"({"pool_uuid":")" + pool_ +
                R"(","current_page":1,"last_page":1,"per_page":25,"total":2,"data":[)"
                R"({"contact_uuid":")" +
                ann +
                R"(","name":"Ann","phone_number":"+14155550101","email":"ann@example.com",)"
                R"("status":"Pending","priority":0,"retry_count":0,"started_at":null,)"
                R"("completed_at":null,"failed_at":null,"next_retry_at":null,"notes":null,)"
                R"("added_at":"2024-03-01T12:00:00Z"},)"
                R"({"contact_uuid":")" +
                bob +
                R"(","name":"Bob","phone_number":"+14155550102","email":null,)"
                R"("status":"Pending","priority":-1000,"retry_count":0,"started_at":null,)"
                R"("completed_at":null,"failed_at":null,"next_retry_at":null,"notes":null,)"
                R"("added_at":"2024-03-01T12:01:00Z"}]})");
  EXPECT_EQ(server_.Get("/api/v1/pools/" + pool_, token_).data()["contacts_count"].GetInt(), 2);
}

TEST_P(PoolMembersE2E, AddValidation) {
  std::string ann = MakeContact(server_, token_, "Ann", "+14155550101");
  V many(1001, ann);
  const struct {
    std::string body;
    const char* field;
  } cases[] = {
      {"{}", "contact_uuids"},
      {R"({"contact_uuids":[]})", "contact_uuids"},
      {R"({"contact_uuids":"x"})", "contact_uuids"},
      {R"({"contact_uuids":)" + JsonArray(many) + "}", "contact_uuids"},
      {R"({"contact_uuids":["not-a-uuid"]})", "contact_uuids.0"},
      {R"({"contact_uuids":[")" + ann + R"("],"priority":1001})", "priority"},
      {R"({"contact_uuids":[")" + ann + R"("],"priority":-1001})", "priority"},
      {R"({"contact_uuids":[")" + ann + R"("],"priority":"1"})", "priority"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.body.substr(0, 100));
    ExpectError(server_.Post(Members(pool_), c.body, token_), 422, "VALIDATION_ERROR", c.field);
  }
  EXPECT_EQ(AddAll(server_, token_, pool_, V(1000, ann)).data()["contacts_skipped"].GetInt(), 999);
}

TEST_P(PoolMembersE2E, AddIsAllOrNothing) {
  std::string ann = MakeContact(server_, token_, "Ann", "+14155550101");
  std::string globex = server_.CreateToken("Globex", "ops@globex.example");
  std::string foreign = MakeContact(server_, globex, "Eve", "+14155550199");
  const std::string unknown = "00000000-0000-7000-8000-0000000000aa";
  auto res = AddAll(server_, token_, pool_, {ann, foreign, unknown});
  ExpectError(res, 422, "VALIDATION_ERROR", "contact_uuids");
  std::string details = res.json["error"]["details"].GetString();
  EXPECT_NE(details.find(foreign), std::string::npos) << details;
  EXPECT_NE(details.find(unknown), std::string::npos) << details;
  EXPECT_EQ(details.find(ann), std::string::npos) << details;
  EXPECT_EQ(server_.Get(Members(pool_), token_).data()["total"].GetInt(), 0);
}

TEST_P(PoolMembersE2E, PaginatorFirstMiddleLastAndPastTheEnd) {
  V contacts;
  for (int i = 0; i < 7; ++i) {
    contacts.push_back(
        MakeContact(server_, token_, "C" + std::to_string(i), "+1415555020" + std::to_string(i)));
  }
  ASSERT_EQ(AddAll(server_, token_, pool_, contacts).status, 200);
  const struct {
    int page;
    V expected;
  } pages[] = {
      {1, {contacts[0], contacts[1], contacts[2]}},
      {2, {contacts[3], contacts[4], contacts[5]}},
      {3, {contacts[6]}},
      {4, {}},
  };
  for (const auto& p : pages) {
    SCOPED_TRACE(p.page);
    auto res = server_.Get(Members(pool_) + "?per_page=3&page=" + std::to_string(p.page), token_);
    ASSERT_EQ(res.status, 200) << res.body;
    EXPECT_STREQ(res.data()["pool_uuid"].GetString(), pool_.c_str());
    EXPECT_EQ(res.data()["current_page"].GetInt(), p.page);
    EXPECT_EQ(res.data()["last_page"].GetInt(), 3);
    EXPECT_EQ(res.data()["per_page"].GetInt(), 3);
    EXPECT_EQ(res.data()["total"].GetInt(), 7);
    EXPECT_EQ(Strings(res.data()["data"], "contact_uuid"), p.expected);
  }
  auto all = server_.Get(Members(pool_) + "?per_page=100", token_);
  EXPECT_EQ(Strings(all.data()["data"], "contact_uuid"), contacts);
  ExpectError(server_.Get(Members(pool_) + "?per_page=101", token_), 422, "VALIDATION_ERROR",
              "per_page");
  ExpectError(server_.Get(Members(pool_) + "?page=0", token_), 422, "VALIDATION_ERROR", "page");
  EXPECT_EQ(server_.Get(Members(pool_) + "?foo=bar", token_).status, 200);
}

TEST_P(PoolMembersE2E, SearchAndStatusFilters) {
  std::string anna = MakeContact(server_, token_, "Anna", "+14155550101",
                                 R"("surname":"Schmidt","email":"anna@example.com")");
  std::string bob = MakeContact(server_, token_, "Bob", "+14155550102",
                                R"("surname":"Jones","email":"bob@work.example")");
  std::string carla = MakeContact(server_, token_, "Carla", "+442071234567");
  std::string dan = MakeContact(server_, token_, "Dan", "+14155550104",
                                R"("surname":"O'Brien","email":"dan_x@example.com")");
  MakeContact(server_, token_, "Annabel", "+14155550105");  // not a member
  ASSERT_EQ(AddAll(server_, token_, pool_, {anna, bob, carla, dan}).status, 200);
  ASSERT_EQ(server_.Patch(Member(pool_, bob), R"({"status":"Skipped"})", token_).status, 200);
  ASSERT_EQ(server_
                .Patch(Member(pool_, dan),
                       R"({"status":"Scheduled","next_retry_at":"2024-03-02T09:00:00Z"})", token_)
                .status,
            200);
  const struct {
    std::string query;
    V expected;
  } cases[] = {
      {"", {anna, bob, carla, dan}},
      {"status=Pending", {anna, carla}},
      {"status=Skipped", {bob}},
      {"status=Scheduled", {dan}},
      {"status=Completed", {}},
      {"search=ANN", {anna}},
      {"search=schmi", {anna}},
      {"search=example.com", {anna, dan}},
      {"search=5550102", {bob}},
      {"search=%2B44", {carla}},
      {"search=o'b", {dan}},
      {"search=an", {anna, dan}},
      {"search=_", {dan}},
      {"search=example&status=Scheduled", {dan}},
      {"search=zzz", {}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.query);
    auto res = server_.Get(Members(pool_) + "?" + c.query, token_);
    ASSERT_EQ(res.status, 200) << res.body;
    EXPECT_EQ(Strings(res.data()["data"], "contact_uuid"), c.expected);
    EXPECT_EQ(res.data()["total"].GetInt64(), static_cast<int64_t>(c.expected.size()));
  }
  ExpectError(server_.Get(Members(pool_) + "?status=pending", token_), 422, "VALIDATION_ERROR",
              "status");
  ExpectError(server_.Get(Members(pool_) + "?status=Bogus", token_), 422, "VALIDATION_ERROR",
              "status");
}

TEST_P(PoolMembersE2E, CachedTotalFollowsWrites) {
  std::string ann = MakeContact(server_, token_, "Ann", "+14155550101");
  std::string bob = MakeContact(server_, token_, "Bob", "+14155550102");
  EXPECT_EQ(server_.Get(Members(pool_) + "?status=Pending", token_).data()["total"].GetInt(), 0);
  ASSERT_EQ(AddAll(server_, token_, pool_, {ann, bob}).status, 200);
  EXPECT_EQ(server_.Get(Members(pool_) + "?status=Pending", token_).data()["total"].GetInt(), 2);
  ASSERT_EQ(server_.Patch(Member(pool_, ann), R"({"status":"Skipped"})", token_).status, 200);
  EXPECT_EQ(server_.Get(Members(pool_) + "?status=Pending", token_).data()["total"].GetInt(), 1);
  ASSERT_EQ(server_.Delete(Member(pool_, bob), token_).status, 200);
  EXPECT_EQ(server_.Get(Members(pool_) + "?status=Pending", token_).data()["total"].GetInt(), 0);
}

}  // namespace
}  // namespace sb::testing
