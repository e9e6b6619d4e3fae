#include "domain/phone.hpp"

#include <gtest/gtest.h>

namespace sb::domain {
namespace {

struct Case {
  const char* input;
  std::optional<std::string_view> country;
  const char* e164;  // nullptr: must be rejected
  const char* region;
  const char* type;
};

TEST(NormalizePhone, AcceptsInternationalAndNationalForms) {
  const Case cases[] = {
      {"+14155552671", std::nullopt, "+14155552671", "US", "fixed_line_or_mobile"},
      {"+1 (415) 555-2671", std::nullopt, "+14155552671", "US", "fixed_line_or_mobile"},
      {"(415) 555-2671", "US", "+14155552671", "US", "fixed_line_or_mobile"},
      {"415 555 2671", "+1", "+14155552671", "US", "fixed_line_or_mobile"},
      {"030 1234567", "DE", "+49301234567", "DE", "fixed_line"},
      {"0151 23456789", "de", "+4915123456789", "DE", "mobile"},
      {"0044 20 7946 0958", std::nullopt, "+442079460958", "GB", "fixed_line"},
      {"+44 7400 123456", "US", "+447400123456", "GB", "mobile"},  // "+" wins over the country
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.input);
    auto r = NormalizePhone(c.input, c.country);
    ASSERT_TRUE(r.ok()) << r.error().details();
    EXPECT_EQ(r->e164, c.e164);
    EXPECT_EQ(r->region, c.region);
    EXPECT_EQ(r->number_type, c.type);
  }
}

TEST(NormalizePhone, RejectsWithTheFieldNamed) {
  struct Bad {
    const char* input;
    std::optional<std::string_view> country;
    const char* field;
  };
  const Bad cases[] = {
      {"4155552671", std::nullopt, "phone_number"},  // national without a country
      {"+1 555", std::nullopt, "phone_number"},      // too short
      {"not a number", "US", "phone_number"},
      {"+999 1234567", std::nullopt, "phone_number"},  // no such calling code
      {"030 1234567", "XX", "country_code"},           // unknown country
  };
  for (const Bad& c : cases) {
    SCOPED_TRACE(c.input);
    auto r = NormalizePhone(c.input, c.country);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code(), ErrorCode::kValidation);
    EXPECT_EQ(r.error().field(), c.field);
  }
}

TEST(ResolveRegion, TakesIsoCodesAndCallingCodes) {
  EXPECT_EQ(ResolveRegion("us"), "US");
  EXPECT_EQ(ResolveRegion("+44"), "GB");
  EXPECT_EQ(ResolveRegion("49"), "DE");
  EXPECT_EQ(ResolveRegion("XX"), std::nullopt);
  EXPECT_EQ(ResolveRegion("+"), std::nullopt);
}

}  // namespace
}  // namespace sb::domain
