#include "domain/contact.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace sb::domain {
namespace {

std::vector<std::string> FieldsOf(const Status& st) {
  std::vector<std::string> out;
  if (st.ok()) return out;
  for (const auto& fe : st.error().fields()) out.push_back(fe.field);
  return out;
}

// Builds ContactFields fluently (designated initializers would have to name
// every member to keep -Wmissing-field-initializers quiet).
struct F {
  ContactFields f;
  F& Name(std::string v) {
    f.name = std::move(v);
    return *this;
  }
  F& Email(std::optional<std::string> v) {
    f.email = std::move(v);
    return *this;
  }
  F& Phone(std::optional<std::string> v) {
    f.phone_number = std::move(v);
    return *this;
  }
  F& Country(std::optional<std::string> v) {
    f.country_code = std::move(v);
    return *this;
  }
  F& Timezone(std::optional<std::string> v) {
    f.timezone = std::move(v);
    return *this;
  }
  operator ContactFields() const { return f; }  // NOLINT(google-explicit-constructor)
};

const std::optional<std::string> kNull;

// A contact as stored: valid, with a US number and an email.
Contact Stored() {
  Contact c;
  c.name = "Ada";
  c.surname = "Lovelace";
  c.email = "ada@example.com";
  c.phone_number = "+14155552671";
  c.number_type = "fixed_line_or_mobile";
  c.country_code = "US";
  c.timezone = "America/Los_Angeles";
  return c;
}

TEST(ApplyContactFields, AcceptsValidCreates) {
  struct Case {
    const char* label;
    ContactFields fields;
    std::optional<std::string> phone;
    std::optional<std::string> country;
    std::optional<std::string> type;
    std::optional<std::string> email;
  };
  const Case cases[] = {
      {"e164 only", F().Name("A").Phone("+14155552671"), "+14155552671", "US",
       "fixed_line_or_mobile", std::nullopt},
      {"national with iso country", F().Name("A").Phone("(415) 555-2671").Country("US"),
       "+14155552671", "US", "fixed_line_or_mobile", std::nullopt},
      {"national with calling code", F().Name("A").Phone("0151 23456789").Country("+49"),
       "+4915123456789", "DE", "mobile", std::nullopt},
      {"email only", F().Name("A").Email("a@b.co"), std::nullopt, std::nullopt, std::nullopt,
       "a@b.co"},
      {"email only with a country", F().Name("A").Email("a@b.co").Country("de"), std::nullopt, "DE",
       std::nullopt, "a@b.co"},
      {"empty phone with an email", F().Name("A").Email("a@b.co").Phone(""), std::nullopt,
       std::nullopt, std::nullopt, "a@b.co"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.label);
    Contact contact;
    Status st = ApplyContactFields(c.fields, contact);
    ASSERT_TRUE(st.ok()) << st.error().details();
    EXPECT_EQ(contact.phone_number, c.phone);
    EXPECT_EQ(contact.country_code, c.country);
    EXPECT_EQ(contact.number_type, c.type);
    EXPECT_EQ(contact.email, c.email);
    EXPECT_EQ(contact.status, "Active");
    EXPECT_EQ(contact.metadata, "{}");
  }
}

TEST(ApplyContactFields, RejectsNamingTheField) {
  struct Case {
    const char* label;
    ContactFields fields;
    std::vector<std::string> errors;
  };
  const Case cases[] = {
      {"no name", F().Phone("+14155552671"), {"name"}},
      {"empty name", F().Name("").Phone("+14155552671"), {"name"}},
      {"blank name", F().Name(" \t ").Phone("+14155552671"), {"name"}},
      {"blank email only", F().Name("A").Email("   "), {"phone_number"}},
      {"neither phone nor email", F().Name("A"), {"phone_number"}},
      {"neither, with null values", F().Name("A").Email(kNull).Phone(""), {"phone_number"}},
      {"national without country", F().Name("A").Phone("4155552671"), {"phone_number"}},
      {"not a number", F().Name("A").Phone("call me").Country("US"), {"phone_number"}},
      {"too short", F().Name("A").Phone("+1 555"), {"phone_number"}},
      {"unknown country with phone",
       F().Name("A").Phone("030 1234567").Country("XX"),
       {"country_code"}},
      {"unknown country without phone",
       F().Name("A").Email("a@b.co").Country("XX"),
       {"country_code"}},
      {"bad email", F().Name("A").Email("not-an-email"), {"email"}},
      {"email without tld", F().Name("A").Email("a@b"), {"email"}},
      {"email with space", F().Name("A").Email("a b@c.com"), {"email"}},
      {"email with two @", F().Name("A").Email("a@b@c.com"), {"email"}},
      {"email with empty domain label", F().Name("A").Email("a@b..com"), {"email"}},
      {"unknown timezone",
       F().Name("A").Phone("+14155552671").Timezone("Mars/Olympus"),
       {"timezone"}},
      {"empty timezone", F().Name("A").Phone("+14155552671").Timezone(""), {"timezone"}},
      {"several at once",
       F().Name("").Email("x").Timezone("Nowhere"),
       {"email", "timezone", "name"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.label);
    Contact contact;
    Status st = ApplyContactFields(c.fields, contact);
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().code(), ErrorCode::kValidation);
    EXPECT_EQ(FieldsOf(st), c.errors);
  }
}

TEST(ApplyContactFields, TrimsNameAndEmail) {
  Contact c;
  ASSERT_TRUE(ApplyContactFields(F().Name("  Ada ").Email(" ada@example.com\t"), c).ok());
  EXPECT_EQ(c.name, "Ada");
  EXPECT_EQ(c.email, "ada@example.com");
}

TEST(ApplyContactFields, PartialUpdateChangesOnlyGivenFields) {
  Contact c = Stored();
  ContactFields f;
  f.notes = std::optional<std::string>("call after 5");
  ASSERT_TRUE(ApplyContactFields(f, c).ok());
  EXPECT_EQ(c.notes, "call after 5");
  EXPECT_EQ(c.name, "Ada");
  EXPECT_EQ(c.surname, "Lovelace");
  EXPECT_EQ(c.phone_number, "+14155552671");
  EXPECT_EQ(c.timezone, "America/Los_Angeles");
}

TEST(ApplyContactFields, ExplicitNullClears) {
  Contact c = Stored();
  ContactFields f;
  f.surname = std::optional<std::string>();
  f.email = std::optional<std::string>();
  ASSERT_TRUE(ApplyContactFields(f, c).ok());
  EXPECT_EQ(c.surname, std::nullopt);
  EXPECT_EQ(c.email, std::nullopt);
  EXPECT_EQ(c.phone_number, "+14155552671");
}

TEST(ApplyContactFields, ClearingTheOnlyReachableChannelIsRejected) {
  Contact c = Stored();
  ContactFields f;
  f.email = std::optional<std::string>();
  f.phone_number = std::optional<std::string>();
  Status st = ApplyContactFields(f, c);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().field(), "phone_number");
}

TEST(ApplyContactFields, NewNationalNumberIsReadInTheStoredCountry) {
  Contact c = Stored();
  ContactFields f;
  f.phone_number = std::optional<std::string>("415-555-2672");
  ASSERT_TRUE(ApplyContactFields(f, c).ok());
  EXPECT_EQ(c.phone_number, "+14155552672");
  EXPECT_EQ(c.country_code, "US");
}

TEST(ApplyContactFields, ClearingThePhoneClearsItsTypeAndKeepsTheCountry) {
  Contact c = Stored();
  ContactFields f;
  f.phone_number = std::optional<std::string>();
  ASSERT_TRUE(ApplyContactFields(f, c).ok());
  EXPECT_EQ(c.phone_number, std::nullopt);
  EXPECT_EQ(c.number_type, std::nullopt);
  EXPECT_EQ(c.country_code, "US");  // still the contact's country

  f.country_code = std::optional<std::string>();
  ASSERT_TRUE(ApplyContactFields(f, c).ok());
  EXPECT_EQ(c.country_code, std::nullopt);
}

TEST(ApplyContactFields, StatusChannelStageAndMetadata) {
  Contact c = Stored();
  ContactFields f;
  f.status = "Inactive";
  f.preferred_contact_channel = std::optional<std::string>("WhatsApp");
  f.stage_uuid = std::optional<std::string>("0190f0a0-0000-7000-8000-000000000001");
  f.metadata = R"({"k":1})";
  ASSERT_TRUE(ApplyContactFields(f, c).ok());
  EXPECT_EQ(c.status, "Inactive");
  EXPECT_EQ(c.preferred_contact_channel, "WhatsApp");
  EXPECT_EQ(c.stage_uuid, "0190f0a0-0000-7000-8000-000000000001");
  EXPECT_EQ(c.metadata, R"({"k":1})");
}

TEST(ContactFilterCacheKey, DistinguishesEveryFilter) {
  std::vector<ContactFilter> filters;
  filters.push_back({});
  auto with = [&](auto set) {
    ContactFilter f;
    set(f);
    filters.push_back(f);
  };
  const std::string u1 = "0190f0a0-0000-7000-8000-000000000001";
  with([](ContactFilter& f) { f.search = "ann"; });
  with([](ContactFilter& f) { f.search = "Ann"; });
  with([](ContactFilter& f) { f.status = "Active"; });
  with([](ContactFilter& f) { f.status = "Inactive"; });
  with([](ContactFilter& f) { f.channel = "Call"; });
  with([&](ContactFilter& f) { f.stage_uuid = u1; });
  with([&](ContactFilter& f) { f.campaign_uuid = u1; });
  with([&](ContactFilter& f) { f.tag_uuid = u1; });
  with([&](ContactFilter& f) { f.pool_uuid = u1; });
  with([](ContactFilter& f) { f.created_from = 1709251200; });
  with([](ContactFilter& f) { f.created_until = 1709251200; });
  with([](ContactFilter& f) {
    f.created_from = 1709251200;
    f.created_until = 1709337600;
  });
  with([](ContactFilter& f) {
    f.status = "Active";
    f.channel = "Call";
  });
  // A search term that spells out another filter must not share its key.
  with([](ContactFilter& f) { f.search = "ann\x1fs=Active"; });
  with([](ContactFilter& f) {
    f.search = "ann";
    f.status = "Active";
  });
  with([](ContactFilter& f) {
    f.search =
        "ann\x1f"
        "from=1709251200";
  });
  with([](ContactFilter& f) {
    f.search = "ann";
    f.created_from = 1709251200;
  });

  std::set<std::string> keys;
  for (const auto& f : filters) keys.insert(f.CacheKey());
  EXPECT_EQ(keys.size(), filters.size());
}

TEST(ContactFilterCacheKey, IsStableForEqualFilters) {
  ContactFilter a;
  a.search = "ann";
  a.tag_uuid = "0190f0a0-0000-7000-8000-000000000001";
  ContactFilter b = a;
  EXPECT_EQ(a.CacheKey(), b.CacheKey());
}

TEST(IsPlausibleEmail, Cases) {
  EXPECT_TRUE(IsPlausibleEmail("a@b.co"));
  EXPECT_TRUE(IsPlausibleEmail("first.last+tag@sub.example.org"));
  EXPECT_FALSE(IsPlausibleEmail("@b.co"));
  EXPECT_FALSE(IsPlausibleEmail("a@.co"));
  EXPECT_FALSE(IsPlausibleEmail("a@b."));
  EXPECT_FALSE(IsPlausibleEmail("a<b>@c.com"));
}

TEST(IsKnownTimeZone, Cases) {
  EXPECT_TRUE(IsKnownTimeZone("Europe/Berlin"));
  EXPECT_TRUE(IsKnownTimeZone("UTC"));
  EXPECT_FALSE(IsKnownTimeZone("Europe/Nowhere"));
  EXPECT_FALSE(IsKnownTimeZone(""));
}

}  // namespace
}  // namespace sb::domain
