// What every `rollcall admin …` (and `rollcall status`) command shares: the connection flags, a
// client for the registry they name, and running one call with its reply printed — as the
// command's table, or as JSON with `-o json` — or its failure as one line and exit code 1.
import { Command, Option } from 'commander';
import { ApiCallError, DEFAULT_HTTP_URL, RegistryClient, UnreachableError } from './registry-client.ts';
import { loadTls, tlsPaths, TlsError, type TlsMaterial } from '../tls/tls-files.ts';
import { outputFlags, outputFormat, type OutputFormat } from './output.ts';
import { EXIT_FAILED, UsageError } from './usage-error.ts';

const ID = /^[A-Za-z0-9._-]{1,64}$/;

interface CommonFlags {
  http?: string;
  token?: string;
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
}

/** A flag given on the command, else on `admin`. */
function flag<K extends keyof CommonFlags>(command: Command, name: K): CommonFlags[K] {
  return command.opts<CommonFlags>()[name] ?? command.parent?.opts<CommonFlags>()[name];
}

/** The TLS material for an https registry (CA to verify it, client certificate for mTLS). */
function tlsFor(command: Command): TlsMaterial | null {
  const paths = tlsPaths({ tlsCa: flag(command, 'tlsCa'), tlsCert: flag(command, 'tlsCert'), tlsKey: flag(command, 'tlsKey') });
  try {
    return loadTls(paths, { certificate: false });
  } catch (error) {
    if (error instanceof TlsError) throw new UsageError(error.message);
    throw error;
  }
}

/** The registry URL: --http on the command, then on `admin`, then $ROLLCALL_HTTP, then the default. */
export function clientFor(command: Command): RegistryClient {
  const url = flag(command, 'http') ?? process.env.ROLLCALL_HTTP ?? DEFAULT_HTTP_URL;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--http: "${url}" is not a URL (e.g. http://127.0.0.1:8080)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UsageError(`--http: "${url}" must be an http:// or https:// URL`);
  const token = flag(command, 'token') ?? process.env.ROLLCALL_ADMIN_TOKEN;
  return new RegistryClient(url, 10_000, token || undefined, tlsFor(command));
}

export function checkId(what: string, id: string): string {
  if (!ID.test(id)) throw new UsageError(`${what}: "${id}" is not a worker or job ID (letters, digits, '.', '_', '-'; at most 64)`);
  return id;
}

/** Prints a reply as a person reads it; `format` is table or wide (json never reaches it). */
export type Print = (reply: unknown, format: OutputFormat) => string;

/** Runs one API call and prints its reply; API and connection failures become one line and exit 1. */
export async function run(command: Command, call: (client: RegistryClient) => Promise<unknown>, print: Print): Promise<boolean> {
  const client = clientFor(command);
  try {
    const reply = await call(client);
    const format = outputFormat();
    process.stdout.write(format === 'json' ? JSON.stringify(reply, null, 2) + '\n' : print(reply, format));
    return true;
  } catch (error) {
    if (error instanceof UnreachableError) process.stderr.write(`rollcall: ${error.message}\n`);
    else if (error instanceof ApiCallError && error.status === 401) process.stderr.write(`rollcall: ${error.code}: ${error.message}; pass --token or set ROLLCALL_ADMIN_TOKEN\n`);
    else if (error instanceof ApiCallError) process.stderr.write(`rollcall: ${error.code}: ${error.message}\n`);
    else throw error;
    process.exitCode = EXIT_FAILED;
    return false;
  }
}

const CONNECTION = 'Connection:';

/** The connection flags both `admin` and each of its commands take. */
export function connectionFlags(command: Command): Command {
  const option = (flags: string, description: string) => new Option(flags, description).helpGroup(CONNECTION);
  return command
    .addOption(option('--http <url>', `the registry's REST API [$ROLLCALL_HTTP] (default: ${DEFAULT_HTTP_URL})`))
    .addOption(option('--token <token>', 'the admin token [$ROLLCALL_ADMIN_TOKEN]'))
    .addOption(option('--tls-ca <file>', "PEM CA certificates to verify an https:// registry against (default: the system's) [$ROLLCALL_TLS_CA]"))
    .addOption(option('--tls-cert <file>', 'PEM client certificate, for a registry that requires one [$ROLLCALL_TLS_CERT]'))
    .addOption(option('--tls-key <file>', 'PEM private key of --tls-cert [$ROLLCALL_TLS_KEY]'));
}

export function subcommand(name: string, description: string): Command {
  return outputFlags(connectionFlags(new Command(name).description(description)))
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
}
