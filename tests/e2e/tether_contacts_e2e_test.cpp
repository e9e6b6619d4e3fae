// GET /api/contacts (seed 002, Tether's CRM) end to end: every query
// parameter with its exact result set, ownership for two users of one
// organization, the response shape with both copies of the list, paging,
// malformed input and auth errors in Tether's envelope, tenant isolation.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "e2e/contacts_e2e_util.hpp"
#include "e2e/test_server.hpp"
#include "support/engine_test.hpp"

namespace sb::testing {
namespace {

using Strings = std::vector<std::string>;

constexpr int64_t kJan10 = 1704880800;  // 2024-01-10T10:00:00Z
constexpr int64_t kJan20 = 1705708800;  // 2024-01-20T00:00:00Z
constexpr int64_t kFeb01 = 1706745600;  // 2024-02-01T00:00:00Z
constexpr int64_t kFeb15 = 1707955200;  // 2024-02-15T00:00:00Z
constexpr int64_t kFeb20 = 1708387200;  // 2024-02-20T00:00:00Z

// Percent-encodes a query value.
std::string Enc(const std::string& s) {
  std::string out;
  const char* hex = "0123456789ABCDEF";
  for (unsigned char ch : s) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.') {
      out.push_back(static_cast<char>(ch));
    } else {
      out += '%';
      out += hex[ch >> 4];
      out += hex[ch & 15];
    }
  }
  return out;
}

class TetherContactsE2E : public ::sb::testing::EngineTest {
 protected:
  void SetUp() override {
    ann_token_ = server_.CreateToken("Acme", "ann@acme.test");
    bob_token_ = server_.CreateToken("Acme", "bob@acme.test");
    auto users = server_.Get("/api/v1/users", ann_token_);
    ASSERT_EQ(users.status, 200) << users.body;
    ann_ = users.data()["data"][0]["uuid"].GetString();
    bob_ = users.data()["data"][1]["uuid"].GetString();
    auto cy = server_.Post("/api/v1/users", R"({"name":"Cy","email":"cy@acme.test"})", ann_token_);
    ASSERT_EQ(cy.status, 201) << cy.body;
    cy_ = cy.data()["uuid"].GetString();

    auto sales = server_.Post("/api/v1/pipelines",
                              R"({"name":"Sales","stages":[{"name":"New Lead"},{"name":"Won"}]})",
                              ann_token_);
    ASSERT_EQ(sales.status, 201) << sales.body;
    sales_ = sales.data()["uuid"].GetString();
    lead_ = sales.data()["stages"][0]["uuid"].GetString();
    won_ = sales.data()["stages"][1]["uuid"].GetString();
    auto support = server_.Post("/api/v1/pipelines",
                                R"({"name":"Support","stages":[{"name":"New Lead"}]})", ann_token_);
    ASSERT_EQ(support.status, 201) << support.body;
    support_ = support.data()["uuid"].GetString();
    support_lead_ = support.data()["stages"][0]["uuid"].GetString();

    // Alpha: Ann's own. Bravo: Ann created it for Bob. Charlie: Bob's, assigned
    // to Cy. Delta: Bob created it unowned, assigned to Ann. Echo: Bob's alone.
    At(kJan10);
    alpha_ = Make(ann_token_, R"({"name":"Alpha","surname":"Ay","phone_number":"+14155552671",)"
                              R"("source_name":"web","lead_source":"ads","stage_uuid":")" +
                                  lead_ + R"("})");
    At(kJan20);
    bravo_ =
        Make(ann_token_, R"({"name":"Bravo","phone_number":"+14155552672","owner_uuid":")" + bob_ +
                             R"(","source_name":"referral","stage_uuid":")" + won_ + R"("})");
    At(kFeb01);
    charlie_ = Make(bob_token_, R"({"name":"Charlie","phone_number":"+14155552673",)"
                                R"("assignee_uuids":[")" +
                                    cy_ + R"("],"stage_uuid":")" + support_lead_ + R"("})");
    At(kFeb15);
    delta_ = Make(bob_token_, R"({"name":"Delta","email":"delta@acme.test","owner_uuid":null,)"
                              R"("assignee_uuids":[")" +
                                  ann_ + R"("],"stage_uuid":")" + won_ + R"("})");
    At(kFeb20);
    echo_ = Make(bob_token_, R"({"name":"Echo","phone_number":"+14155552675"})");

    Message(alpha_, "delivered", "2024-02-20T09:00:00Z");
    Message(bravo_, "read", "2024-02-25T10:00:00Z");
    Message(charlie_, "failed", "2024-02-20T23:00:00Z");
  }

  void At(int64_t t) { server_.clock().Set(t); }

  std::string Make(const std::string& token, const std::string& body) {
    return CreateContact(server_, token, body);
  }

  void Message(const std::string& contact, const std::string& status, const std::string& at) {
    auto res = server_.Post(
        "/api/v1/contacts/" + contact + "/messages",
        R"({"channel":"sms","status":")" + status + R"(","sent_at":")" + at + R"("})", ann_token_);
    ASSERT_EQ(res.status, 201) << res.body;
  }

  // The sorted firstNames GET /api/contacts?<query> returns; checks that both
  // copies of the list and both totals agree.
  Strings Names(const std::string& query, const std::string& token = "") {
    auto res = server_.Get("/api/contacts?size=500&" + query, token.empty() ? ann_token_ : token);
    EXPECT_EQ(res.status, 200) << query << " -> " << res.body;
    if (res.status != 200) return {"<" + std::to_string(res.status) + ">"};
    EXPECT_EQ(ToJson(res.json["contacts"]), ToJson(res.data()["contacts"])) << query;
    EXPECT_EQ(res.json["total"].GetInt64(), res.data()["total"].GetInt64()) << query;
    Strings out;
    for (const auto& c : res.json["contacts"].GetArray()) out.push_back(c["firstName"].GetString());
    EXPECT_EQ(res.json["total"].GetInt64(), static_cast<int64_t>(out.size())) << query;
    std::sort(out.begin(), out.end());
    return out;
  }

  TestServer server_;
  std::string ann_token_, bob_token_, ann_, bob_, cy_;
  std::string sales_, lead_, won_, support_, support_lead_;
  std::string alpha_, bravo_, charlie_, delta_, echo_;
};

SB_INSTANTIATE_ENGINES(TetherContactsE2E);

TEST_P(TetherContactsE2E, OwnerFilterScopes) {
  // my (the default): the user owns, created or is assigned the contact.
  EXPECT_EQ(Names(""), (Strings{"Alpha", "Bravo", "Delta"}));
  EXPECT_EQ(Names("ownerFilter=my"), (Strings{"Alpha", "Bravo", "Delta"}));
  EXPECT_EQ(Names("", bob_token_), (Strings{"Bravo", "Charlie", "Delta", "Echo"}));
  EXPECT_EQ(Names("ownerFilter=all"), (Strings{"Alpha", "Bravo", "Charlie", "Delta", "Echo"}));
  EXPECT_EQ(Names("ownerFilter=unassigned"), (Strings{"Alpha", "Bravo", "Echo"}));
  EXPECT_EQ(Names("ownerFilter=" + cy_), (Strings{"Charlie"}));
  EXPECT_EQ(Names("ownerFilter=" + bob_), (Strings{"Bravo", "Charlie", "Delta", "Echo"}));
}

TEST_P(TetherContactsE2E, OwnerAndAssigneeListsOverrideOwnerFilter) {
  EXPECT_EQ(Names("owner=" + cy_), (Strings{"Charlie"}));
  EXPECT_EQ(Names("assignee=" + cy_), (Strings{"Charlie"}));
  EXPECT_EQ(Names("owner=" + cy_ + "&ownerFilter=unassigned"), (Strings{"Charlie"}));
  Strings cy_or_ann{"Alpha", "Bravo", "Charlie", "Delta"};
  EXPECT_EQ(Names("owner=" + cy_ + "&owner=" + ann_), cy_or_ann);
  EXPECT_EQ(Names("owner=" + cy_ + "," + ann_), cy_or_ann);
  EXPECT_EQ(Names("owner[]=" + cy_ + "&owner[]=" + ann_), cy_or_ann);
  EXPECT_EQ(Names("owner=" + cy_ + "&assignee=" + ann_), cy_or_ann);
  // Upper-case ids are the same users.
  std::string upper = cy_;
  std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
  EXPECT_EQ(Names("assignee=" + upper), (Strings{"Charlie"}));
}

TEST_P(TetherContactsE2E, EachFilter) {
  const std::string all = "ownerFilter=all&";
  EXPECT_EQ(Names(all + "source=web"), (Strings{"Alpha"}));
  EXPECT_EQ(Names(all + "source=referral"), (Strings{"Bravo"}));
  EXPECT_EQ(Names(all + "leadSource=ads"), (Strings{"Alpha"}));
  EXPECT_EQ(Names(all + "status=" + Enc("New Lead")), (Strings{"Alpha", "Charlie"}));
  EXPECT_EQ(Names(all + "status=Won"), (Strings{"Bravo", "Delta"}));
  EXPECT_EQ(Names(all + "status=Lost"), Strings{});
  EXPECT_EQ(Names(all + "pipelineStage=" + won_), (Strings{"Bravo", "Delta"}));
  EXPECT_EQ(Names(all + "pipelineId=" + sales_), (Strings{"Alpha", "Bravo", "Delta"}));
  EXPECT_EQ(Names(all + "pipelineId=" + support_), (Strings{"Charlie"}));
  EXPECT_EQ(Names(all + "messageStatus=delivered"), (Strings{"Alpha"}));
  EXPECT_EQ(Names(all + "messageStatus=read"), (Strings{"Bravo"}));
  EXPECT_EQ(Names(all + "search=Char"), (Strings{"Charlie"}));
  EXPECT_EQ(Names(all + "search=delta%40acme"), (Strings{"Delta"}));
  // Filters combine.
  EXPECT_EQ(Names("status=Won"), (Strings{"Bravo", "Delta"}));
  EXPECT_EQ(Names("status=Won", bob_token_), (Strings{"Bravo", "Delta"}));
  EXPECT_EQ(Names(all + "status=Won&source=referral"), (Strings{"Bravo"}));
}

TEST_P(TetherContactsE2E, DateRanges) {
  const std::string all = "ownerFilter=all&dateRange=";
  EXPECT_EQ(Names(all + Enc(R"({"start":"2024-01-15"})")),
            (Strings{"Bravo", "Charlie", "Delta", "Echo"}));
  // An end date covers its whole day.
  EXPECT_EQ(Names(all + Enc(R"({"end":"2024-01-20"})")), (Strings{"Alpha", "Bravo"}));
  // Date-times: the end second is included.
  EXPECT_EQ(Names(all + Enc(R"({"start":"2024-01-10T10:00:01Z","end":"2024-02-01T00:00:00Z"})")),
            (Strings{"Bravo", "Charlie"}));
  EXPECT_EQ(Names(all + Enc(R"({"start":null,"end":null})")),
            (Strings{"Alpha", "Bravo", "Charlie", "Delta", "Echo"}));

  const std::string msg = "ownerFilter=all&lastMessage";
  EXPECT_EQ(Names(msg + "TimeRange=" +
                  Enc(R"({"start":"2024-02-20T00:00:00Z","end":"2024-02-20T12:00:00Z"})")),
            (Strings{"Alpha"}));
  EXPECT_EQ(Names(msg + "DateRange=" + Enc(R"({"start":"2024-02-20","end":"2024-02-20"})")),
            (Strings{"Alpha", "Charlie"}));
  EXPECT_EQ(Names(msg + "DateRange=" + Enc(R"({"start":"2024-02-21"})")), (Strings{"Bravo"}));
}

TEST_P(TetherContactsE2E, ResponseShapeAndPaging) {
  auto res = server_.Get("/api/contacts?ownerFilter=all&size=2&page=2", ann_token_);
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Keys(res.json), (Strings{"success", "data", "meta", "contacts", "total"}));
  EXPECT_TRUE(res.json["success"].GetBool());
  EXPECT_EQ(Keys(res.data()), (Strings{"contacts", "total", "page", "size"}));
  EXPECT_EQ(res.data()["total"].GetInt64(), 5);
  EXPECT_EQ(res.data()["page"].GetInt64(), 2);
  EXPECT_EQ(res.data()["size"].GetInt64(), 2);
  EXPECT_EQ(ToJson(res.json["meta"]), "{}");
  EXPECT_EQ(res.json["total"].GetInt64(), 5);
  // Newest first.
  ASSERT_EQ(res.json["contacts"].Size(), 2u);
  EXPECT_STREQ(res.json["contacts"][0]["firstName"].GetString(), "Charlie");
  EXPECT_STREQ(res.json["contacts"][1]["firstName"].GetString(), "Bravo");
  EXPECT_EQ(ToJson(res.json["contacts"]), ToJson(res.data()["contacts"]));

  auto one = server_.Get("/api/contacts?ownerFilter=all&search=Delta", ann_token_);
  ASSERT_EQ(one.status, 200) << one.body;
  ASSERT_EQ(one.json["contacts"].Size(), 1u);
  const auto& c = one.json["contacts"][0];
  std::string org = c["organizationId"].GetString();
  EXPECT_EQ(org.size(), 36u);
  EXPECT_EQ(ToJson(c), R"({"_id":")" + delta_ +
                           R"(","firstName":"Delta","lastName":null,"phoneNumber":null,)"
                           R"("email":"delta@acme.test","status":"Won","pipelineId":")" +
                           sales_ + R"(","pipelineStage":")" + won_ + R"(","organizationId":")" +
                           org + R"(","userId":null,"createdBy":")" + bob_ + R"(","assignees":[")" +
                           ann_ +
                           R"("],"createdAt":"2024-02-15T00:00:00Z",)"
                           R"("updatedAt":"2024-02-15T00:00:00Z"})");

  auto defaults = server_.Get("/api/contacts", ann_token_);
  ASSERT_EQ(defaults.status, 200);
  EXPECT_EQ(defaults.data()["page"].GetInt64(), 1);
  EXPECT_EQ(defaults.data()["size"].GetInt64(), 50);
  auto past = server_.Get("/api/contacts?ownerFilter=all&page=9", ann_token_);
  ASSERT_EQ(past.status, 200);
  EXPECT_EQ(past.json["contacts"].Size(), 0u);
  EXPECT_EQ(past.json["total"].GetInt64(), 5);
}

TEST_P(TetherContactsE2E, MalformedInputIs422InTetherEnvelope) {
  struct Case {
    std::string query;
    std::string mentions;
  };
  const std::vector<Case> cases = {
      {"page=0", "page"},
      {"page=x", "page"},
      {"size=0", "size"},
      {"size=501", "size"},
      {"ownerFilter=everyone", "ownerFilter"},
      {"owner=ann", "owner"},
      {"assignee=" + cy_ + ",nope", "assignee"},
      {"messageStatus=lost", "messageStatus"},
      {"pipelineId=sales", "pipelineId"},
      {"pipelineStage=won", "pipelineStage"},
      {"dateRange=yesterday", "dateRange"},
      {"dateRange=" + Enc(R"(["2024-01-01"])"), "dateRange"},
      {"dateRange=" + Enc(R"({"start":20240101})"), "dateRange"},
      {"dateRange=" + Enc(R"({"start":"2024-02-30"})"), "dateRange"},
      {"dateRange=" + Enc(R"({"start":"2024-03-01","end":"2024-02-01"})"), "dateRange"},
      {"lastMessageTimeRange=" + Enc(R"({"end":"noon"})"), "lastMessageTimeRange"},
      {"lastMessageDateRange=" + Enc("{"), "lastMessageDateRange"},
  };
  for (const auto& c : cases) {
    auto res = server_.Get("/api/contacts?" + c.query, ann_token_);
    EXPECT_EQ(res.status, 422) << c.query << " -> " << res.body;
    ASSERT_TRUE(res.json.IsObject()) << c.query;
    EXPECT_EQ(Keys(res.json), (Strings{"success", "message"})) << c.query;
    EXPECT_FALSE(res.json["success"].GetBool());
    EXPECT_NE(std::string(res.json["message"].GetString()).find(c.mentions), std::string::npos)
        << c.query << " -> " << res.body;
  }
}

TEST_P(TetherContactsE2E, AuthErrorsInTetherEnvelope) {
  auto none = server_.Send("GET", "/api/contacts", "", {});
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.body, R"({"success":false,"message":"Authentication required"})");
  auto bad = server_.Get("/api/contacts", "not-a-token");
  EXPECT_EQ(bad.status, 401);
  EXPECT_EQ(bad.body, R"({"success":false,"message":"Invalid authentication token"})");
  auto method = server_.Post("/api/contacts", "{}", ann_token_);
  EXPECT_EQ(method.status, 405);
}

TEST_P(TetherContactsE2E, TenantIsolation) {
  std::string other = server_.CreateToken("Globex", "zed@globex.test");
  std::string zed =
      CreateContact(server_, other, R"({"name":"Zed","phone_number":"+14155552679"})");
  EXPECT_EQ(Names("ownerFilter=all", other), (Strings{"Zed"}));
  EXPECT_EQ(Names("", other), (Strings{"Zed"}));
  EXPECT_EQ(Names("ownerFilter=all"), (Strings{"Alpha", "Bravo", "Charlie", "Delta", "Echo"}));
  // Another organization's users, pipelines and stages match nothing.
  EXPECT_EQ(Names("ownerFilter=" + ann_, other), Strings{});
  EXPECT_EQ(Names("owner=" + bob_, other), Strings{});
  EXPECT_EQ(Names("ownerFilter=all&pipelineId=" + sales_, other), Strings{});
  EXPECT_EQ(Names("ownerFilter=all&pipelineStage=" + won_, other), Strings{});
  EXPECT_EQ(Names("ownerFilter=all&status=Won", other), Strings{});
}

}  // namespace
}  // namespace sb::testing
