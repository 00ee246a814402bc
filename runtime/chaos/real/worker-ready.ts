// When a booting worker is ready, from its own signals: its `worker.listening` line, its first
// note (its machine has started, so its servers listen), or, for a user's worker that prints
// nothing, its health endpoint answering. No estimate of how long a boot takes is involved.
import type { RollcallChild } from './child-process.ts';

/** Real milliseconds between two looks at a booting worker's health endpoint. */
const HEALTH_POLL_MS = 100;

export function isReadyLine(line: string): boolean {
  if (line.includes('"worker.listening"')) return true;
  try {
    const note = JSON.parse(line) as { at?: unknown; time?: unknown; event?: unknown };
    return typeof (note.at ?? note.time) === 'number' && typeof note.event === 'string' && note.event !== 'process.started';
  } catch {
    return false;
  }
}

async function healthAnswers(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Resolves once `child` is ready; rejects if it exits first, or if `guardMs` passes (a process
 * taken for hung). `httpPort`: also look at its health endpoint.
 */
export async function awaitReady(child: RollcallChild, httpPort: number | null, guardMs: number, what: string): Promise<void> {
  const byLine = child.line(isReadyLine, guardMs, what);
  if (httpPort === null) {
    await byLine;
    return;
  }
  let settled = false;
  const byHealth = (async () => {
    while (!settled && child.running) {
      if (await healthAnswers(httpPort)) return;
      await new Promise((resolve) => setTimeout(resolve, HEALTH_POLL_MS));
    }
    await new Promise<never>(() => {}); // the line's wait reports the exit or the hang
  })();
  try {
    await Promise.race([byLine, byHealth]);
  } finally {
    settled = true;
    byLine.catch(() => {}); // settled by the race; its later timeout or exit says nothing more
  }
}
