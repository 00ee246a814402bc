// Go-compatible JSON and address handling (pure functions).
import { describe, expect, it } from 'vitest';
import { splitHostPort } from '../../runtime/proxy/address.ts';
import { cleanPath } from '../../runtime/proxy/api-server.ts';
import { decodeFirstValue, encodeJson, field, float32Shortest, JsonDecimal } from '../../runtime/proxy/go-json.ts';

describe('decodeFirstValue', () => {
  it('reads the first value and ignores what follows', () => {
    expect(decodeFirstValue(' {"a":[1,true,null,"x"]} trailing')).toEqual({ a: [1, true, null, 'x'] });
    expect(decodeFirstValue('[] []')).toEqual([]);
  });

  it('keeps fractions and exponents apart from integers', () => {
    const value = decodeFirstValue('[1, 1.5, 1e3, -0]') as unknown[];
    expect(value[0]).toBe(1);
    expect(value[1]).toBeInstanceOf(JsonDecimal);
    expect((value[2] as JsonDecimal).text).toBe('1e3');
  });

  it('uses Go-like messages', () => {
    expect(() => decodeFirstValue('')).toThrow(/^EOF$/);
    expect(() => decodeFirstValue('   ')).toThrow(/^EOF$/);
    expect(() => decodeFirstValue('{"a":')).toThrow(/^unexpected EOF$/);
    expect(() => decodeFirstValue('{"a" 1}')).toThrow(/invalid character '1' after object key/);
    expect(() => decodeFirstValue('nope')).toThrow(/invalid character 'n' looking for beginning of value/);
  });

  it('does not let __proto__ reach the prototype', () => {
    const value = decodeFirstValue('{"__proto__":{"polluted":1}}') as Record<string, unknown>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(field(value, '__proto__')).toEqual({ polluted: 1 });
  });
});

describe('field', () => {
  it('matches case-insensitively, the last key winning, null as absent', () => {
    const object = decodeFirstValue('{"name":"a","NAME":"b","gone":null}') as Record<string, unknown>;
    expect(field(object, 'name')).toBe('b');
    expect(field(object, 'gone')).toBeUndefined();
  });
});

describe('encoding', () => {
  it('escapes as json.Marshal does', () => {
    expect(encodeJson({ a: '<&>\u2028' })).toBe('{"a":"\\u003c\\u0026\\u003e\\u2028"}');
  });

  it('prints float32 values in their shortest form', () => {
    expect(float32Shortest(0.123456789)).toBe(0.12345679);
    expect(float32Shortest(0.1)).toBe(0.1);
    expect(float32Shortest(1)).toBe(1);
    expect(float32Shortest(2.5)).toBe(2.5);
  });
});

describe('splitHostPort', () => {
  it('follows Go', () => {
    expect(splitHostPort('127.0.0.1:80')).toEqual({ host: '127.0.0.1', port: 80 });
    expect(splitHostPort('[::1]:0')).toEqual({ host: '::1', port: 0 });
    expect(splitHostPort(':0')).toEqual({ host: '', port: 0 });
    expect(splitHostPort('')).toEqual({ host: '', port: 0 });
    expect(() => splitHostPort('bad')).toThrow('address bad: missing port in address');
    expect(() => splitHostPort('::1:80')).toThrow('too many colons');
    expect(() => splitHostPort('[::1:80')).toThrow("missing ']'");
    expect(() => splitHostPort('h:99999')).toThrow('invalid port');
  });
});

describe('cleanPath', () => {
  it('cleans like gorilla/mux, keeping a trailing slash', () => {
    expect(cleanPath('//proxies')).toBe('/proxies');
    expect(cleanPath('/proxies/')).toBe('/proxies/');
    expect(cleanPath('/a/./b/../c')).toBe('/a/c');
    expect(cleanPath('/..')).toBe('/');
  });
});
