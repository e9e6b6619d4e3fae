// POST /api/v1/pools/{uuid}/duplicate and pool deletion with members, end to end.
#include <gtest/gtest.h>

#include "e2e/pool_e2e_helpers.hpp"
#include "e2e/test_server.hpp"

namespace sb::testing {
namespace {

using V = std::vector<std::string>;

TEST_P(PoolsE2E, Duplicate) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  std::string source =
      MakePool(server, token, "Leads",
               R"("description":"warm","type":"Parallel","max_parallel_items":4,"max_retries":7,)"
               R"("is_active":false)");
  std::string c1 = MakeContact(server, token, "Ann", "+14155550101");
  std::string c2 = MakeContact(server, token, "Bob", "+14155550102");
  ASSERT_EQ(server
                .Post("/api/v1/pools/" + source + "/contacts",
                      R"({"contact_uuids":)" + JsonArray({c1, c2}) + "}", token)
                .status,
            200);

  server.clock().Advance(60);
  auto bare = server.Post("/api/v1/pools/" + source + "/duplicate", R"({"name":"Copy"})", token);
  ASSERT_EQ(bare.status, 201) << bare.body;
  EXPECT_STREQ(bare.json["message"].GetString(), "Pool duplicated successfully");
  std::string bare_uuid = bare.data()["uuid"].GetString();
  EXPECT_NE(bare_uuid, source);
  EXPECT_EQ(ToJson(bare.data()),
            R"({"uuid":")" + bare_uuid +
                R"(","name":"Copy","description":"warm","type":"Parallel",)"
                R"("max_parallel_items":4,"max_retries":7,"is_active":false,"contacts_count":0,)"
                R"("created_at":"2024-03-01T12:01:00Z","updated_at":"2024-03-01T12:01:00Z"})");

  auto full = server.Post("/api/v1/pools/" + source + "/duplicate",
                          R"({"name":"Full copy","copy_contacts":true})", token);
  ASSERT_EQ(full.status, 201) << full.body;
  EXPECT_EQ(full.data()["contacts_count"].GetInt(), 2);
  auto members = server.Get(
      "/api/v1/pools/" + std::string(full.data()["uuid"].GetString()) + "/contacts", token);
  EXPECT_EQ(Strings(members.data()["data"], "contact_uuid"), (V{c1, c2}));

  ExpectError(server.Post("/api/v1/pools/" + source + "/duplicate", "{}", token), 422,
              "VALIDATION_ERROR", "name");
  ExpectError(server.Post("/api/v1/pools/" + source + "/duplicate", R"({"name":"ab"})", token), 422,
              "VALIDATION_ERROR", "name");
  ExpectError(server.Post("/api/v1/pools/" + source + "/duplicate",
                          R"({"name":"Copy","copy_contacts":"yes"})", token),
              422, "VALIDATION_ERROR", "copy_contacts");
}

TEST_P(PoolsE2E, DeleteRemovesMembers) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  std::string pool = MakePool(server, token, "Leads");
  std::string c1 = MakeContact(server, token, "Ann", "+14155550101");
  ASSERT_EQ(server
                .Post("/api/v1/pools/" + pool + "/contacts",
                      R"({"contact_uuids":)" + JsonArray({c1}) + "}", token)
                .status,
            200);
  EXPECT_EQ(server.Get("/api/v1/pools/" + pool, token).data()["contacts_count"].GetInt(), 1);
  ASSERT_EQ(server.Delete("/api/v1/pools/" + pool, token).status, 200);
  ExpectError(server.Get("/api/v1/pools/" + pool + "/contacts", token), 404, "NOT_FOUND");
  EXPECT_EQ(server.Get("/api/v1/contacts/" + c1, token).status, 200);  // the contact stays
}

}  // namespace
}  // namespace sb::testing
