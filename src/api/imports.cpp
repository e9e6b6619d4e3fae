// Contact imports: POST /api/v1/contacts/import takes a CSV file and queues
// it; GET /api/v1/imports[/{uuid}[/errors]] show how imports went.
//
// The upload is checked before anything is written: the options, that the
// file has a header row the mapping fits. It is then written to the import
// worker's directory (flushed to disk) and the import row created; the worker
// (jobs/import_worker.hpp) runs it in the background.
#include <filesystem>
#include <memory>

#include "api/contact_csv.hpp"
#include "api/import_json.hpp"
#include "api/import_options.hpp"
#include "api/pool_json.hpp"
#include "api/query_reader.hpp"
#include "api/routes.hpp"
#include "core/csv_reader.hpp"
#include "core/csv_writer.hpp"
#include "core/durable_file.hpp"
#include "core/multipart.hpp"
#include "store/import_repository.hpp"

namespace sb::api {
namespace {

constexpr size_t kMaxImportBytes = size_t{512} << 20;
constexpr int64_t kErrorsCsvBatch = 1000;

// The media types read as a bare CSV body.
bool IsCsvMediaType(const std::string& media) {
  return media == "text/csv" || media == "application/csv" || media == "text/plain" ||
         media == "application/vnd.ms-excel";
}

struct Upload {
  std::string_view data;  // into the request body
  std::string file_name = "upload.csv";
  std::map<std::string, std::string, std::less<>> fields;  // the options, by name
  std::vector<std::string> tag_values;                     // each tag_uuids value sent
};

bool IsTagUuidsKey(std::string_view key) { return key == "tag_uuids" || key == "tag_uuids[]"; }

// The file and the options: query parameters, overridden by multipart fields.
Result<Upload> ReadUpload(const ApiRequest& req) {
  Upload u;
  for (const auto& [key, value] : req.query) u.fields[key] = value;
  for (const auto& [key, value] : req.query_all) {
    if (IsTagUuidsKey(key)) u.tag_values.push_back(value);
  }
  const std::string media = MediaType(req.content_type);
  if (media == "multipart/form-data") {
    auto boundary = MultipartBoundary(req.content_type);
    if (!boundary) {
      return Error(ErrorCode::kBadRequest, "Malformed multipart body",
                   "The Content-Type has no boundary.");
    }
    SB_ASSIGN_OR_RETURN(auto parts, ParseMultipart(req.body, *boundary));
    bool have_file = false;
    bool form_tags = false;
    for (const auto& part : parts) {
      if (part.name == "file") {
        if (have_file) return Error::Validation("file", "Send one file part only.");
        have_file = true;
        u.data = part.data;
        if (part.filename && !part.filename->empty()) u.file_name = *part.filename;
      } else if (IsTagUuidsKey(part.name)) {
        if (!form_tags) u.tag_values.clear();
        form_tags = true;
        u.tag_values.emplace_back(part.data);
      } else {
        u.fields[part.name] = std::string(part.data);
      }
    }
    if (!have_file) return Error::Validation("file", "The file part is required.");
  } else if (IsCsvMediaType(media)) {
    u.data = req.body;
    if (auto name = req.QueryValue("file_name"); name && !name->empty()) {
      u.file_name = std::string(*name);
    }
  } else {
    return Error(ErrorCode::kUnsupportedMediaType, "Unsupported media type",
                 "Send the CSV as text/csv, or as multipart/form-data with a file part.");
  }
  if (u.file_name.size() > 255) u.file_name.resize(255);
  return u;
}

Result<ApiResponse> CreateImport(const ApiRequest& req, Services& s) {
  SB_ASSIGN_OR_RETURN(Upload upload, ReadUpload(req));
  SB_ASSIGN_OR_RETURN(domain::ImportOptions options,
                      ReadImportOptions(upload.fields, upload.tag_values));
  StringCsvSource file(upload.data);
  SB_RETURN_IF_ERROR(CheckImportHeader(file, static_cast<int64_t>(upload.data.size()), options));
  if (s.imports == nullptr) {
    return Error(ErrorCode::kUnavailable, "Imports are not available",
                 "This server runs no import worker.");
  }
  const std::string path = s.imports->spool_dir() + "/" + s.ids.NewUuid() + ".csv";
  SB_RETURN_IF_ERROR(WriteFileDurably(path, upload.data));
  auto created = [&]() -> Result<domain::ContactImport> {
    SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
    store::ImportRepository imports(*conn, s.clock, s.ids);
    return imports.Create(req.auth.organization_id, req.auth.user_id,
                          {upload.file_name, path, static_cast<int64_t>(upload.data.size())},
                          options);
  }();
  if (!created.ok()) {
    std::error_code ec;
    std::filesystem::remove(path, ec);
    return std::move(created).error();
  }
  s.imports->Wake();
  const int64_t now = s.clock.NowSeconds();
  return Envelope(
      "Import queued successfully", [&](JsonWriter& w) { WriteImport(w, *created, now); }, 202);
}

Result<ApiResponse> ListImports(const ApiRequest& req, Services& s) {
  QueryReader q(req);
  domain::PageRequest page = q.Page(15);
  SB_RETURN_IF_ERROR(q.Finish());
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::ImportRepository imports(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(int64_t total, imports.Count(req.auth.organization_id));
  SB_ASSIGN_OR_RETURN(auto list, imports.List(req.auth.organization_id, page));
  auto info = domain::DescribePage(page, total, static_cast<int64_t>(list.size()));
  const int64_t now = s.clock.NowSeconds();
  return Envelope("Imports retrieved successfully", [&](JsonWriter& w) {
    WriteShortPage(w, info, [&](JsonWriter& rw) {
      for (const auto& i : list) WriteImport(rw, i, now);
    });
  });
}

Result<ApiResponse> GetImport(const ApiRequest& req, Services& s) {
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::ImportRepository imports(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto import, imports.Get(req.auth.organization_id, req.Param("uuid")));
  const int64_t now = s.clock.NowSeconds();
  return Envelope("Import retrieved successfully",
                  [&](JsonWriter& w) { WriteImport(w, import, now); });
}

bool WantsCsv(const ApiRequest& req) {
  if (req.QueryValue("format") == "csv") return true;
  return MediaType(req.accept) == "text/csv" || req.accept.find("text/csv") != std::string::npos;
}

// Every rejected row as CSV (line, code, column, field, reason), streamed.
ApiResponse ErrorsCsv(const std::shared_ptr<db::ConnectionLease>& conn, Services& s,
                      const domain::ContactImport& import) {
  ApiResponse res;
  res.content_type = kCsvContentType;
  res.headers.emplace_back("Content-Disposition",
                           "attachment; filename=\"import-" + import.uuid + "-errors.csv\"");
  res.stream = [conn, &clock = s.clock, &ids = s.ids, org = import.organization_id,
                id = import.id](BodySink& sink) -> Status {
    CsvWriter csv([&sink](std::string_view bytes) { return sink.Write(bytes); });
    SB_RETURN_IF_ERROR(csv.WriteRecord({"line", "code", "column", "field", "reason"}));
    store::ImportRepository imports(**conn, clock, ids);
    int64_t after = 0;
    while (true) {
      SB_ASSIGN_OR_RETURN(auto batch, imports.Errors(org, id, after, kErrorsCsvBatch));
      for (const auto& e : batch) {
        SB_RETURN_IF_ERROR(csv.WriteRecord({std::to_string(e.line), e.code, e.column.value_or(""),
                                            e.field.value_or(""), e.reason}));
        after = e.line;
      }
      if (static_cast<int64_t>(batch.size()) < kErrorsCsvBatch) break;
    }
    return csv.Flush();
  };
  return res;
}

Result<ApiResponse> ListImportErrors(const ApiRequest& req, Services& s) {
  QueryReader q(req);
  domain::PageRequest page = q.Page(25);
  SB_RETURN_IF_ERROR(q.Finish());
  SB_ASSIGN_OR_RETURN(auto lease, s.db.Acquire());
  auto conn = std::make_shared<db::ConnectionLease>(std::move(lease));
  store::ImportRepository imports(**conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto import, imports.Get(req.auth.organization_id, req.Param("uuid")));
  if (WantsCsv(req)) return ErrorsCsv(conn, s, import);
  SB_ASSIGN_OR_RETURN(auto errors, imports.Errors(import.organization_id, import.id, 0,
                                                  page.per_page, page.Offset()));
  // Every rejected row has exactly one error row, committed with the counts.
  auto info =
      domain::DescribePage(page, import.progress.failed, static_cast<int64_t>(errors.size()));
  return Envelope("Import errors retrieved successfully", [&](JsonWriter& w) {
    WriteShortPage(
        w, info,
        [&](JsonWriter& rw) {
          for (const auto& e : errors) WriteImportRowError(rw, e);
        },
        [&](JsonWriter& lead) { lead.Field("import_uuid", import.uuid); });
  });
}

}  // namespace

void RegisterImportRoutes(Router& router) {
  router.Add("POST", "/api/v1/contacts/import", CreateImport).max_body_bytes = kMaxImportBytes;
  router.Add("GET", "/api/v1/imports", ListImports);
  router.Add("GET", "/api/v1/imports/{uuid}", GetImport);
  router.Add("GET", "/api/v1/imports/{uuid}/errors", ListImportErrors);
}

}  // namespace sb::api
