// A one-line progress bar on stderr, drawn only on a terminal (CI logs stay clean).

export interface Progress {
  update(done: number, label?: string): void;
  finish(): void;
}

export function progressBar(total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update() {}, finish() {} };
  const width = 30;
  let drawn = '';
  return {
    update(done, label = '') {
      const fraction = total > 0 ? Math.min(1, done / total) : 1;
      const filled = Math.round(fraction * width);
      const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}% ${label}`;
      if (line === drawn) return;
      drawn = line;
      stream.write(`\r${line}\x1b[K`);
    },
    finish() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}
