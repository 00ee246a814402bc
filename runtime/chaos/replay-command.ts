// The one command that runs a scenario again as it ran: printed under each failure, in the
// JUnit file and in the report. A simulated run replays exactly (same seed, same log); a real
// one runs the same scenario at the same scale, with the OS's chance.
import { DEFAULT_SCALE } from './real/time-scale.ts';
import type { Mode } from './scenario.ts';

export interface ReplayOptions {
  seed: number;
  scale?: number;
  workerCommand?: string;
}

/** `word` as one shell word: as it is when it needs no quoting, else in single quotes. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export function scenarioReplay(scenario: string, mode: Mode, options: ReplayOptions): string {
  const words = ['npx', 'rollcall', 'chaos', scenario, '--mode', mode, '--seed', String(options.seed)];
  if (mode === 'real' && options.scale !== undefined && options.scale !== DEFAULT_SCALE) words.push('--scale', String(options.scale));
  if (mode === 'real' && options.workerCommand !== undefined) words.push('--worker-command', options.workerCommand);
  return words.map(shellWord).join(' ');
}
