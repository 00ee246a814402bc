// Temporary config files for the configuration tests.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class ConfigFiles {
  readonly dir = mkdtempSync(join(tmpdir(), 'rollcall-config-'));
  #count = 0;

  /** Writes `content` (JSON-encoded unless a string) to a new file and returns its path. */
  write(content: unknown): string {
    const path = join(this.dir, `config-${this.#count++}.json`);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
