// The error table in docs/proxy.md stays in step with runtime/proxy/api-error.ts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_ERRORS } from '../../runtime/proxy/api-error.ts';

describe('docs/proxy.md', () => {
  it('lists every API error with its status', () => {
    const docs = readFileSync(new URL('../../docs/proxy.md', import.meta.url), 'utf8');
    for (const { status, message } of Object.values(API_ERRORS)) {
      expect(docs, message).toContain(`| ${status} | \`${message}\``);
    }
  });
});
