#include "tools/demo/demo_catalog.hpp"

#include <array>
#include <cctype>

namespace sb::tools::demo {
namespace {

using SV = std::string_view;

// Area codes and mobile ranges per country. The free digits follow the prefix.
constexpr NumberBlock kUs[] = {
    {"+12124", 6, "America/New_York"},    {"+16177", 6, "America/New_York"},
    {"+13128", 6, "America/Chicago"},     {"+12149", 6, "America/Chicago"},
    {"+13034", 6, "America/Denver"},      {"+16026", 6, "America/Phoenix"},
    {"+14158", 6, "America/Los_Angeles"}, {"+12139", 6, "America/Los_Angeles"},
    {"+12067", 6, "America/Los_Angeles"},
};
constexpr NumberBlock kCa[] = {
    {"+14169", 6, "America/Toronto"},
    {"+16048", 6, "America/Vancouver"},
    {"+15147", 6, "America/Toronto"},
};
constexpr NumberBlock kGb[] = {
    {"+447900", 6, "Europe/London"},
    {"+447723", 6, "Europe/London"},
    {"+442079", 6, "Europe/London"},
    {"+441614", 6, "Europe/London"},
};
constexpr NumberBlock kDe[] = {
    {"+491512", 7, "Europe/Berlin"},
    {"+491523", 7, "Europe/Berlin"},
    {"+49301", 7, "Europe/Berlin"},
    {"+49891", 7, "Europe/Berlin"},
};
constexpr NumberBlock kFr[] = {
    {"+33612", 6, "Europe/Paris"},
    {"+33678", 6, "Europe/Paris"},
    {"+33142", 6, "Europe/Paris"},
    {"+33478", 6, "Europe/Paris"},
};
constexpr NumberBlock kEs[] = {
    {"+34612", 6, "Europe/Madrid"},
    {"+34689", 6, "Europe/Madrid"},
    {"+34913", 6, "Europe/Madrid"},
    {"+34928", 6, "Atlantic/Canary"},
};
constexpr NumberBlock kMx[] = {
    {"+525512", 6, "America/Mexico_City"},
    {"+528134", 6, "America/Monterrey"},
    {"+523336", 6, "America/Mexico_City"},
    {"+526642", 6, "America/Tijuana"},
};
constexpr NumberBlock kBr[] = {
    {"+551198", 7, "America/Sao_Paulo"},
    {"+551197", 7, "America/Sao_Paulo"},
    {"+559298", 7, "America/Manaus"},
    {"+558198", 7, "America/Recife"},
};
constexpr NumberBlock kAu[] = {
    {"+61401", 6, "Australia/Sydney"}, {"+61412", 6, "Australia/Melbourne"},
    {"+61293", 6, "Australia/Sydney"}, {"+61398", 6, "Australia/Melbourne"},
    {"+61892", 6, "Australia/Perth"},  {"+61732", 6, "Australia/Brisbane"},
};
constexpr NumberBlock kJp[] = {
    {"+819012", 6, "Asia/Tokyo"}, {"+819087", 6, "Asia/Tokyo"}, {"+818034", 6, "Asia/Tokyo"},
    {"+81312", 6, "Asia/Tokyo"},  {"+81668", 6, "Asia/Tokyo"},
};
constexpr NumberBlock kIn[] = {
    {"+919812", 6, "Asia/Kolkata"},
    {"+919876", 6, "Asia/Kolkata"},
    {"+918123", 6, "Asia/Kolkata"},
    {"+917012", 6, "Asia/Kolkata"},
};

constexpr SV kEnglish[] = {"en"};
constexpr SV kCanadian[] = {"en", "fr"};
constexpr SV kGerman[] = {"de", "en"};
constexpr SV kFrench[] = {"fr", "en"};
constexpr SV kSpanish[] = {"es", "ca", "en"};
constexpr SV kMexican[] = {"es", "en"};
constexpr SV kPortuguese[] = {"pt", "en"};
constexpr SV kJapanese[] = {"ja", "en"};
constexpr SV kIndian[] = {"en", "hi"};

constexpr SV kUsFirst[] = {"James",   "Mary",   "Robert", "Patricia",  "John",    "Jennifer",
                           "Michael", "Linda",  "David",  "Elizabeth", "William", "Barbara",
                           "Richard", "Susan",  "Joseph", "Jessica",   "Thomas",  "Sarah",
                           "Daniel",  "Ashley", "Tyler",  "Madison",   "Brandon", "Emily"};
constexpr SV kUsLast[] = {"Smith",  "Johnson", "Williams",  "Brown",  "Jones",    "Garcia",
                          "Miller", "Davis",   "Rodriguez", "Wilson", "Anderson", "Taylor",
                          "Thomas", "Moore",   "Jackson",   "Martin", "Lee",      "Thompson",
                          "White",  "Harris",  "Clark",     "Lewis",  "Walker",   "Smithson"};
constexpr SV kCaFirst[] = {"Liam",     "Olivia", "Noah",  "Emma", "Lucas", "Charlotte",
                           "Benjamin", "Chloé",  "Félix", "Léa",  "Ethan", "Maëlle"};
constexpr SV kCaLast[] = {"Tremblay",  "Gagnon", "Roy",      "Côté", "Bouchard", "Gauthier",
                          "MacDonald", "Smith",  "Campbell", "Wong", "Patel",    "Lavoie"};
constexpr SV kGbFirst[] = {"Oliver",  "Amelia", "George", "Isla",  "Harry", "Ava",
                           "Jack",    "Mia",    "Oscar",  "Freya", "Alfie", "Poppy",
                           "Charlie", "Grace",  "Arthur", "Evie",  "Henry", "Sophie"};
constexpr SV kGbLast[] = {"Smith",  "Jones",  "Taylor", "Brown",   "Williams", "Wilson",
                          "Evans",  "Davies", "Thomas", "Roberts", "Walker",   "Wright",
                          "Hughes", "Green",  "Hall",   "Wood",    "Clarke",   "Goldsmith"};
constexpr SV kDeFirst[] = {"Lukas",      "Anna", "Leon",   "Marie",  "Finn",  "Sophie",
                           "Jonas",      "Lea",  "Paul",   "Hannah", "Felix", "Emilia",
                           "Maximilian", "Lena", "Jürgen", "Sabine", "Björn", "Käthe"};
constexpr SV kDeLast[] = {"Müller", "Schmidt", "Schneider", "Fischer",  "Weber", "Meyer",
                          "Wagner", "Becker",  "Schulz",    "Hoffmann", "Koch",  "Richter",
                          "Klein",  "Wolf",    "Schröder",  "Neumann",  "Braun", "Zimmermann"};
constexpr SV kFrFirst[] = {"Gabriel", "Louise", "Raphaël",  "Jade",   "Léo",   "Emma",
                           "Louis",   "Alice",  "Arthur",   "Chloé",  "Jules", "Inès",
                           "Hugo",    "Manon",  "François", "Hélène", "Noé",   "Zoé"};
constexpr SV kFrLast[] = {"Martin",  "Bernard", "Dubois", "Thomas",   "Robert", "Richard",
                          "Petit",   "Durand",  "Leroy",  "Moreau",   "Simon",  "Laurent",
                          "Lefèvre", "Michel",  "Garcia", "Fournier", "Girard", "Bonnet"};
constexpr SV kEsFirst[] = {"Hugo",   "Lucía",  "Martín",    "Sofía", "Pablo",  "María",
                           "Daniel", "Julia",  "Alejandro", "Paula", "Álvaro", "Valeria",
                           "Adrián", "Carmen", "Javier",    "Nuria", "Sergio", "Elena"};
constexpr SV kEsLast[] = {"García",    "Rodríguez", "González", "Fernández", "López",   "Martínez",
                          "Sánchez",   "Pérez",     "Gómez",    "Martín",    "Jiménez", "Ruiz",
                          "Hernández", "Díaz",      "Moreno",   "Muñoz",     "Álvarez", "Romero"};
constexpr SV kMxFirst[] = {"Santiago", "Ximena",    "Mateo", "Valentina", "Sebastián", "Regina",
                           "Leonardo", "Camila",    "Diego", "Renata",    "Emiliano",  "Fernanda",
                           "José",     "Guadalupe", "Luis",  "Mariana"};
constexpr SV kMxLast[] = {"Hernández", "García",  "Martínez", "López",   "González", "Pérez",
                          "Rodríguez", "Sánchez", "Ramírez",  "Cruz",    "Flores",   "Gómez",
                          "Morales",   "Vázquez", "Reyes",    "Castillo"};
constexpr SV kBrFirst[] = {"Miguel",   "Helena",  "Arthur",  "Alice",     "Heitor", "Laura",
                           "Bernardo", "Manuela", "Davi",    "Valentina", "Théo",   "Sophia",
                           "João",     "Beatriz", "Gustavo", "Larissa"};
constexpr SV kBrLast[] = {"Silva",   "Santos",   "Oliveira", "Souza",    "Rodrigues", "Ferreira",
                          "Alves",   "Pereira",  "Lima",     "Gomes",    "Costa",     "Ribeiro",
                          "Martins", "Carvalho", "Araújo",   "Conceição"};
constexpr SV kAuFirst[] = {"Oliver",  "Charlotte", "Noah",   "Amelia", "Jack",  "Isla",
                           "William", "Olivia",    "Leo",    "Mia",    "Lucas", "Matilda",
                           "Thomas",  "Zoe",       "Cooper", "Ruby"};
constexpr SV kAuLast[] = {"Smith",  "Jones",   "Williams", "Brown",  "Wilson",   "Taylor",
                          "Nguyen", "Johnson", "Martin",   "White",  "Anderson", "Kelly",
                          "Ryan",   "Murphy",  "Walsh",    "O'Brien"};
constexpr SV kJpFirst[] = {"Haruto",  "Yui",    "Sota",  "Himari", "Yuto",   "Hina",
                           "Riku",    "Sakura", "Kenji", "Yuki",   "Takumi", "Aoi",
                           "Hiroshi", "Emi",    "Daiki", "Mei"};
constexpr SV kJpLast[] = {"Sato",     "Suzuki",    "Takahashi", "Tanaka", "Watanabe", "Ito",
                          "Yamamoto", "Nakamura",  "Kobayashi", "Kato",   "Yoshida",  "Yamada",
                          "Sasaki",   "Yamaguchi", "Matsumoto", "Inoue"};
constexpr SV kInFirst[] = {"Aarav",   "Ananya", "Vihaan", "Diya",  "Arjun",  "Saanvi",
                           "Reyansh", "Aadhya", "Rohan",  "Priya", "Vikram", "Kavya",
                           "Rahul",   "Neha",   "Amit",   "Pooja"};
constexpr SV kInLast[] = {"Sharma", "Verma", "Patel",    "Gupta", "Singh", "Kumar",
                          "Reddy",  "Iyer",  "Nair",     "Mehta", "Joshi", "Rao",
                          "Chopra", "Desai", "Banerjee", "Kapoor"};

constexpr SV kUsMail[] = {"gmail.com", "yahoo.com", "outlook.com", "icloud.com", "aol.com"};
constexpr SV kCaMail[] = {"gmail.com", "outlook.com", "videotron.ca", "shaw.ca", "yahoo.ca"};
constexpr SV kGbMail[] = {"gmail.com", "outlook.com", "btinternet.com", "sky.com", "yahoo.co.uk"};
constexpr SV kDeMail[] = {"gmail.com", "web.de", "gmx.de", "t-online.de", "outlook.de"};
constexpr SV kFrMail[] = {"gmail.com", "orange.fr", "free.fr", "laposte.net", "sfr.fr"};
constexpr SV kEsMail[] = {"gmail.com", "hotmail.es", "yahoo.es", "telefonica.net", "outlook.es"};
constexpr SV kMxMail[] = {"gmail.com", "hotmail.com", "yahoo.com.mx", "outlook.com",
                          "prodigy.net.mx"};
constexpr SV kBrMail[] = {"gmail.com", "uol.com.br", "bol.com.br", "terra.com.br", "hotmail.com"};
constexpr SV kAuMail[] = {"gmail.com", "bigpond.com", "outlook.com", "optusnet.com.au",
                          "icloud.com"};
constexpr SV kJpMail[] = {"gmail.com", "yahoo.co.jp", "docomo.ne.jp", "icloud.com", "outlook.jp"};
constexpr SV kInMail[] = {"gmail.com", "rediffmail.com", "yahoo.co.in", "outlook.com",
                          "hotmail.com"};

constexpr Country kCountries[] = {
    {"US", 28, kUs, kEnglish, kUsFirst, kUsLast, kUsMail, 5},
    {"CA", 4, kCa, kCanadian, kCaFirst, kCaLast, kCaMail, 8},
    {"GB", 10, kGb, kEnglish, kGbFirst, kGbLast, kGbMail, 20},
    {"DE", 9, kDe, kGerman, kDeFirst, kDeLast, kDeMail, 35},
    {"FR", 7, kFr, kFrench, kFrFirst, kFrLast, kFrMail, 30},
    {"ES", 7, kEs, kSpanish, kEsFirst, kEsLast, kEsMail, 60},
    {"MX", 8, kMx, kMexican, kMxFirst, kMxLast, kMxMail, 70},
    {"BR", 9, kBr, kPortuguese, kBrFirst, kBrLast, kBrMail, 75},
    {"AU", 5, kAu, kEnglish, kAuFirst, kAuLast, kAuMail, 10},
    {"JP", 4, kJp, kJapanese, kJpFirst, kJpLast, kJpMail, 5},
    {"IN", 9, kIn, kIndian, kInFirst, kInLast, kInMail, 80},
};

constexpr SV kCompanies[] = {"Northwind Traders",
                             "Acme Logistics",
                             "Globex",
                             "Initech",
                             "Umbrella Health",
                             "Stark Industries",
                             "Wayne Enterprises",
                             "Hooli",
                             "Vandelay Imports",
                             "Soylent Foods",
                             "Cyberdyne Systems",
                             "Tyrell Corp",
                             "Wonka Confections",
                             "Pied Piper",
                             "Oceanic Airlines",
                             "Aperture Labs",
                             "Massive Dynamic",
                             "Gringotts Finance",
                             "Blue Sun Retail",
                             "Monarch Solutions",
                             "Brightline Energy",
                             "Helios Solar",
                             "Nimbus Cloud",
                             "Quantum Insurance",
                             "Redwood Realty",
                             "Silverline Telecom",
                             "Atlas Freight",
                             "Evergreen Clinics",
                             "Lumen Education",
                             "Orbit Travel"};
constexpr SV kPlans[] = {"Starter", "Growth", "Business", "Enterprise"};
constexpr SV kLeadSources[] = {"Website", "Referral",  "Trade Show", "LinkedIn",
                               "Webinar", "Cold List", "Partner"};
constexpr SV kContactTimes[] = {"09:00-12:00", "12:00-15:00", "15:00-18:00", "18:00-20:00"};
constexpr SV kNotes[] = {
    "Asked for a callback next week.",
    "Interested in the annual plan.",
    "Prefers to be contacted by their assistant.",
    "Comparing us with a competitor.",
    "Met at the spring trade show.",
    "Budget approval expected next quarter.",
};

constexpr TagSpec kTags[] = {
    {"VIP", 5},
    {"Newsletter", 30},
    {"Hot Lead", 8},
    {"Do Not Disturb", 3},
    {"Spanish Speaker", 0},
    {"Enterprise", 0},
    {"Webinar Attendee", 10},
    {"Churn Risk", 4},
};

constexpr StageSpec kStages[] = {
    {"New Lead", 35}, {"Contacted", 25}, {"Qualified", 15},
    {"Proposal", 10}, {"Won", 8},        {"Lost", 7},
};

// Latin-1 supplement letters (the second byte after 0xC3) folded to ASCII.
char FoldC3(unsigned char b) {
  static constexpr std::array<char, 64> kMap = {
      'a', 'a', 'a', 'a', 'a', 'a', 'a', 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',  // 80-8F
      'd', 'n', 'o', 'o', 'o', 'o', 'o', 0,   'o', 'u', 'u', 'u', 'u', 'y', 0,   's',  // 90-9F
      'a', 'a', 'a', 'a', 'a', 'a', 'a', 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',  // A0-AF
      'd', 'n', 'o', 'o', 'o', 'o', 'o', 0,   'o', 'u', 'u', 'u', 'u', 'y', 0,   'y',  // B0-BF
  };
  return (b >= 0x80 && b <= 0xBF) ? kMap[b - 0x80] : 0;
}

}  // namespace

std::span<const Country> Countries() { return kCountries; }

int TotalCountryWeight() {
  int total = 0;
  for (const auto& c : kCountries) total += c.weight;
  return total;
}

std::span<const std::string_view> Companies() { return kCompanies; }
std::span<const std::string_view> Plans() { return kPlans; }
std::span<const std::string_view> LeadSources() { return kLeadSources; }
std::span<const std::string_view> ContactTimes() { return kContactTimes; }
std::span<const std::string_view> ContactNotes() { return kNotes; }
std::span<const TagSpec> Tags() { return kTags; }
std::span<const StageSpec> SalesStages() { return kStages; }

uint64_t BlockCapacity(const NumberBlock& block) {
  uint64_t cap = 1;
  for (int i = 0; i < block.free_digits; ++i) cap *= 10;
  return cap;
}

std::string BlockNumber(const NumberBlock& block, uint64_t index) {
  // x -> (a*x + c) mod 10^k is a bijection when a is coprime to 10.
  constexpr uint64_t kMultiplier = 7'368'787;  // odd, not a multiple of 5
  constexpr uint64_t kOffset = 4'142'135;
  const uint64_t cap = BlockCapacity(block);
  // A per-block offset, so the same index does not end in the same digits everywhere.
  uint64_t offset = kOffset;
  for (char c : block.prefix) offset = offset * 31 + static_cast<unsigned char>(c);
  uint64_t v = ((index % cap) * (kMultiplier % cap) + offset % cap) % cap;
  std::string out(block.prefix);
  std::string digits(static_cast<size_t>(block.free_digits), '0');
  for (int i = block.free_digits - 1; i >= 0; --i) {
    digits[static_cast<size_t>(i)] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  return out + digits;
}

std::string EmailSafe(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (size_t i = 0; i < utf8.size(); ++i) {
    auto c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80) {
      if (std::isalnum(c)) out.push_back(static_cast<char>(std::tolower(c)));
      continue;
    }
    if (c == 0xC3 && i + 1 < utf8.size()) {
      char folded = FoldC3(static_cast<unsigned char>(utf8[i + 1]));
      if (folded) out.push_back(folded);
      if (folded == 's') out.push_back('s');  // ß -> ss
      ++i;
    }
    // Other multi-byte sequences are dropped byte by byte.
  }
  return out;
}

}  // namespace sb::tools::demo
