#include "app/cli.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include "app/demo.hpp"
#include "app/open_store.hpp"
#include "app/serve.hpp"
#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/time_format.hpp"
#include "store/token_repository.hpp"

namespace sb::app {
namespace {

constexpr const char* kDefaultDb = "./switchboard.db";

int Fail(const Error& e) {
  std::fprintf(stderr, "error: %s%s%s\n", e.message().c_str(), e.details().empty() ? "" : ": ",
               e.details().c_str());
  return 1;
}

struct TokenArgs {
  std::string db = kDefaultDb;
  std::string org;
  std::string user = "admin@example.com";
  std::string name = "cli";
  std::optional<int> expires_in;
  std::string prefix;
};

int WithTokens(const std::string& db_path,
               const std::function<int(store::TokenRepository&)>& body) {
  auto database = OpenStore(db_path);
  if (!database.ok()) return Fail(database.error());
  auto conn = (*database)->Acquire();
  if (!conn.ok()) return Fail(conn.error());
  SystemClock clock;
  UuidV7Generator ids;
  store::TokenRepository tokens(**conn, clock, ids);
  return body(tokens);
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
  serve_cmd->add_option("--db", serve.db_path, "SQLite database file")->capture_default_str();
  serve_cmd->add_option("--host", serve.host, "Address to listen on")->capture_default_str();
  serve_cmd->add_option("--port", serve.port, "Port to listen on (0: any free port)")
      ->capture_default_str();
  serve_cmd->add_option("--threads", serve.threads, "Worker threads (0: one per core)");

  std::string migrate_db = kDefaultDb;
  auto* migrate_cmd = app.add_subcommand("migrate", "Create or upgrade the schema");
  migrate_cmd->add_option("--db", migrate_db, "SQLite database file")->capture_default_str();

  TokenArgs tok;
  auto* token_cmd = app.add_subcommand("token", "Manage API tokens");
  token_cmd->require_subcommand(1);
  auto* token_create =
      token_cmd->add_subcommand("create", "Create a token (prints only the token)");
  token_create->add_option("--db", tok.db, "SQLite database file")->capture_default_str();
  token_create->add_option("--org", tok.org, "Organization name (created if absent)")->required();
  token_create->add_option("--user", tok.user, "User email (created if absent)")
      ->capture_default_str();
  token_create->add_option("--name", tok.name, "A label for the token")->capture_default_str();
  token_create->add_option("--expires-in", tok.expires_in, "Days until the token expires")
      ->check(CLI::Range(1, 3650));
  auto* token_revoke = token_cmd->add_subcommand("revoke", "Revoke tokens by prefix");
  token_revoke->add_option("--db", tok.db, "SQLite database file")->capture_default_str();
  token_revoke->add_option("TOKEN_PREFIX", tok.prefix, "The token or its first characters")
      ->required();
  auto* token_list = token_cmd->add_subcommand("list", "List an organization's tokens");
  token_list->add_option("--db", tok.db, "SQLite database file")->capture_default_str();
  token_list->add_option("--org", tok.org, "Organization name")->required();

  DemoOptions demo;
  auto* demo_cmd = app.add_subcommand("demo", "Fill a demo organization and print a token");
  demo_cmd->add_option("--db", demo.db_path, "SQLite database file")->capture_default_str();
  demo_cmd->add_option("--contacts", demo.contacts, "Number of contacts")->capture_default_str();
  demo_cmd->add_option("--org", demo.org, "Organization name")->capture_default_str();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  if (serve_cmd->parsed()) return Serve(serve);
  if (migrate_cmd->parsed()) {
    auto database = OpenStore(migrate_db);
    if (!database.ok()) return Fail(database.error());
    std::fprintf(stderr, "schema of %s is up to date\n", migrate_db.c_str());
    return 0;
  }
  if (token_create->parsed()) {
    return WithTokens(tok.db, [&](store::TokenRepository& tokens) {
      auto created = tokens.Create(tok.org, tok.user, tok.name, tok.expires_in);
      if (!created.ok()) return Fail(created.error());
      std::cout << created->token << std::endl;
      return 0;
    });
  }
  if (token_revoke->parsed()) {
    return WithTokens(tok.db, [&](store::TokenRepository& tokens) {
      auto n = tokens.Revoke(tok.prefix);
      if (!n.ok()) return Fail(n.error());
      std::fprintf(stderr, "revoked %d token(s)\n", *n);
      return *n > 0 ? 0 : 1;
    });
  }
  if (token_list->parsed()) {
    return WithTokens(tok.db, [&](store::TokenRepository& tokens) {
      auto list = tokens.List(tok.org);
      if (!list.ok()) return Fail(list.error());
      std::printf("%-12s %-16s %-28s %-21s %-21s %-21s %s\n", "PREFIX", "NAME", "USER", "CREATED",
                  "EXPIRES", "LAST USED", "REVOKED");
      for (const auto& t : *list) {
        std::printf("%-12s %-16s %-28s %-21s %-21s %-21s %s\n", t.prefix.c_str(), t.name.c_str(),
                    t.user_email.c_str(), FormatIsoUtc(t.created_at).c_str(),
                    OptTime(t.expires_at).c_str(), OptTime(t.last_used_at).c_str(),
                    OptTime(t.revoked_at).c_str());
      }
      return 0;
    });
  }
  if (demo_cmd->parsed()) return RunDemo(demo);
  return 0;
}

}  // namespace sb::app
