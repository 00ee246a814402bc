// Reads the dashboard's own query strings (docs/dashboard.md; the REST API's requests are
// validated with their schemas instead, request-validation.ts) and collects every violation,
// so a query with three bad parameters gets one 400 naming all three.
import type { FieldViolation } from '../../machines/registry/registry.types.ts';
import { ApiError } from './api-error.ts';

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class FieldReader {
  readonly #source: Record<string, unknown>;
  readonly violations: FieldViolation[] = [];

  /** `source` is the parsed query string. */
  constructor(source: unknown) {
    this.#source = isPlainObject(source) ? source : {};
  }

  violate(field: string, description: string): void {
    this.violations.push({ field, description });
  }

  string(field: string, options: { max?: number; pattern?: RegExp } = {}): string | undefined {
    const value = this.#source[field];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') {
      this.violate(field, 'must be a string');
      return undefined;
    }
    if (options.max !== undefined && value.length > options.max) {
      this.violate(field, `must be at most ${options.max} characters`);
      return undefined;
    }
    if (options.pattern && !options.pattern.test(value)) {
      this.violate(field, `must match ${options.pattern.source}`);
      return undefined;
    }
    return value;
  }

  /** One of `allowed`. */
  oneOf<T extends string>(field: string, allowed: readonly T[]): T | undefined {
    const value = this.#source[field];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.violate(field, `must be one of ${allowed.join(', ')}`);
      return undefined;
    }
    return value as T;
  }

  /** Throws the 400 naming every violated field, if there is any. */
  check(message: string): void {
    if (this.violations.length > 0) {
      throw ApiError.invalid(`${message}: ${this.violations.map((v) => v.field).join(', ')}`, this.violations);
    }
  }
}
