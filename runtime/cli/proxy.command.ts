// `rollcall proxy`: the Toxiproxy-compatible fault proxy as a server process.
// Prints one line with the API's URL once it is listening (the child-process launcher reads it).
import { Command } from 'commander';
import { summaryOf } from './command-summaries.ts';
import { READY_PREFIX, startProxyServer, StartError } from '../proxy/proxy-server.ts';
import { EXIT_FAILED, UsageError } from './usage-error.ts';

interface ProxyOptions {
  host: string;
  port: string;
  config?: string;
  proxyMetrics?: boolean;
  runtimeMetrics?: boolean;
}

function parsePort(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 65535) throw new UsageError(`--port must be an integer from 0 to 65535, got "${text}"`);
  return Number(text);
}

export function proxyCommand(): Command {
  return new Command('proxy')
    .description(summaryOf('proxy'))
    .option('--host <host>', 'address the API listens on', '127.0.0.1')
    .option('--port <port>', 'port the API listens on (0 picks a free one)', '8474')
    .option('--config <file>', 'populate JSON (an array of proxies) applied at start')
    .option('--proxy-metrics', 'serve per-proxy byte counters on /metrics')
    .option('--runtime-metrics', 'serve process metrics on /metrics')
    .action(async (options: ProxyOptions) => {
      const port = parsePort(options.port);
      let server;
      try {
        server = await startProxyServer({
          host: options.host,
          port,
          ...(options.config === undefined ? {} : { config: options.config }),
          proxyMetrics: options.proxyMetrics ?? false,
          runtimeMetrics: options.runtimeMetrics ?? false,
        });
      } catch (error) {
        if (!(error instanceof StartError)) throw error;
        process.stderr.write(`rollcall proxy: ${error.message}\n`);
        process.exit(EXIT_FAILED);
      }
      process.stdout.write(`${READY_PREFIX}${server.url}\n`);
      const stop = (): void => {
        void server.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
