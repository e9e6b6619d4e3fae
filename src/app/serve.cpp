#include "app/serve.hpp"

#include <csignal>
#include <optional>
#include <random>

#include <spdlog/spdlog.h>

#include "api/router.hpp"
#include "app/open_store.hpp"
#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/ip_network.hpp"
#include "http/base_url.hpp"
#include "http/server.hpp"
#include "jobs/import_worker.hpp"
#include "jobs/lease_sweeper.hpp"
#include "jobs/webhook_dispatcher.hpp"
#include "jobs/webhook_transport.hpp"
#include "store/repositories/count_cache.hpp"

namespace sb::app {
namespace {

// A uniform number in [0, 1) for the webhook retries' jitter; thread-safe.
double RandomUnit() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

}  // namespace

int Serve(const ServeOptions& options) {
  std::string public_url;
  if (!options.public_url.empty()) {
    auto parsed = http::ParsePublicUrl(options.public_url);
    if (!parsed.ok()) {
      spdlog::error("--public-url: {}", parsed.error().message());
      return 1;
    }
    public_url = std::move(parsed).value();
  }
  std::vector<IpNetwork> trusted_proxies;
  for (const std::string& text : options.trusted_proxies) {
    std::optional<IpNetwork> network = IpNetwork::Parse(text);
    if (!network) {
      spdlog::error("--trusted-proxy: not an IP address or CIDR network: {}", text);
      return 1;
    }
    trusted_proxies.push_back(*network);
  }
  if (!public_url.empty() && !trusted_proxies.empty()) {
    spdlog::warn("--trusted-proxy has no effect: --public-url decides every absolute URL");
  }
  auto database = OpenStore(options.db_path, options.db_pool, options.durability);
  if (!database.ok()) {
    spdlog::error("cannot open {}: {}", DescribeStore(options.db_path), database.error().details());
    return 1;
  }
  spdlog::info("store {} commits with durability {}", DescribeStore(options.db_path),
               db::DurabilityName(options.durability));
  SystemClock clock;
  UuidV7Generator ids;
  store::CountCache counts;
  jobs::ImportWorkerOptions import_options;
  import_options.spool_dir = !options.import_dir.empty() ? options.import_dir
                             : (*database)->engine() == db::Engine::kSqlite
                                 ? options.db_path + ".imports"
                                 : "./switchboard-imports";
  if (options.import_max_record_bytes > 0) {
    import_options.max_record_bytes = options.import_max_record_bytes;
  }
  if (options.import_max_cells > 0) import_options.max_cells = options.import_max_cells;
  jobs::ImportWorker imports(**database, clock, ids, import_options);
  if (Status st = imports.Prepare(); !st.ok()) {
    spdlog::error("{}", st.error().details());
    return 1;
  }
  db::CommitGroup commits(**database, options.commit_batch > 0 ? options.commit_batch
                                                               : db::CommitGroup::kDefaultMaxBatch);
  api::HandlerContext services{**database, clock, ids, counts, commits, &imports};
  services.webhook_allow_private = options.webhook_allow_private;
  if (options.max_imports_per_org >= 0) services.max_active_imports = options.max_imports_per_org;
  api::Router router;
  api::RegisterAllRoutes(router);
  http::DispatcherOptions dispatcher_options;
  if (options.max_body_bytes > 0) dispatcher_options.max_body_bytes = options.max_body_bytes;
  dispatcher_options.rate_limit.per_second = options.rate_limit;
  dispatcher_options.rate_limit.burst = options.rate_burst;
  http::Dispatcher dispatcher(router, services, dispatcher_options);

  // Block the stop signals in every thread (the server's threads inherit the
  // mask) and wait for them here.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  http::ServerOptions server_options;
  server_options.host = options.host;
  server_options.port = options.port;
  server_options.threads = options.threads;
  server_options.max_connections = options.max_connections;
  server_options.workers = options.workers;
  if (options.worker_queue >= 0)
    server_options.worker_queue = static_cast<size_t>(options.worker_queue);
  if (options.max_streams > 0) server_options.max_streams = options.max_streams;
  if (options.max_streams_per_org > 0)
    server_options.max_streams_per_org = options.max_streams_per_org;
  if (options.min_body_rate >= 0)
    server_options.min_body_rate = static_cast<size_t>(options.min_body_rate);
  if (options.min_body_grace > 0) server_options.min_body_grace_seconds = options.min_body_grace;
  server_options.public_url = public_url;
  server_options.trusted_proxies = trusted_proxies;
  // Beside the imports, so an upload moves into place with a rename.
  server_options.upload_dir = import_options.spool_dir + "/incoming";
  http::Server server(dispatcher, server_options);
  if (Status st = server.Start(); !st.ok()) {
    spdlog::error("{}: {}", st.error().message(), st.error().details());
    return 1;
  }
  jobs::LeaseSweeper sweeper(**database, clock, ids);
  sweeper.Start();
  jobs::CurlWebhookTransport webhook_transport(options.webhook_allow_private);
  jobs::WebhookDispatcher webhooks(**database, clock, ids, webhook_transport, RandomUnit);
  webhooks.Start();
  imports.Start();
  spdlog::info("switchboard listening on http://{}:{} (database {}), page URLs under {}",
               options.host, server.port(), DescribeStore(options.db_path),
               public_url.empty() ? http::DefaultBaseUrl(options.host, server.port()) : public_url);
  int sig = 0;
  sigwait(&signals, &sig);
  spdlog::info("received signal {}, finishing requests in flight", sig);
  server.Stop();
  sweeper.Stop();
  webhooks.Stop();
  imports.Stop();
  spdlog::info("stopped");
  return 0;
}

}  // namespace sb::app
