// The mutant catalogue: bench/harness-power/mutants/NN-name.patch, each a small behavioural bug
// planted in machines/ (a check dropped, a condition widened, a step skipped), headed by the
// rule of docs/behaviour.md it breaks and, for a mutant that cannot change behaviour, why not.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const MUTANTS_DIR = fileURLToPath(new URL('./mutants/', import.meta.url));

export interface Mutant {
  /** The file name without `.patch`: `10-new-session-keeps-jobs`. */
  name: string;
  path: string;
  /** The rule it breaks (`rule:` header line). */
  rule: string;
  /** Why it cannot change behaviour (`equivalent:` header line), when proven so. */
  equivalent?: string;
}

export class CatalogueError extends Error {}

function headerValue(text: string, key: string): string | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${key}: `));
  return line?.slice(key.length + 2).trim();
}

/** Every mutant of `dir`, in file-name order; a patch without a `rule:` line is an error. */
export function readCatalogue(dir = MUTANTS_DIR): Mutant[] {
  const names = readdirSync(dir).filter((f) => f.endsWith('.patch')).sort();
  return names.map((file) => {
    const path = `${dir}${file}`;
    const text = readFileSync(path, 'utf8');
    const rule = headerValue(text, 'rule');
    if (!rule) throw new CatalogueError(`${file}: no "rule:" line naming the rule it breaks`);
    const equivalent = headerValue(text, 'equivalent');
    return { name: file.slice(0, -'.patch'.length), path, rule, ...(equivalent ? { equivalent } : {}) };
  });
}

/** `10-new-session-keeps-jobs` answers to its whole name, to `new-session-keeps-jobs` and to `10`. */
function answersTo(mutant: Mutant, word: string): boolean {
  const [number = '', ...rest] = mutant.name.split('-');
  return word === mutant.name || word === rest.join('-') || word === number;
}

/** The mutants `wanted` names, or an error naming those that are not in the catalogue. */
export function chooseMutants(all: Mutant[], wanted: string[]): Mutant[] {
  const unknown = wanted.filter((w) => !all.some((m) => answersTo(m, w)));
  if (unknown.length > 0) throw new CatalogueError(`no mutant named ${unknown.join(', ')} (see bench/harness-power/mutants/)`);
  return all.filter((m) => wanted.some((w) => answersTo(m, w)));
}
