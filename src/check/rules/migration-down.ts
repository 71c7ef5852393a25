import type { Rule } from './helpers.ts';

/** migration-down: Every migration has a down. */
export const migrationDown: Rule = {
  id: 'migration-down',
  title: 'Every migration has a down',
  applies: (f) => f.role === 'migration' && /^[0-9]/.test(f.rel.split('/').pop() ?? ''),
  check: (f) => {
    const source = f.source();
    const exported = source.getExportedDeclarations().has('down');
    const commonjs = /module\.exports[\s\S]*\bdown\b|exports\.down\b/.test(f.text);
    return exported || commonjs ? [] : [{ line: 1, message: 'this migration has no down; write the down that undoes up' }];
  },
};
