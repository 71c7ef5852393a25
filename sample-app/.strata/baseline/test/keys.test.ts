import { describe, expect, it } from 'vitest';
import { MAX_KEY, toKey } from '../src/db/keys.ts';

describe('keys', () => {
  it('reads int8 keys (text from node-postgres) as numbers up to 2^53 - 1, and refuses larger ones with a clear error', () => {
    expect(toKey('42')).toBe(42);
    expect(toKey(7)).toBe(7);
    expect(toKey(String(MAX_KEY))).toBe(MAX_KEY);
    expect(toKey(null)).toBeNull();
    for (const big of ['9007199254740992', '9223372036854775807', '-9007199254740992'])
      expect(() => toKey(big)).toThrow(/beyond 2\^53 - 1/);
    for (const bad of ['abc', '1.5', '']) expect(() => toKey(bad)).toThrow(/is not a whole number/);
  });
});
