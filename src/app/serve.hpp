// `switchboard serve`: runs the HTTP server until SIGINT/SIGTERM.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "store/drivers/durability.hpp"

namespace sb::app {

struct ServeOptions {
  std::string db_path = "./switchboard.db";           // or a postgres:// URL
  int db_pool = 0;                                    // connections; 0: the engine's default
  db::Durability durability = db::Durability::kFull;  // store/db/durability.hpp
  std::string host = "127.0.0.1";
  uint16_t port = 8080;
  size_t threads = 0;       // I/O threads; 0: one per core
  int max_connections = 0;  // 0: from the descriptor limit (http::ServerOptions)
  // Load limits (docs/LIMITS.md, http::ServerOptions); 0 or -1: the default.
  size_t workers = 0;
  int64_t worker_queue = -1;
  size_t max_streams = 0;
  size_t max_streams_per_org = 0;
  int64_t min_body_rate = -1;  // 0: no minimum
  int min_body_grace = 0;
  // Webhooks may target loopback, private and link-local addresses.
  bool webhook_allow_private = false;
  // Where uploaded import files wait for their import; empty: PATH.imports
  // beside a SQLite file, ./switchboard-imports for PostgreSQL.
  std::string import_dir;
  // Input limits (docs/LIMITS.md); 0: the default.
  size_t max_body_bytes = 0;           // a request body, on routes without a limit of their own
  size_t import_max_record_bytes = 0;  // one CSV record of an import
  size_t import_max_cells = 0;         // cells of one CSV record of an import
  int64_t max_imports_per_org = -1;    // imports queued or running per organization; -1: default
  size_t commit_batch = 0;             // claims/events sharing one commit at most; 0: default
  double rate_limit = 0;               // requests a second per API token; 0: no limit
  double rate_burst = 0;               // requests at once per token; 0: a second's worth
  // The base of absolute URLs in answers (page URLs); empty: the listen
  // address (http/base_url.hpp). Refused at start when not a valid URL.
  std::string public_url;
  // IPs or CIDR networks whose X-Forwarded-Proto/-Host count (without a
  // public URL). Refused at start when one is not.
  std::vector<std::string> trusted_proxies;
};

int Serve(const ServeOptions& options);

}  // namespace sb::app
