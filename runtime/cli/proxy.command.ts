// `rollcall proxy`: the Toxiproxy-compatible fault proxy as a server process.
// Prints one line with the API's URL once it is listening (the child-process launcher reads it).
import { Command } from 'commander';
import { summaryOf } from './command-summaries.ts';
import { READY_PREFIX, startProxyServer, StartError } from '../proxy/proxy-server.ts';
import { parsePort } from './cli-values.ts';
import { EXIT_FAILED } from './usage-error.ts';

interface ProxyOptions {
  host: string;
  httpPort: string;
  populate?: string;
  proxyMetrics?: boolean;
  runtimeMetrics?: boolean;
}

export function proxyCommand(): Command {
  return new Command('proxy')
    .description(summaryOf('proxy'))
    .option('--host <host>', 'address the API listens on', '127.0.0.1')
    .option('--http-port <port>', 'port the API listens on (0 picks a free one)', '8474')
    .option('--populate <file>', 'populate JSON (an array of proxies) applied at start')
    .option('--proxy-metrics', 'serve per-proxy byte counters on /metrics')
    .option('--runtime-metrics', 'serve process metrics on /metrics')
    .action(async (options: ProxyOptions) => {
      const port = parsePort(options.httpPort, '--http-port');
      let server;
      try {
        server = await startProxyServer({
          host: options.host,
          port,
          ...(options.populate === undefined ? {} : { config: options.populate }),
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
