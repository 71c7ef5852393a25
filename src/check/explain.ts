/** `strata check --explain <rule>`: the rule's documentation, as shipped in docs/rules/ (one page per rule, a test keeps them in step). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fail, q } from '../errors.ts';
import { PACKAGE_ROOT } from '../package-root.ts';

const DOCS = path.join(PACKAGE_ROOT, 'docs', 'rules');

/** The text of a rule's doc page; an unknown id is a usage error that lists the ids. */
export function explainRule(id: string): string {
  const file = path.join(DOCS, `${id}.md`);
  if (!/^[a-z0-9-]+$/.test(id) || !existsSync(file)) {
    const ids = readdirSync(DOCS)
      .map((f) => f.replace(/\.md$/, ''))
      .sort();
    return fail('STRATA_USAGE', `--explain ${q(id)} is not a rule; the rules are ${ids.join(', ')}`);
  }
  return readFileSync(file, 'utf8').trimEnd();
}
