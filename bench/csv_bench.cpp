// The CSV format layer alone: reading and writing contact-like rows in memory,
// without the store (what an import or export costs before the database).
#include <benchmark/benchmark.h>

#include <string>

#include "core/csv_reader.hpp"
#include "core/csv_writer.hpp"

namespace sb::bench {
namespace {

// `rows` rows of seven cells, one quoted (it holds the delimiter).
std::string MakeCsv(int64_t rows) {
  std::string text;
  CsvWriter writer(&text);
  (void)writer.WriteRecord(
      {"id", "first_name", "last_name", "phone_number", "email", "tags", "note"});
  for (int64_t i = 0; i < rows; ++i) {
    (void)writer.WriteRecord({std::to_string(i), "Jane", "Doe", "+14155550100",
                              "jane.doe@example.com", "vip;lead", "called back, wants a demo"});
  }
  return text;
}

void BM_CsvRead(benchmark::State& state) {
  const std::string text = MakeCsv(state.range(0));
  int64_t records = 0;
  for (auto _ : state) {
    StringCsvSource source(text);
    CsvReader reader(source);
    CsvRecord record;
    for (;;) {
      auto more = reader.Next(&record);
      if (!more.ok() || !*more) break;
      ++records;
    }
    benchmark::DoNotOptimize(record.cells.data());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(text.size()));
  state.SetItemsProcessed(records);
}
BENCHMARK(BM_CsvRead)->Arg(100000)->Unit(benchmark::kMillisecond);

void BM_CsvWrite(benchmark::State& state) {
  int64_t bytes = 0;
  for (auto _ : state) {
    std::string text = MakeCsv(state.range(0));
    bytes += static_cast<int64_t>(text.size());
    benchmark::DoNotOptimize(text.data());
  }
  state.SetBytesProcessed(bytes);
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_CsvWrite)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace sb::bench
