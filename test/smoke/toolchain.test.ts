import { describe, expect, it } from 'vitest';

describe('toolchain', () => {
  it('runs on a supported Node (>= 22.12)', () => {
    const [major, minor] = process.versions.node.split('.').map(Number);
    expect(major! > 22 || (major === 22 && minor! >= 12)).toBe(true);
  });
});
