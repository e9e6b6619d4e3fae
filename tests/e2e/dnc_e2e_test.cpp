// /api/v1/dnc and the contacts' do_not_call flag end to end.
#include <gtest/gtest.h>

#include "e2e/pool_e2e_helpers.hpp"
#include "e2e/server_test_fixture.hpp"
#include "e2e/test_server.hpp"

namespace sb::testing {
namespace {

using V = std::vector<std::string>;

class DncE2E : public ServerTest {
 protected:
  HttpResult Add(const std::string& body, const std::string& token = "") {
    return server_.Post("/api/v1/dnc", body, token.empty() ? token_ : token);
  }
};

SB_INSTANTIATE_ENGINES(DncE2E);

TEST_P(DncE2E, AddNormalizesAndIsIdempotent) {
  auto added = Add(R"({"number":"+1 (415) 555-2671","reason":"Asked on the phone"})");
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_STREQ(added.json["message"].GetString(), "Number added to the do-not-call list");
  EXPECT_EQ(ToJson(added.data()), R"({"number":"+14155552671","reason":"Asked on the phone",)"
                                  R"("created_at":"2024-03-01T12:00:00Z"})");

  server_.clock().Advance(60);
  auto again = Add(R"({"number":"4155552671","country_code":"US","reason":"other"})");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_STREQ(again.json["message"].GetString(), "Number is already on the do-not-call list");
  EXPECT_EQ(ToJson(again.data()), ToJson(added.data()));

  auto national = Add(R"({"number":"030 12345678","country_code":"DE"})");
  ASSERT_EQ(national.status, 201) << national.body;
  EXPECT_EQ(ToJson(national.data()), R"({"number":"+493012345678","reason":null,)"
                                     R"("created_at":"2024-03-01T12:01:00Z"})");
}

TEST_P(DncE2E, EveryBadFieldIsNamed) {
  const struct {
    std::string body;
    const char* field;
  } cases[] = {
      {"{}", "number"},
      {R"({"number":""})", "number"},
      {R"({"number":14155552671})", "number"},
      {R"({"number":"not a number"})", "number"},
      {R"({"number":"4155552671"})", "number"},
      {R"({"number":"4155552671","country_code":"ZZ"})", "country_code"},
      {R"({"number":"+14155552671","reason":7})", "reason"},
      {R"({"number":"+14155552671","reason":")" + std::string(1001, 'r') + R"("})", "reason"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.body.substr(0, 80));
    ExpectError(Add(c.body), 422, "VALIDATION_ERROR", c.field);
  }
  EXPECT_EQ(server_.Get("/api/v1/dnc", token_).data()["total"].GetInt(), 0);
}

TEST_P(DncE2E, ListSearchesAndTotalsFollowWrites) {
  for (const char* n : {"+14155552671", "+14155550100", "+442071838750", "+493012345678"}) {
    ASSERT_EQ(Add(std::string(R"({"number":")") + n + R"("})").status, 201);
  }
  auto all = server_.Get("/api/v1/dnc", token_);
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_STREQ(all.json["message"].GetString(), "Do-not-call numbers retrieved successfully");
  EXPECT_EQ(all.data().MemberCount(), 5u);
  EXPECT_EQ(all.data()["current_page"].GetInt(), 1);
  EXPECT_EQ(all.data()["last_page"].GetInt(), 1);
  EXPECT_EQ(all.data()["per_page"].GetInt(), 25);
  EXPECT_EQ(all.data()["total"].GetInt(), 4);
  EXPECT_EQ(Strings(all.data()["data"], "number"),
            (V{"+14155550100", "+14155552671", "+442071838750", "+493012345678"}));

  const struct {
    const char* query;
    V numbers;
  } searches[] = {
      {"search=%2B1415", {"+14155550100", "+14155552671"}},
      {"search=2671", {"+14155552671"}},
      {"search=%2B44", {"+442071838750"}},
      {"search=999", {}},
      {"search=", {"+14155550100", "+14155552671", "+442071838750", "+493012345678"}},
  };
  for (const auto& s : searches) {
    SCOPED_TRACE(s.query);
    auto res = server_.Get(std::string("/api/v1/dnc?") + s.query, token_);
    ASSERT_EQ(res.status, 200) << res.body;
    EXPECT_EQ(Strings(res.data()["data"], "number"), s.numbers);
    EXPECT_EQ(res.data()["total"].GetInt(), static_cast<int>(s.numbers.size()));
  }
  auto paged = server_.Get("/api/v1/dnc?per_page=3&page=2", token_);
  EXPECT_EQ(Strings(paged.data()["data"], "number"), V{"+493012345678"});
  EXPECT_EQ(paged.data()["last_page"].GetInt(), 2);
  ExpectError(server_.Get("/api/v1/dnc?per_page=101", token_), 422, "VALIDATION_ERROR", "per_page");

  auto removed = server_.Delete("/api/v1/dnc/%2B14155552671", token_);
  ASSERT_EQ(removed.status, 200) << removed.body;
  EXPECT_STREQ(removed.json["message"].GetString(), "Number removed from the do-not-call list");
  EXPECT_EQ(server_.Get("/api/v1/dnc", token_).data()["total"].GetInt(), 3);
  EXPECT_EQ(server_.Get("/api/v1/dnc?search=%2B1415", token_).data()["total"].GetInt(), 1);
  ExpectError(server_.Delete("/api/v1/dnc/%2B14155552671", token_), 404, "NOT_FOUND");
  ExpectError(server_.Delete("/api/v1/dnc/garbage", token_), 404, "NOT_FOUND");
  // The leading "+" may be left out of the path.
  EXPECT_EQ(server_.Delete("/api/v1/dnc/14155550100", token_).status, 200);
  EXPECT_EQ(server_.Get("/api/v1/dnc", token_).data()["total"].GetInt(), 2);
}

TEST_P(DncE2E, ListsAreOrganizationScoped) {
  const std::string globex = server_.CreateToken("Globex", "ops@globex.example");
  ASSERT_EQ(Add(R"({"number":"+14155552671"})", globex).status, 201);
  EXPECT_EQ(server_.Get("/api/v1/dnc", token_).data()["total"].GetInt(), 0);
  ExpectError(server_.Delete("/api/v1/dnc/%2B14155552671", token_), 404, "NOT_FOUND");
  // The same number is listed independently by each organization.
  EXPECT_EQ(Add(R"({"number":"+14155552671"})").status, 201);
  EXPECT_EQ(server_.Get("/api/v1/dnc", globex).data()["total"].GetInt(), 1);
}

TEST_P(DncE2E, ContactFlagIsReadSetAndFiltered) {
  const std::string ann = MakeContact(server_, token_, "Ann", "+14155552671");
  const std::string bob =
      MakeContact(server_, token_, "Bob", "+14155550100", R"("do_not_call":true)");
  auto got = server_.Get("/api/v1/contacts/" + ann, token_);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_FALSE(got.data()["do_not_call"].GetBool());
  EXPECT_TRUE(server_.Get("/api/v1/contacts/" + bob, token_).data()["do_not_call"].GetBool());

  auto flagged = server_.Patch("/api/v1/contacts/" + ann, R"({"do_not_call":true})", token_);
  ASSERT_EQ(flagged.status, 200) << flagged.body;
  EXPECT_TRUE(flagged.data()["do_not_call"].GetBool());
  // A full replace that leaves the flag out keeps an opt-out in place.
  auto replaced = server_.Put("/api/v1/contacts/" + ann,
                              R"({"name":"Ann","phone_number":"+14155552671"})", token_);
  ASSERT_EQ(replaced.status, 200) << replaced.body;
  EXPECT_TRUE(replaced.data()["do_not_call"].GetBool());
  auto cleared =
      server_.Put("/api/v1/contacts/" + bob,
                  R"({"name":"Bob","phone_number":"+14155550100","do_not_call":false})", token_);
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  EXPECT_FALSE(cleared.data()["do_not_call"].GetBool());

  const struct {
    const char* query;
    V names;
  } filters[] = {
      {"do_not_call=true", {"Ann"}},
      {"do_not_call=1", {"Ann"}},
      {"do_not_call=false", {"Bob"}},
      {"do_not_call=0", {"Bob"}},
  };
  for (const auto& f : filters) {
    SCOPED_TRACE(f.query);
    auto res = server_.Get(std::string("/api/v1/contacts?") + f.query, token_);
    ASSERT_EQ(res.status, 200) << res.body;
    EXPECT_EQ(Strings(res.data()["data"], "name"), f.names);
    EXPECT_EQ(res.data()["total"].GetInt(), static_cast<int>(f.names.size()));
  }
  ExpectError(server_.Get("/api/v1/contacts?do_not_call=maybe", token_), 422, "VALIDATION_ERROR",
              "do_not_call");
  ExpectError(server_.Patch("/api/v1/contacts/" + ann, R"({"do_not_call":"yes"})", token_), 422,
              "VALIDATION_ERROR", "do_not_call");
  ExpectError(
      server_.Post("/api/v1/contacts",
                   R"({"name":"Cy","phone_number":"+14155550101","do_not_call":1})", token_),
      422, "VALIDATION_ERROR", "do_not_call");
}

}  // namespace
}  // namespace sb::testing
