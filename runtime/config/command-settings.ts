// The settings of the `registry` and `worker` processes that are not tuning keys: where they
// listen, their database or state dir, TLS files, tokens, logs. Each is a flag, a ROLLCALL_*
// variable and a key of the config file, so a container can be set up by its environment alone
// (docs/configuration.md, "Process settings", is generated from these tables).
import { flagName } from './config-schema.ts';

/** How a value is checked when it comes from the environment or the config file. */
export type SettingKind = 'text' | 'port' | 'duration' | 'count' | 'boolean' | 'choice' | 'file-or-off';

export interface CommandSetting {
  /** camelCase: the config-file key and commander's name for the flag. */
  key: string;
  kind: SettingKind;
  /** What the flag's value stands for in help (`<port>`); none for a boolean. */
  arg?: string;
  default?: string;
  choices?: readonly string[];
  /** The heading of `--help` it is listed under. */
  group: string;
  meaning: string;
  /** Only a flag or a variable, not a key of the file (the file's own path). */
  notInFile?: true;
}

export const LISTEN = 'Listening:';
export const STORE = 'Storage:';
export const SECURITY = 'Security:';
export const LOGS = 'Logs:';
export const JOINING = 'Joining:';

const configSetting: CommandSetting = { key: 'config', kind: 'text', arg: '<file>', group: STORE, meaning: 'JSON file of settings: tuning keys and the process settings below (docs/configuration.md)', notInFile: true };
const host: CommandSetting = { key: 'host', kind: 'text', arg: '<host>', default: '127.0.0.1', group: LISTEN, meaning: 'interface the servers listen on' };
const logLevel: CommandSetting = { key: 'logLevel', kind: 'choice', arg: '<level>', default: 'info', choices: ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], group: LOGS, meaning: 'least severe log lines written (request logs are debug)' };
const logFormat: CommandSetting = { key: 'logFormat', kind: 'choice', arg: '<format>', choices: ['pretty', 'json'], group: LOGS, meaning: 'log lines for people or one JSON object a line (default pretty when stderr is a terminal, else json)' };
const tlsCa = (meaning: string): CommandSetting => ({ key: 'tlsCa', kind: 'text', arg: '<file>', group: SECURITY, meaning });
const tlsCert = (meaning: string): CommandSetting => ({ key: 'tlsCert', kind: 'text', arg: '<file>', group: SECURITY, meaning });
const tlsKey: CommandSetting = { key: 'tlsKey', kind: 'text', arg: '<file>', group: SECURITY, meaning: 'PEM private key of --tls-cert' };
const joinToken = (meaning: string): CommandSetting => ({ key: 'joinToken', kind: 'text', arg: '<token>', group: SECURITY, meaning });

export const registrySettings: readonly CommandSetting[] = [
  host,
  { key: 'advertiseHost', kind: 'text', arg: '<host>', group: LISTEN, meaning: 'host workers are told to register with after a dial-in (default --host)' },
  { key: 'grpcPort', kind: 'port', arg: '<port>', default: '50051', group: LISTEN, meaning: 'gRPC port (0 picks a free one)' },
  { key: 'httpPort', kind: 'port', arg: '<port>', default: '8080', group: LISTEN, meaning: 'REST port (0 picks a free one)' },
  configSetting,
  { key: 'db', kind: 'text', arg: '<file|url>', default: './rollcall.db', group: STORE, meaning: 'SQLite database file, or a postgres://user@host:port/db URL (":memory:" keeps nothing)' },
  { key: 'events', kind: 'text', arg: '<file>', group: STORE, meaning: "also write state changes as a JSONL event log (the simulator's format; - for stdout)" },
  { key: 'auditLog', kind: 'file-or-off', arg: '<file>', group: STORE, meaning: 'append-only JSONL audit log of registrations, removals and refused credentials (default <db>.audit.jsonl for a SQLite --db; false: none)' },
  { key: 'replicaId', kind: 'text', arg: '<name>', group: STORE, meaning: "with a postgres:// --db: this replica's name (default <hostname>:<gRPC port>)" },
  { key: 'leaseTtl', kind: 'duration', arg: '<duration>', default: '10s', group: STORE, meaning: "with a postgres:// --db: the leader lease's time to live (failover takes about this long)" },
  { key: 'leaseRenew', kind: 'duration', arg: '<duration>', default: '2s', group: STORE, meaning: 'with a postgres:// --db: how often the leader renews and standbys try to take over' },
  joinToken('cluster join token registrations must carry (default: the one kept in --db, else generated and printed once)'),
  { key: 'adminToken', kind: 'text', arg: '<token>', group: SECURITY, meaning: 'token admin calls must carry (default: the one kept in --db, else generated and printed once)' },
  { key: 'protectReads', kind: 'boolean', group: SECURITY, meaning: 'read-only routes need the admin token too' },
  tlsCert('PEM certificate chain: serve gRPC and REST over TLS, dial worker agents over TLS'),
  tlsKey,
  tlsCa('PEM CA certificates: require client certificates it signed (mTLS), verify worker agents against it'),
  logLevel,
  logFormat,
];

export const workerSettings: readonly CommandSetting[] = [
  { key: 'registry', kind: 'text', arg: '<host:port,...>', group: JOINING, meaning: 'registry endpoints, tried in turn (default: remembered in the state dir, else wait to be attached)' },
  { key: 'id', kind: 'text', arg: '<id>', group: JOINING, meaning: 'requested worker ID (default: the one in the state dir, else assigned)' },
  { key: 'name', kind: 'text', arg: '<name>', group: JOINING, meaning: 'human-readable name (default HOSTNAME:AGENT-PORT)' },
  { key: 'capacity', kind: 'count', arg: '<n>', default: '4', group: JOINING, meaning: 'max concurrent jobs' },
  { key: 'capabilities', kind: 'text', arg: '<k=v,...>', group: JOINING, meaning: 'capabilities jobs can require' },
  { key: 'labels', kind: 'text', arg: '<k=v,...>', group: JOINING, meaning: 'labels' },
  { key: 'heartbeatMode', kind: 'choice', arg: '<mode>', default: 'stream', choices: ['stream', 'unary'], group: JOINING, meaning: 'stream (one bidirectional stream) or unary' },
  { key: 'spreadHeartbeats', kind: 'boolean', group: JOINING, meaning: 'with registry replicas: stream heartbeats to the --registry endpoint this worker hashes to (standbys answer them), other calls to the leader' },
  host,
  { key: 'advertiseHost', kind: 'text', arg: '<host>', group: LISTEN, meaning: 'host the registry should dial (default --host)' },
  { key: 'registryVia', kind: 'text', arg: '<host:port>', group: LISTEN, meaning: 'reach the registry here, not at the endpoint a dial-in names (a proxy or NAT in between)' },
  { key: 'agentPort', kind: 'port', arg: '<port>', default: '0', group: LISTEN, meaning: 'WorkerAgent gRPC port (0 picks a free one)' },
  { key: 'httpPort', kind: 'port', arg: '<port>', default: '0', group: LISTEN, meaning: 'health and metrics port (0 picks a free one)' },
  configSetting,
  { key: 'stateDir', kind: 'text', arg: '<dir>', default: './rollcall-worker', group: STORE, meaning: 'where the worker keeps its ID and secret' },
  joinToken('cluster join token'),
  { key: 'joinTokenFile', kind: 'text', arg: '<file>', group: SECURITY, meaning: 'read the cluster join token from this file (keeps it out of ps and shell history)' },
  tlsCa('PEM CA certificates: reach the registry over TLS and verify it against them'),
  tlsCert('PEM client certificate for a registry that requires one (mTLS); the agent then serves TLS with it too'),
  tlsKey,
  { key: 'quiet', kind: 'boolean', group: LOGS, meaning: 'log no state changes' },
  logLevel,
  logFormat,
];

/** `--http-port <port>`, `--protect-reads`. */
export function flagOf(setting: CommandSetting): string {
  return setting.arg === undefined ? flagName(setting.key) : `${flagName(setting.key)} ${setting.arg}`;
}

/** Every process-setting key of either command: the config loader leaves them to the commands. */
export const COMMAND_SETTING_KEYS: ReadonlySet<string> = new Set([...registrySettings, ...workerSettings].map((s) => s.key));
