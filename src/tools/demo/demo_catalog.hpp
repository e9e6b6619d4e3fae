// The fixed vocabulary of the demo organization: countries with their phone
// number blocks, time zones, languages and names; companies, tags and pipeline
// stages. Pure data and pure functions, no SQL.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace sb::tools::demo {

// A run of phone numbers: `prefix` (E.164, with "+") followed by any
// `free_digits` digits. Every block was checked against libphonenumber over its
// whole range (sampled densely) to give valid numbers of one type, so numbers
// can be minted without parsing each one.
struct NumberBlock {
  std::string_view prefix;
  int free_digits;
  std::string_view timezone;  // the IANA zone of the area the block serves
};

struct Country {
  std::string_view region;  // ISO 3166-1 alpha-2
  int weight;               // relative share of contacts
  std::span<const NumberBlock> blocks;
  std::span<const std::string_view> languages;  // the first one is the most common
  std::span<const std::string_view> first_names;
  std::span<const std::string_view> surnames;
  std::span<const std::string_view> email_domains;
  int whatsapp_percent;  // share of contacts preferring WhatsApp
};

std::span<const Country> Countries();
int TotalCountryWeight();

std::span<const std::string_view> Companies();
std::span<const std::string_view> Plans();
std::span<const std::string_view> LeadSources();
std::span<const std::string_view> ContactTimes();
std::span<const std::string_view> ContactNotes();

// Tags, with the percentage of contacts that carry each one when no rule
// decides (Spanish Speaker follows the language, Enterprise the plan).
struct TagSpec {
  std::string_view name;
  int percent;
};
std::span<const TagSpec> Tags();

// Stages of the "Sales" pipeline in order, with the share of staged contacts.
struct StageSpec {
  std::string_view name;
  int weight;
};
std::span<const StageSpec> SalesStages();

// How many numbers a block holds (10^free_digits).
uint64_t BlockCapacity(const NumberBlock& block);

// The `index`-th number of `block` (index < BlockCapacity). Consecutive
// indices map to scattered numbers through a bijection of the range, so every
// index gives a distinct number and none look sequential.
std::string BlockNumber(const NumberBlock& block, uint64_t index);

// Lowercase ASCII for an email local part: common Latin accents folded
// ("José" -> "jose"), anything else but letters and digits dropped.
std::string EmailSafe(std::string_view utf8);

}  // namespace sb::tools::demo
