// /api/v1/pools end to end.
#include <gtest/gtest.h>

#include "e2e/pool_e2e_helpers.hpp"
#include "e2e/test_server.hpp"
#include "support/engine_test.hpp"

namespace sb::testing {
namespace {

using V = std::vector<std::string>;

SB_INSTANTIATE_ENGINES(PoolsE2E);

TEST_P(PoolsE2E, CreateAppliesDefaults) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  auto res = server.Post("/api/v1/pools", R"({"name":"Leads","description":""})", token);
  ASSERT_EQ(res.status, 201) << res.body;
  EXPECT_TRUE(res.json["success"].GetBool());
  EXPECT_STREQ(res.json["message"].GetString(), "Pool created successfully");
  std::string uuid = res.data()["uuid"].GetString();
  EXPECT_EQ(ToJson(res.data()),
            R"({"uuid":")" + uuid +
                R"(","name":"Leads","description":"","type":"FIFO","max_parallel_items":10,)"
                R"("max_retries":3,"is_active":true,"contacts_count":0,)"
                R"("created_at":"2024-03-01T12:00:00Z","updated_at":"2024-03-01T12:00:00Z"})");
}

TEST_P(PoolsE2E, CreateWithEveryFieldIgnoringReadOnlyOnes) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  auto res = server.Post("/api/v1/pools",
                         R"({"name":"Hot","description":"call today","type":"Parallel",)"
                         R"("max_parallel_items":100,"max_retries":0,"is_active":false,)"
                         R"("uuid":"00000000-0000-7000-8000-000000000001","contacts_count":9,)"
                         R"("created_at":"2020-01-01T00:00:00Z"})",
                         token);
  ASSERT_EQ(res.status, 201) << res.body;
  const auto& d = res.data();
  EXPECT_STRNE(d["uuid"].GetString(), "00000000-0000-7000-8000-000000000001");
  EXPECT_STREQ(d["description"].GetString(), "call today");
  EXPECT_STREQ(d["type"].GetString(), "Parallel");
  EXPECT_EQ(d["max_parallel_items"].GetInt(), 100);
  EXPECT_EQ(d["max_retries"].GetInt(), 0);
  EXPECT_FALSE(d["is_active"].GetBool());
  EXPECT_EQ(d["contacts_count"].GetInt(), 0);
  EXPECT_STREQ(d["created_at"].GetString(), "2024-03-01T12:00:00Z");
}

TEST_P(PoolsE2E, CreateValidationNamesTheField) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  const std::string n255(255, 'n');
  const std::string d1000(1000, 'd');
  const struct {
    std::string body;
    const char* field;  // nullptr: accepted
  } cases[] = {
      {R"({"description":""})", "name"},
      {R"({"name":null,"description":""})", "name"},
      {R"({"name":"ab","description":""})", "name"},
      {R"({"name":")" + n255 + R"(n","description":""})", "name"},
      {R"({"name":42,"description":""})", "name"},
      {R"({"name":"Leads"})", "description"},
      {R"({"name":"Leads","description":")" + d1000 + R"(d"})", "description"},
      {R"({"name":"Leads","description":"","type":"fifo"})", "type"},
      {R"({"name":"Leads","description":"","max_parallel_items":0})", "max_parallel_items"},
      {R"({"name":"Leads","description":"","max_parallel_items":101})", "max_parallel_items"},
      {R"({"name":"Leads","description":"","max_parallel_items":"5"})", "max_parallel_items"},
      {R"({"name":"Leads","description":"","max_retries":-1})", "max_retries"},
      {R"({"name":"Leads","description":"","max_retries":101})", "max_retries"},
      {R"({"name":"Leads","description":"","is_active":"yes"})", "is_active"},
      {R"({"name":"abc","description":""})", nullptr},
      {R"({"name":")" + n255 + R"(","description":")" + d1000 + R"("})", nullptr},
      {R"({"name":"Leads","description":"","type":"LIFO","max_parallel_items":1,)"
       R"("max_retries":100,"is_active":true})",
       nullptr},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.body.substr(0, 120));
    auto res = server.Post("/api/v1/pools", c.body, token);
    if (c.field) {
      ExpectError(res, 422, "VALIDATION_ERROR", c.field);
    } else {
      EXPECT_EQ(res.status, 201) << res.body;
    }
  }
  ExpectError(server.Post("/api/v1/pools", R"({"name":)", token), 400, "MALFORMED_JSON");
}

TEST_P(PoolsE2E, GetUpdateDelete) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  std::string uuid = MakePool(server, token, "Leads", R"("type":"LIFO","max_retries":5)");
  std::string path = "/api/v1/pools/" + uuid;

  auto got = server.Get(path, token);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_STREQ(got.json["message"].GetString(), "Pool retrieved successfully");
  EXPECT_STREQ(got.data()["name"].GetString(), "Leads");

  server.clock().Advance(90);
  auto updated = server.Put(path, R"({"is_active":false,"description":"cold"})", token);
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_STREQ(updated.json["message"].GetString(), "Pool updated successfully");
  EXPECT_EQ(ToJson(updated.data()),
            R"({"uuid":")" + uuid +
                R"(","name":"Leads","description":"cold","type":"LIFO","max_parallel_items":10,)"
                R"("max_retries":5,"is_active":false,"contacts_count":0,)"
                R"("created_at":"2024-03-01T12:00:00Z","updated_at":"2024-03-01T12:01:30Z"})");

  auto renamed =
      server.Put(path, R"({"name":"Warm","type":"Parallel","max_parallel_items":3})", token);
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_STREQ(renamed.data()["name"].GetString(), "Warm");
  EXPECT_STREQ(renamed.data()["type"].GetString(), "Parallel");
  EXPECT_EQ(renamed.data()["max_parallel_items"].GetInt(), 3);
  EXPECT_STREQ(renamed.data()["description"].GetString(), "cold");

  const struct {
    const char* body;
    const char* field;
  } bad[] = {
      {R"({"name":"ab"})", "name"},
      {R"({"name":null})", "name"},
      {R"({"description":null})", "description"},
      {R"({"type":"Random"})", "type"},
      {R"({"max_parallel_items":0})", "max_parallel_items"},
      {R"({"max_retries":null})", "max_retries"},
      {R"({"is_active":1})", "is_active"},
  };
  for (const auto& c : bad) {
    SCOPED_TRACE(c.body);
    ExpectError(server.Put(path, c.body, token), 422, "VALIDATION_ERROR", c.field);
  }
  EXPECT_STREQ(server.Get(path, token).data()["name"].GetString(), "Warm");  // unchanged

  auto deleted = server.Delete(path, token);
  ASSERT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_STREQ(deleted.json["message"].GetString(), "Pool deleted successfully");
  EXPECT_TRUE(deleted.data().IsNull());
  ExpectError(server.Get(path, token), 404, "NOT_FOUND");
  ExpectError(server.Delete(path, token), 404, "NOT_FOUND");
}

TEST_P(PoolsE2E, UnknownPoolIs404) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  const std::string path = "/api/v1/pools/00000000-0000-7000-8000-0000000000ff";
  ExpectError(server.Get(path, token), 404, "NOT_FOUND");
  ExpectError(server.Put(path, R"({"name":"Leads"})", token), 404, "NOT_FOUND");
  ExpectError(server.Delete(path, token), 404, "NOT_FOUND");
  ExpectError(server.Post(path + "/duplicate", R"({"name":"Copy"})", token), 404, "NOT_FOUND");
  ExpectError(server.Get("/api/v1/pools/not-a-uuid", token), 404, "NOT_FOUND");
}

TEST_P(PoolsE2E, ListPaginatesNewestFirst) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  V names;
  for (int i = 1; i <= 17; ++i) {
    std::string name = "Pool " + std::to_string(100 + i);
    MakePool(server, token, name);
    names.insert(names.begin(), name);  // newest first
  }
  auto first = server.Get("/api/v1/pools", token);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_STREQ(first.json["message"].GetString(), "Pools retrieved successfully");
  const auto& d = first.data();
  EXPECT_EQ(d.MemberCount(), 5u);
  EXPECT_EQ(d["current_page"].GetInt(), 1);
  EXPECT_EQ(d["last_page"].GetInt(), 2);
  EXPECT_EQ(d["per_page"].GetInt(), 15);
  EXPECT_EQ(d["total"].GetInt(), 17);
  EXPECT_EQ(Strings(d["data"], "name"), V(names.begin(), names.begin() + 15));

  auto second = server.Get("/api/v1/pools?page=2", token);
  EXPECT_EQ(Strings(second.data()["data"], "name"), V(names.begin() + 15, names.end()));
  auto past = server.Get("/api/v1/pools?page=3", token);
  EXPECT_EQ(past.data()["current_page"].GetInt(), 3);
  EXPECT_EQ(past.data()["total"].GetInt(), 17);
  EXPECT_EQ(past.data()["data"].Size(), 0u);
  auto small = server.Get("/api/v1/pools?per_page=4&page=2", token);
  EXPECT_EQ(small.data()["last_page"].GetInt(), 5);
  EXPECT_EQ(Strings(small.data()["data"], "name"), V(names.begin() + 4, names.begin() + 8));
  EXPECT_EQ(server.Get("/api/v1/pools?per_page=100", token).data()["data"].Size(), 17u);

  // The cached total follows writes.
  MakePool(server, token, "Newest");
  auto after = server.Get("/api/v1/pools", token);
  EXPECT_EQ(after.data()["total"].GetInt(), 18);
  EXPECT_STREQ(after.data()["data"][0]["name"].GetString(), "Newest");

  ExpectError(server.Get("/api/v1/pools?per_page=101", token), 422, "VALIDATION_ERROR", "per_page");
  ExpectError(server.Get("/api/v1/pools?per_page=0", token), 422, "VALIDATION_ERROR", "per_page");
  ExpectError(server.Get("/api/v1/pools?page=0", token), 422, "VALIDATION_ERROR", "page");
  ExpectError(server.Get("/api/v1/pools?page=x", token), 422, "VALIDATION_ERROR", "page");
  EXPECT_EQ(server.Get("/api/v1/pools?unknown=1", token).status, 200);
}

TEST_P(PoolsE2E, ListFilters) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  MakePool(server, token, "Alpha leads", R"("type":"FIFO")");
  MakePool(server, token, "Beta", R"("type":"LIFO")");
  MakePool(server, token, "alpha_2", R"("type":"Parallel","is_active":false)");
  MakePool(server, token, "Gamma 100%", R"("type":"FIFO","is_active":false)");
  auto names = [&](const std::string& query) {
    auto res = server.Get("/api/v1/pools?" + query, token);
    EXPECT_EQ(res.status, 200) << res.body;
    EXPECT_EQ(res.data()["total"].GetInt64(), static_cast<int64_t>(res.data()["data"].Size()));
    return Strings(res.data()["data"], "name");
  };
  EXPECT_EQ(names(""), (V{"Gamma 100%", "alpha_2", "Beta", "Alpha leads"}));
  EXPECT_EQ(names("search=ALPHA"), (V{"alpha_2", "Alpha leads"}));
  EXPECT_EQ(names("search=a_"), (V{"alpha_2"}));
  EXPECT_EQ(names("search=0%25"), (V{"Gamma 100%"}));
  EXPECT_EQ(names("search=zzz"), V{});
  EXPECT_EQ(names("type=FIFO"), (V{"Gamma 100%", "Alpha leads"}));
  EXPECT_EQ(names("type=LIFO"), (V{"Beta"}));
  EXPECT_EQ(names("is_active=0"), (V{"Gamma 100%", "alpha_2"}));
  EXPECT_EQ(names("is_active=false"), (V{"Gamma 100%", "alpha_2"}));
  EXPECT_EQ(names("is_active=1"), (V{"Beta", "Alpha leads"}));
  EXPECT_EQ(names("is_active=true&type=FIFO"), (V{"Alpha leads"}));
  EXPECT_EQ(names("search=a&type=Parallel&is_active=0"), (V{"alpha_2"}));
  ExpectError(server.Get("/api/v1/pools?type=fifo", token), 422, "VALIDATION_ERROR", "type");
  ExpectError(server.Get("/api/v1/pools?is_active=yes", token), 422, "VALIDATION_ERROR",
              "is_active");
}

TEST_P(PoolsE2E, RequiresAuth) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  std::string uuid = MakePool(server, token, "Leads");
  const std::string path = "/api/v1/pools/" + uuid;
  ExpectError(server.Get("/api/v1/pools"), 401, "MISSING_AUTH_TOKEN");
  ExpectError(server.Post("/api/v1/pools", R"({"name":"Leads","description":""})"), 401,
              "MISSING_AUTH_TOKEN");
  ExpectError(server.Get(path), 401, "MISSING_AUTH_TOKEN");
  ExpectError(server.Put(path, "{}"), 401, "MISSING_AUTH_TOKEN");
  ExpectError(server.Delete(path), 401, "MISSING_AUTH_TOKEN");
  ExpectError(server.Post(path + "/duplicate", R"({"name":"Copy"})"), 401, "MISSING_AUTH_TOKEN");
  ExpectError(server.Get(path, "sb_wrong"), 401, "INVALID_AUTH_TOKEN");
}

TEST_P(PoolsE2E, AnotherOrganizationSeesNothing) {
  TestServer server;
  std::string acme = server.CreateToken("Acme");
  std::string globex = server.CreateToken("Globex", "ops@globex.example");
  std::string uuid = MakePool(server, acme, "Leads");
  const std::string path = "/api/v1/pools/" + uuid;
  auto list = server.Get("/api/v1/pools", globex);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.data()["total"].GetInt(), 0);
  EXPECT_EQ(list.data()["data"].Size(), 0u);
  ExpectError(server.Get(path, globex), 404, "NOT_FOUND");
  ExpectError(server.Put(path, R"({"name":"Mine"})", globex), 404, "NOT_FOUND");
  ExpectError(server.Post(path + "/duplicate", R"({"name":"Mine"})", globex), 404, "NOT_FOUND");
  ExpectError(server.Delete(path, globex), 404, "NOT_FOUND");
  auto still = server.Get(path, acme);
  ASSERT_EQ(still.status, 200);
  EXPECT_STREQ(still.data()["name"].GetString(), "Leads");
  EXPECT_EQ(server.Get("/api/v1/pools", acme).data()["total"].GetInt(), 1);
}

}  // namespace
}  // namespace sb::testing
