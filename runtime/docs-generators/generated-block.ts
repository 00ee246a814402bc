// What every docs generator shares: a generated block between `<!-- NAME -->` and
// `<!-- /NAME -->` markers in a document, and the command-line face that rewrites the document
// or, with --check, exits 1 when it is out of date.
import { readFileSync, writeFileSync } from 'node:fs';

/** `document` with the text between its `<!-- name -->` and `<!-- /name -->` markers replaced by `body`. */
export function withBlock(document: string, name: string, body: string, documentName: string): string {
  const open = `<!-- ${name} -->`;
  const close = `<!-- /${name} -->`;
  const start = document.indexOf(open);
  const end = document.indexOf(close);
  if (start < 0 || end < start) throw new Error(`${documentName} has no ${open} … ${close} block`);
  return `${document.slice(0, start)}${open}\n${body}\n${close}${document.slice(end + close.length)}`;
}

/** Rewrites the document at `path` with `regenerate`, or with --check exits 1 if that would change it. */
export function runGenerator(path: string, documentName: string, regenerate: (document: string) => string, command: string, what: string): void {
  const current = readFileSync(path, 'utf8');
  const next = regenerate(current);
  if (process.argv.includes('--check')) {
    if (next !== current) {
      console.error(`${documentName} is out of date: run ${command}`);
      process.exit(1);
    }
  } else {
    writeFileSync(path, next);
    console.log(`${documentName}: ${what} regenerated`);
  }
}
