// What a toxic is: its attribute defaults plus one pipe function over a Stub (its view of one
// link, i.e. one connection in one direction). The Stub is the only way a toxic touches data,
// time or chance, so pipe functions stay small and their runs can be interrupted cleanly.

export interface Chunk {
  data: Buffer;
  // When the bytes were read from the source socket (ms, monotonic), advanced by each delay.
  at: number;
}

export type Read = Chunk | 'eof' | 'interrupted' | 'timeout';

export interface Stub {
  // The next chunk, or 'eof' (sticky: it stays in place for a restarted run), or
  // 'interrupted' when the toxic is being updated or removed: the pipe then forwards anything
  // it holds and returns. With `idleMs`, 'timeout' when nothing arrives for that long.
  read(idleMs?: number): Promise<Read>;
  write(chunk: Chunk): void;
  // Ends this direction: EOF to the rest of the chain, after which the connection closes.
  close(): void;
  // Resolves true after `ms` (Infinity: never), false at once if the toxic is interrupted.
  sleep(ms: number): Promise<boolean>;
  now(): number;
  // Uniform in [0, 1).
  random(): number;
  // Survives restarts of this toxic on this link (limit_data's byte count).
  readonly state: Record<string, number>;
}

export type Attributes = Record<string, number>;

export interface ToxicKind<A extends Attributes = Attributes> {
  readonly type: string;
  // Go struct name, used in decoding error messages.
  readonly goStruct: string;
  // Every attribute with its default; key order is the JSON order.
  readonly defaults: A;
  // Go's integer type for the attributes ('int' for slicer), for error messages.
  readonly goInt?: string;
  // A reason to refuse attributes Toxiproxy would crash or spin on (rollcall's deviation).
  check?(attributes: A): string | undefined;
  pipe(stub: Stub, attributes: A): Promise<void>;
}
