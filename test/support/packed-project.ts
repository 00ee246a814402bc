// The packed product as a user gets it: `npm pack` of this checkout (which builds dist/ through
// `prepare`), then an empty project that installs the tarball, with node@24 beside it, from the
// npm registry (the warm cache first: --prefer-offline). Runs commands there as a user would.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '../..');

export interface Packed {
  tarball: string;
  /** The tarball's files, as `npm pack --json` lists them (package-relative paths). */
  files: string[];
}

function checked(run: SpawnSyncReturns<string>, what: string): string {
  if (run.status !== 0) throw new Error(`${what} failed (${run.status ?? run.signal}): ${run.stderr.slice(-2000)}`);
  return run.stdout;
}

export function pack(into: string): Packed {
  const out = checked(spawnSync('npm', ['pack', '--json', '--pack-destination', into], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 }), 'npm pack');
  const [entry] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
  return { tarball: join(into, entry!.filename), files: entry!.files.map((file) => file.path) };
}

export class PackedProject {
  readonly dir: string;

  constructor(tarball: string) {
    this.dir = mkdtempSync(join(tmpdir(), 'rollcall-packed-'));
    writeFileSync(join(this.dir, 'package.json'), JSON.stringify({ name: 'packed-check', version: '1.0.0', private: true, type: 'module' }));
    const install = spawnSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball, 'node@24'], { cwd: this.dir, encoding: 'utf8', timeout: 240_000 });
    checked(install, 'npm install of the tarball');
  }

  /** Node 24 as installed beside the package. */
  get node(): string {
    return join(this.dir, 'node_modules/.bin/node');
  }

  get rollcall(): string {
    return join(this.dir, 'node_modules/.bin/rollcall');
  }

  /** Runs `command args` in the project; never throws. */
  run(command: string, args: readonly string[], timeoutMs = 60_000): SpawnSyncReturns<string> {
    return spawnSync(command, args, { cwd: this.dir, encoding: 'utf8', timeout: timeoutMs });
  }

  write(name: string, text: string): string {
    const file = join(this.dir, name);
    writeFileSync(file, text);
    return file;
  }

  /**
   * A tsconfig of a strict consumer that checks every declaration file (skipLibCheck false),
   * with @types/node (which any Node project has) and nothing else from this checkout.
   */
  writeConsumerConfig(file: string): string {
    mkdirSync(join(this.dir, 'types'));
    symlinkSync(join(ROOT, 'node_modules/@types/node'), join(this.dir, 'types/node'));
    const compilerOptions = { target: 'es2023', module: 'nodenext', moduleResolution: 'nodenext', strict: true, skipLibCheck: false, noEmit: true, typeRoots: ['./types'], types: ['node'] };
    return this.write('tsconfig.json', JSON.stringify({ compilerOptions, files: [file] }));
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The first ```ts block after `heading` in a Markdown text. */
export function codeBlockUnder(markdown: string, heading: string): string {
  const section = markdown.indexOf(heading);
  const start = markdown.indexOf('```ts\n', section);
  const end = markdown.indexOf('```', start + 6);
  if (section < 0 || start < 0 || end < 0) throw new Error(`no \`\`\`ts block under ${heading}`);
  return markdown.slice(start + 6, end);
}
