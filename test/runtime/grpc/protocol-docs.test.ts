// docs/protocol.md stays in step with the code: every RPC of the proto, every registry error
// code with the status it travels as, and every trailing metadata key.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rpcCodeOf } from '../../../machines/registry/error-codes.ts';
import type { ErrorCode } from '../../../machines/registry/registry.types.ts';
import { registryMethods, workerAgentMethods } from '../../../runtime/grpc/load-proto.ts';
import { ERROR_METADATA } from '../../../runtime/grpc/rpc-status.ts';

const doc = readFileSync(join(import.meta.dirname, '../../../docs/protocol.md'), 'utf8');

/** Exhaustive: a new ErrorCode fails the type check until it is listed here (and documented). */
const ERROR_CODES = {
  invalid_argument: true, not_found: true, failed_precondition: true, rate_limited: true,
  resource_exhausted: true, unauthenticated: true, permission_denied: true, superseded: true,
} satisfies Record<ErrorCode, true>;

describe('docs/protocol.md', () => {
  it('has a table row for every RPC of both services', () => {
    const names = [...Object.keys(registryMethods), ...Object.keys(workerAgentMethods)];
    expect(names).toHaveLength(20);
    for (const name of names) expect(doc, name).toContain(`| \`${name}\` |`);
  });

  it('gives every registry error code the status it is sent as', () => {
    for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
      expect(doc, code).toContain(`| \`${code}\` | \`${rpcCodeOf(code)}\` |`);
    }
  });

  it('names every trailing metadata key', () => {
    for (const key of Object.values(ERROR_METADATA)) expect(doc, key).toContain(`| \`${key}\` |`);
  });
});
