#include "app/cli.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include "app/cli_error.hpp"
#include "app/demo.hpp"
#include "app/export.hpp"
#include "app/import.hpp"
#include "app/open_store.hpp"
#include "app/serve.hpp"
#include "app/simulate.hpp"
#include "app/token_audit.hpp"
#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/ip_network.hpp"
#include "core/time_format.hpp"
#include "domain/token_access.hpp"
#include "http/base_url.hpp"
#include "store/repositories/token_repository.hpp"
#include "tools/copy/store_copy.hpp"

namespace sb::app {
namespace {

// Where the data lives: --db, else $SWITCHBOARD_DB, else ./switchboard.db.
struct DbArgs {
  std::string target = kDefaultDb;
  int pool = 0;  // 0: the engine's default
  db::Durability durability = db::Durability::kFull;
};

void AddDbOptions(CLI::App* cmd, DbArgs& args) {
  cmd->add_option("--db", args.target,
                  "SQLite database file, or a postgres:// or postgresql:// URL")
      ->envname(kDbEnvVar)
      ->capture_default_str();
  cmd->add_option("--db-pool", args.pool,
                  "Database connections to keep (default: 8 on PostgreSQL, 16 on SQLite)")
      ->check(CLI::Range(1, 1000));
  AddDurabilityOption(cmd, args.durability);
}

struct TokenArgs {
  DbArgs db;
  std::string org;
  std::string user = "admin@example.com";
  std::string name = "cli";
  std::optional<int> expires_in;
  std::vector<std::string> scopes;  // --scope, repeatable; none: read and write
  std::string prefix;
};

// "read,write": one word, so the list's columns stay split on spaces.
std::string ScopesColumn(const domain::TokenScopes& scopes) {
  std::string out;
  for (const std::string& s : domain::TokenScopeList(scopes)) out += (out.empty() ? "" : ",") + s;
  return out;
}

// Runs `body` on a connection to the store named by `db`, with the system
// clock and time-ordered uuids.
int WithStore(const DbArgs& db,
              const std::function<int(db::Connection&, const Clock&, IdGenerator&)>& body) {
  auto database = OpenStore(db.target, db.pool, db.durability);
  if (!database.ok()) return FailWith(database.error());
  auto conn = (*database)->Acquire();
  if (!conn.ok()) return FailWith(conn.error());
  SystemClock clock;
  UuidV7Generator ids;
  return body(**conn, clock, ids);
}

int WithTokens(const DbArgs& db, const std::function<int(store::TokenRepository&)>& body) {
  return WithStore(db, [&](db::Connection& conn, const Clock& clock, IdGenerator& ids) {
    store::TokenRepository tokens(conn, clock, ids);
    return body(tokens);
  });
}

struct CopyArgs {
  std::string from;
  std::string to;
  std::string org;
  db::Durability durability = db::Durability::kFull;
};

int RunCopy(const CopyArgs& args) {
  if (args.from == args.to) {
    return FailWith(Error(ErrorCode::kBadRequest, "--from and --to name the same store"));
  }
  auto from = OpenStore(args.from, 2, args.durability);
  if (!from.ok()) return FailWith(from.error());
  auto to = OpenStore(args.to, 2, args.durability);
  if (!to.ok()) return FailWith(to.error());
  tools::CopyOptions options;
  if (!args.org.empty()) options.organization = args.org;
  auto report = tools::CopyOrganizations(**from, **to, options);
  if (!report.ok()) return FailWith(report.error());
  std::fprintf(stderr, "copied %lld organization(s) from %s to %s\n",
               static_cast<long long>(report->organizations), DescribeStore(args.from).c_str(),
               DescribeStore(args.to).c_str());
  for (const auto& [table, rows] : report->rows) {
    std::fprintf(stderr, "  %-22s %lld\n", table.c_str(), static_cast<long long>(rows));
  }
  return 0;
}

std::string OptTime(const std::optional<int64_t>& t) { return t ? FormatIsoUtc(*t) : "-"; }

}  // namespace

int RunCli(int argc, char** argv) {
  auto logger = spdlog::stderr_color_mt("switchboard");
  spdlog::set_default_logger(logger);

  CLI::App app{"Switchboard: the system of record for outbound AI calling"};
  app.require_subcommand(1);

  ServeOptions serve;
  auto* serve_cmd = app.add_subcommand("serve", "Run the HTTP API server");
  DbArgs serve_db;
  AddDbOptions(serve_cmd, serve_db);
  serve_cmd->add_option("--host", serve.host, "Address to listen on")->capture_default_str();
  serve_cmd->add_option("--port", serve.port, "Port to listen on (0: any free port)")
      ->capture_default_str();
  serve_cmd->add_option("--threads", serve.threads,
                        "I/O threads: they accept, read and write, and never block (0: one per "
                        "core)");
  serve_cmd
      ->add_option("--workers", serve.workers,
                   "Threads that run requests against the database (default 16)")
      ->check(CLI::PositiveNumber);
  serve_cmd
      ->add_option("--worker-queue", serve.worker_queue,
                   "Requests that may wait for a worker; more are a 503 with Retry-After "
                   "(default 1024)")
      ->check(CLI::NonNegativeNumber);
  serve_cmd
      ->add_option("--max-streams", serve.max_streams,
                   "Streamed answers (exports, unpaged Callab queries, import errors) at once in "
                   "the server; more are a 429 (default 32)")
      ->check(CLI::PositiveNumber);
  serve_cmd
      ->add_option("--max-streams-per-org", serve.max_streams_per_org,
                   "Streamed answers at once for one organization; more are a 429 (default 8)")
      ->check(CLI::PositiveNumber);
  serve_cmd
      ->add_option("--min-body-rate", serve.min_body_rate,
                   "Bytes a second a request body must average once --min-body-grace has "
                   "passed, or the connection is closed (default 1024, 0: no minimum)")
      ->check(CLI::NonNegativeNumber);
  serve_cmd
      ->add_option("--min-body-grace", serve.min_body_grace,
                   "Seconds a request body may take before --min-body-rate applies (default 10)")
      ->check(CLI::PositiveNumber);
  serve_cmd
      ->add_option("--max-connections", serve.max_connections,
                   "Open connections at most; more are answered 503 (0: from the "
                   "descriptor limit)")
      ->check(CLI::NonNegativeNumber);
  serve_cmd->add_flag("--webhook-allow-private", serve.webhook_allow_private,
                      "Let webhooks target loopback, private and link-local addresses");
  serve_cmd
      ->add_option("--max-body-bytes", serve.max_body_bytes,
                   "Largest request body on routes without a limit of their own; larger is a "
                   "413 (default 1 MiB)")
      ->check(CLI::PositiveNumber);
  serve_cmd
      ->add_option("--import-max-record-bytes", serve.import_max_record_bytes,
                   "Longest CSV record an import takes; longer is a row error (default 1 MiB)")
      ->check(CLI::PositiveNumber);
  serve_cmd
      ->add_option("--import-max-cells", serve.import_max_cells,
                   "Most cells in one CSV record of an import; more is a row error (default "
                   "4096)")
      ->check(CLI::PositiveNumber);
  serve_cmd
      ->add_option("--max-imports-per-org", serve.max_imports_per_org,
                   "Imports one organization may have queued or running; more uploads are a 429 "
                   "(default 5, 0: no cap)")
      ->check(CLI::NonNegativeNumber);
  serve_cmd
      ->add_option("--commit-batch", serve.commit_batch,
                   "Claims and dialer events that may share one commit when they arrive "
                   "together (default 32; 1: a commit each)")
      ->check(CLI::Range(1, 1000));
  serve_cmd
      ->add_option("--rate-limit", serve.rate_limit,
                   "Requests a second each API token may make on average; more are a 429 with "
                   "Retry-After (default 0: no limit)")
      ->check(CLI::NonNegativeNumber);
  serve_cmd
      ->add_option("--rate-burst", serve.rate_burst,
                   "Requests each API token may make at once (default: a second's worth)")
      ->check(CLI::NonNegativeNumber);
  serve_cmd->add_option("--import-dir", serve.import_dir,
                        "Where uploaded CSV files wait for their import (default: DB.imports "
                        "beside a SQLite file, ./switchboard-imports for PostgreSQL)");

  serve_cmd
      ->add_option("--public-url", serve.public_url,
                   "The base of absolute URLs in answers (page URLs), as clients reach the "
                   "server: http(s)://HOST[:PORT][/PREFIX] (default: http://<--host>:<port>, "
                   "localhost for 0.0.0.0 and ::)")
      ->check(CLI::Validator(
          [](const std::string& value) {
            auto parsed = http::ParsePublicUrl(value);
            return parsed.ok() ? std::string() : parsed.error().message();
          },
          "URL"));
  serve_cmd
      ->add_option("--trusted-proxy", serve.trusted_proxies,
                   "An IP address or CIDR network (IPv4 or IPv6) of a reverse proxy whose "
                   "X-Forwarded-Proto and X-Forwarded-Host are believed when --public-url is not "
                   "set (repeatable)")
      ->delimiter(',')
      ->check(CLI::Validator(
          [](const std::string& value) {
            return IpNetwork::Parse(value) ? std::string()
                                           : "not an IP address or CIDR network: " + value;
          },
          "IP|CIDR"));

  DbArgs migrate_db;
  auto* migrate_cmd = app.add_subcommand("migrate", "Create or upgrade the schema");
  AddDbOptions(migrate_cmd, migrate_db);

  TokenArgs tok;
  auto* token_cmd = app.add_subcommand("token", "Manage API tokens");
  token_cmd->require_subcommand(1);
  auto* token_create =
      token_cmd->add_subcommand("create", "Create a token (prints only the token)");
  AddDbOptions(token_create, tok.db);
  token_create->add_option("--org", tok.org, "Organization name (created if absent)")->required();
  token_create->add_option("--user", tok.user, "User email (created if absent)")
      ->capture_default_str();
  token_create->add_option("--name", tok.name, "A label for the token")->capture_default_str();
  token_create->add_option("--expires-in", tok.expires_in, "Days until the token expires")
      ->check(CLI::Range(1, 3650));
  token_create->add_option("--scope", tok.scopes,
                           "read or write (repeatable; default: both). A token never does more "
                           "than its user's role allows");
  auto* token_revoke = token_cmd->add_subcommand("revoke", "Revoke tokens by prefix");
  AddDbOptions(token_revoke, tok.db);
  token_revoke->add_option("TOKEN_PREFIX", tok.prefix, "The token or its first characters")
      ->required();
  auto* token_list = token_cmd->add_subcommand("list", "List an organization's tokens");
  AddDbOptions(token_list, tok.db);
  token_list->add_option("--org", tok.org, "Organization name")->required();

  DemoOptions demo;
  auto* demo_cmd = app.add_subcommand("demo", "Fill a demo organization and print a token");
  DbArgs demo_db;
  AddDbOptions(demo_cmd, demo_db);
  demo_cmd->add_option("--contacts", demo.contacts, "Number of contacts")->capture_default_str();
  demo_cmd->add_option("--org", demo.org, "Organization name")->capture_default_str();

  CopyArgs copy;
  auto* copy_cmd = app.add_subcommand(
      "copy", "Copy organizations with all their data between stores (SQLite, PostgreSQL)");
  copy_cmd->add_option("--from", copy.from, "Source: a SQLite file or a postgres:// URL")
      ->required();
  copy_cmd->add_option("--to", copy.to, "Destination (created and migrated when new)")->required();
  copy_cmd->add_option("--org", copy.org, "Copy only this organization (default: all)");
  AddDurabilityOption(copy_cmd, copy.durability);

  SimulateOptions simulate;
  auto* simulate_cmd = app.add_subcommand(
      "simulate",
      "Run a campaign's dialer on a copy of its data against a simulated clock; print a JSON "
      "report");
  simulate_cmd->add_option("--db", simulate.db_path, "The store (read only): a SQLite file or URL")
      ->envname(kDbEnvVar)
      ->capture_default_str();
  AddDurabilityOption(simulate_cmd, simulate.durability);
  simulate_cmd->add_option("--campaign", simulate.campaign_uuid, "The campaign's uuid")->required();
  simulate_cmd->add_option("--days", simulate.days, "Days to simulate")
      ->check(CLI::Range(1, 90))
      ->capture_default_str();
  simulate_cmd->add_option("--workers", simulate.workers, "AI agent workers calling at once")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  simulate_cmd
      ->add_option("--outcomes", simulate.outcomes,
                   "Odds of each attempt's outcome, e.g. picked-up=0.3,no-answer=0.5,busy=0.2 "
                   "(also voicemail, unreachable, failed, opted-out, invalid-number)")
      ->required();
  simulate_cmd->add_option("--seed", simulate.seed, "Random seed")->capture_default_str();
  simulate_cmd->add_option("--start", simulate.start,
                           "When the simulation starts, ISO-8601 (default: now)");

  ExportOptions export_options;
  auto* export_cmd = app.add_subcommand(
      "export", "Write an organization's contacts as CSV on stdout (import's format)");
  export_cmd->add_option("--db", export_options.db_path, "SQLite database file or URL")
      ->envname(kDbEnvVar)
      ->capture_default_str();
  AddDurabilityOption(export_cmd, export_options.durability);
  export_cmd->add_option("--org", export_options.org, "Organization name")->required();
  export_cmd->add_option("--status", export_options.status, "Only contacts in this status");
  export_cmd->add_option("--filter", export_options.filters,
                         "KEY=VALUE, any filter of GET /api/v1/contacts (repeatable)");

  ImportCommandOptions import_options;
  auto* import_cmd = app.add_subcommand(
      "import", "Load a contacts CSV file into an organization in this process (see --help)");
  AddImportOptions(import_cmd, import_options);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code != 0 && import_cmd->parsed() ? 1 : code;  // import: bad arguments exit 1
  }

  if (serve_cmd->parsed()) {
    serve.db_path = serve_db.target;
    serve.db_pool = serve_db.pool;
    serve.durability = serve_db.durability;
    return Serve(serve);
  }
  if (migrate_cmd->parsed()) {
    auto database = OpenStore(migrate_db.target, migrate_db.pool, migrate_db.durability);
    if (!database.ok()) return FailWith(database.error());
    std::fprintf(stderr, "schema of %s is up to date\n", DescribeStore(migrate_db.target).c_str());
    return 0;
  }
  if (token_create->parsed()) {
    return WithStore(tok.db, [&](db::Connection& conn, const Clock& clock, IdGenerator& ids) {
      domain::TokenScopes scopes;
      if (!tok.scopes.empty()) {
        auto parsed = domain::ParseTokenScopes(tok.scopes, "--scope");
        if (!parsed.ok()) return FailWith(parsed.error());
        scopes = *parsed;
      }
      auto created =
          CreateTokenAudited(conn, clock, ids, tok.org, tok.user, tok.name, tok.expires_in, scopes);
      if (!created.ok()) return FailWith(created.error());
      std::cout << created->token << std::endl;
      return 0;
    });
  }
  if (token_revoke->parsed()) {
    return WithStore(tok.db, [&](db::Connection& conn, const Clock& clock, IdGenerator& ids) {
      auto n = RevokeTokensAudited(conn, clock, ids, tok.prefix);
      if (!n.ok()) return FailWith(n.error());
      std::fprintf(stderr, "revoked %d token(s)\n", *n);
      return *n > 0 ? 0 : 1;
    });
  }
  if (token_list->parsed()) {
    return WithTokens(tok.db, [&](store::TokenRepository& tokens) {
      auto list = tokens.List(tok.org);
      if (!list.ok()) return FailWith(list.error());
      std::printf("%-12s %-16s %-28s %-10s %-21s %-21s %-21s %s\n", "PREFIX", "NAME", "USER",
                  "SCOPES", "CREATED", "EXPIRES", "LAST USED", "REVOKED");
      for (const auto& t : *list) {
        std::printf("%-12s %-16s %-28s %-10s %-21s %-21s %-21s %s\n", t.prefix.c_str(),
                    t.name.c_str(), t.user_email.c_str(), ScopesColumn(t.scopes).c_str(),
                    FormatIsoUtc(t.created_at).c_str(), OptTime(t.expires_at).c_str(),
                    OptTime(t.last_used_at).c_str(), OptTime(t.revoked_at).c_str());
      }
      return 0;
    });
  }
  if (copy_cmd->parsed()) return RunCopy(copy);
  if (simulate_cmd->parsed()) return RunSimulate(simulate);
  if (export_cmd->parsed()) return RunExport(export_options);
  if (import_cmd->parsed()) return RunImport(import_options);
  if (demo_cmd->parsed()) {
    demo.db_path = demo_db.target;
    demo.db_pool = demo_db.pool;
    demo.durability = demo_db.durability;
    return RunDemo(demo);
  }
  return 0;
}

}  // namespace sb::app
