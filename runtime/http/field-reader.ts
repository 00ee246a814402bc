// Reads typed fields out of a JSON body or a query string and collects every violation, so a
// request with three bad fields gets one 400 naming all three.
import type { FieldViolation } from '../../machines/registry/registry.types.ts';
import { ApiError } from './api-error.ts';

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class FieldReader {
  readonly #source: Record<string, unknown>;
  readonly violations: FieldViolation[] = [];
  readonly #prefix: string;

  /** `source` is the parsed body; anything but a JSON object (or no body) reads as {}. */
  constructor(source: unknown, prefix = '') {
    this.#source = isPlainObject(source) ? source : {};
    this.#prefix = prefix;
  }

  static body(body: unknown): FieldReader {
    const reader = new FieldReader(body);
    if (body !== undefined && body !== null && !isPlainObject(body)) reader.violate('body', 'must be a JSON object');
    return reader;
  }

  violate(field: string, description: string): void {
    this.violations.push({ field: this.#prefix + field, description });
  }

  has(field: string): boolean {
    return this.#source[field] !== undefined;
  }

  raw(field: string): unknown {
    return this.#source[field];
  }

  string(field: string, options: { required?: boolean; max?: number; pattern?: RegExp } = {}): string | undefined {
    const value = this.#source[field];
    if (value === undefined) {
      if (options.required) this.violate(field, 'is required');
      return undefined;
    }
    if (typeof value !== 'string' || (options.required && value.trim() === '')) {
      this.violate(field, options.required ? 'must be a non-empty string' : 'must be a string');
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

  integer(field: string, min: number, max: number, options: { required?: boolean } = {}): number | undefined {
    const value = this.#source[field];
    if (value === undefined) {
      if (options.required) this.violate(field, 'is required');
      return undefined;
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.violate(field, `must be an integer from ${min} to ${max}`);
      return undefined;
    }
    return value;
  }

  number(field: string, min: number, max = Number.MAX_VALUE): number | undefined {
    const value = this.#source[field];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      this.violate(field, max === Number.MAX_VALUE ? `must be a number of at least ${min}` : `must be a number from ${min} to ${max}`);
      return undefined;
    }
    return value;
  }

  boolean(field: string): boolean | undefined {
    const value = this.#source[field];
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') {
      this.violate(field, 'must be true or false');
      return undefined;
    }
    return value;
  }

  stringMap(field: string, maxEntries = Number.POSITIVE_INFINITY): Record<string, string> | undefined {
    const value = this.#source[field];
    if (value === undefined) return undefined;
    if (!isPlainObject(value) || !Object.values(value).every((v) => typeof v === 'string')) {
      this.violate(field, 'must be a map of strings to strings');
      return undefined;
    }
    if (Object.keys(value).length > maxEntries) {
      this.violate(field, `must have at most ${maxEntries} entries`);
      return undefined;
    }
    return value as Record<string, string>;
  }

  stringArray(field: string, maxItems: number): string[] | undefined {
    const value = this.#source[field];
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.length > maxItems || !value.every((v) => typeof v === 'string')) {
      this.violate(field, `must be an array of at most ${maxItems} strings`);
      return undefined;
    }
    return value as string[];
  }

  /** One of `allowed`, as a query parameter or body field. */
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
