import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/errors.ts';

describe('error catalogue', () => {
  it('documents every code in docs/errors.md, and no code that does not exist', () => {
    const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    const documented = [...doc.matchAll(/^## (STRATA_[A-Z_]+)$/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(ERROR_CODES).sort());
    for (const [code, { exitCode }] of Object.entries(ERROR_CODES)) {
      const section = doc.split(`## ${code}\n`)[1]?.split('\n## ')[0] ?? '';
      expect(section, code).toContain(`Exit code: ${exitCode}`);
    }
  });
});
