// Contact imports: POST /api/v1/contacts/import takes a CSV file and queues
// it; GET /api/v1/imports[/{uuid}[/errors]] show how imports went.
//
// The server writes the upload to a file as it arrives (Route::body_to_file),
// so memory does not grow with it. The upload is checked before it is put in
// place: the options, that the file has a header row the mapping fits. It is
// then moved (or, from a multipart body, copied) into the import worker's
// directory, flushed to disk, and the import row created; the worker
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
#include "core/file_byte_source.hpp"
#include "core/multipart.hpp"
#include "store/repositories/import_repository.hpp"

namespace sb::api {
namespace {

constexpr size_t kMaxImportBytes = size_t{512} << 20;
constexpr int64_t kErrorsCsvBatch = 1000;

// The media types read as a bare CSV body.
bool IsCsvMediaType(const std::string& media) {
  return media == "text/csv" || media == "application/csv" || media == "text/plain" ||
         media == "application/vnd.ms-excel";
}

// The most a multipart form field other than the file may hold.
constexpr uint64_t kMaxFormFieldBytes = uint64_t{1} << 20;

// The CSV within the body (all of it, or the multipart `file` part) and the
// options.
struct Upload {
  uint64_t offset = 0;
  uint64_t length = 0;
  bool whole_body = true;
  std::string sent_file_name;                              // the file part's filename, as sent
  std::map<std::string, std::string, std::less<>> fields;  // the options, by name
  std::vector<std::string> tag_values;                     // each tag_uuids value sent
};

bool IsTagUuidsKey(std::string_view key) { return key == "tag_uuids" || key == "tag_uuids[]"; }

// Reads bytes [offset, offset + length) of a body as CSV input.
class RangeCsvSource final : public CsvSource {
 public:
  RangeCsvSource(const ByteSource& body, uint64_t offset, uint64_t length)
      : body_(body), pos_(offset), end_(offset + length) {}
  Result<size_t> Read(char* buf, size_t n) override {
    n = static_cast<size_t>(std::min<uint64_t>(n, end_ - pos_));
    if (n == 0) return size_t{0};
    SB_ASSIGN_OR_RETURN(size_t got, body_.ReadAt(pos_, buf, n));
    pos_ += got;
    return got;
  }

 private:
  const ByteSource& body_;
  uint64_t pos_;
  uint64_t end_;
};

// The file and the options: query parameters, overridden by multipart fields.
// Reads the body through `body` with bounded memory (it may be a file).
Result<Upload> ReadUpload(const ApiRequest& req, const ByteSource& body) {
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
    SB_ASSIGN_OR_RETURN(auto parts, ScanMultipart(body, *boundary));
    bool have_file = false;
    bool form_tags = false;
    for (const auto& part : parts) {
      if (part.name == "file") {
        if (have_file) return Error::Validation("file", "Send one file part only.");
        have_file = true;
        u.whole_body = false;
        u.offset = part.offset;
        u.length = part.length;
        u.sent_file_name = part.filename.value_or("");
        continue;
      }
      if (part.length > kMaxFormFieldBytes) {
        return Error::Validation(part.name, "The field may not exceed " +
                                                std::to_string(kMaxFormFieldBytes) + " bytes.");
      }
      SB_ASSIGN_OR_RETURN(std::string value, ReadRange(body, part.offset, part.length));
      if (IsTagUuidsKey(part.name)) {
        if (!form_tags) u.tag_values.clear();
        form_tags = true;
        u.tag_values.push_back(std::move(value));
      } else {
        u.fields[part.name] = std::move(value);
      }
    }
    if (!have_file) return Error::Validation("file", "The file part is required.");
  } else if (IsCsvMediaType(media)) {
    u.length = body.size();
  } else {
    return Error(ErrorCode::kUnsupportedMediaType, "Unsupported media type",
                 "Send the CSV as text/csv, or as multipart/form-data with a file part.");
  }
  return u;
}

// Puts the upload's CSV at `path`, flushed to disk: an upload the server
// wrote to a file is moved (all of it) or copied (a multipart part) there,
// one held in memory written.
Status PlaceUpload(const ApiRequest& req, const Upload& upload, const std::string& path) {
  if (!req.body_file) {
    return WriteFileDurably(path, std::string_view(req.body).substr(upload.offset, upload.length));
  }
  if (upload.whole_body) return MoveFileDurably(req.body_file->path(), path);
  return CopyFileRangeDurably(req.body_file->path(), upload.offset, upload.length, path);
}

Result<ApiResponse> CreateImport(const ApiRequest& req, HandlerContext& s) {
  std::unique_ptr<ByteSource> body;
  if (req.body_file) {
    SB_ASSIGN_OR_RETURN(body, FileByteSource::Open(req.body_file->path()));
  } else {
    body = std::make_unique<StringByteSource>(req.body);
  }
  SB_ASSIGN_OR_RETURN(Upload upload, ReadUpload(req, *body));
  SB_ASSIGN_OR_RETURN(domain::ImportOptions options,
                      ReadImportOptions(upload.fields, upload.tag_values));
  const std::string file_name = ImportFileName(upload.fields, upload.sent_file_name);
  RangeCsvSource file(*body, upload.offset, upload.length);
  SB_RETURN_IF_ERROR(CheckImportHeader(file, static_cast<int64_t>(upload.length), options));
  if (s.imports == nullptr) {
    return Error(ErrorCode::kUnavailable, "Imports are not available",
                 "This server runs no import worker.");
  }
  const std::string path = s.imports->spool_dir() + "/" + s.ids.NewUuid() + ".csv";
  body.reset();
  SB_RETURN_IF_ERROR(PlaceUpload(req, upload, path));
  auto created = [&]() -> Result<domain::ContactImport> {
    SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
    store::ImportRepository imports(*conn, s.clock, s.ids);
    return imports.Create(req.auth.organization_id, req.auth.user_id,
                          {file_name, path, static_cast<int64_t>(upload.length)}, options,
                          s.max_active_imports);
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

Result<ApiResponse> ListImports(const ApiRequest& req, HandlerContext& s) {
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

Result<ApiResponse> GetImport(const ApiRequest& req, HandlerContext& s) {
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

// Every rejected row as CSV (line, code, column, field, reason), streamed: a
// connection per batch of rows (in line order, resuming after the last line
// written), none while writing.
ApiResponse ErrorsCsv(HandlerContext& s, const domain::ContactImport& import) {
  ApiResponse res;
  res.content_type = kCsvContentType;
  res.headers.emplace_back("Content-Disposition",
                           "attachment; filename=\"import-" + import.uuid + "-errors.csv\"");
  res.stream = [&db = s.db, &clock = s.clock, &ids = s.ids, org = import.organization_id,
                id = import.id](BodySink& sink) -> Status {
    CsvWriter csv([&sink](std::string_view bytes) { return sink.Write(bytes); });
    SB_RETURN_IF_ERROR(csv.WriteRecord({"line", "code", "column", "field", "reason"}));
    int64_t after = 0;
    while (true) {
      std::vector<domain::ImportRowError> batch;
      {
        SB_ASSIGN_OR_RETURN(auto conn, db.Acquire());
        store::ImportRepository imports(*conn, clock, ids);
        SB_ASSIGN_OR_RETURN(batch, imports.Errors(org, id, after, kErrorsCsvBatch));
      }
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

Result<ApiResponse> ListImportErrors(const ApiRequest& req, HandlerContext& s) {
  QueryReader q(req);
  domain::PageRequest page = q.Page(25);
  SB_RETURN_IF_ERROR(q.Finish());
  SB_ASSIGN_OR_RETURN(auto lease, s.db.Acquire());
  auto conn = std::make_shared<db::ConnectionLease>(std::move(lease));
  store::ImportRepository imports(**conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto import, imports.Get(req.auth.organization_id, req.Param("uuid")));
  if (WantsCsv(req)) return ErrorsCsv(s, import);
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
  Route& upload = router.Add("POST", "/api/v1/contacts/import", CreateImport);
  upload.max_body_bytes = kMaxImportBytes;
  upload.body_to_file = true;
  router.Add("GET", "/api/v1/imports", ListImports);
  router.Add("GET", "/api/v1/imports/{uuid}", GetImport);
  router.Add("GET", "/api/v1/imports/{uuid}/errors", ListImportErrors);
}

}  // namespace sb::api
