// A setting that cannot be used: an unknown key, a bad value, an unreadable file. The message
// is one line that names the source and the key, fit to print as is before exiting with 2.

/** Where a setting came from: the config file, a ROLLCALL_* variable, or a flag. */
export type ConfigSource = 'file' | 'env' | 'flag';

export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly source: ConfigSource;
  /** The key as its source wrote it (`heartbeatIntervl`, `ROLLCALL_…`), when one is to blame rather than the whole file. */
  readonly key: string | undefined;

  constructor(message: string, source: ConfigSource, key?: string) {
    super(message);
    this.source = source;
    this.key = key;
  }
}
