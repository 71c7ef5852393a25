/** `strata check --explain <rule>`: the rule's documentation, as shipped in docs/rules/. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail, q } from '../errors.ts';
import { allRules } from './rules/index.ts';

const DOCS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'rules');

/** The text of a rule's doc page; an unknown id is a usage error that lists the ids. */
export function explainRule(id: string): string {
  const file = path.join(DOCS, `${id}.md`);
  if (!allRules().some((r) => r.id === id) || !existsSync(file))
    return fail(
      'STRATA_USAGE',
      `--explain ${q(id)} is not a rule; the rules are ${allRules()
        .map((r) => r.id)
        .join(', ')}`,
    );
  return readFileSync(file, 'utf8').trimEnd();
}
