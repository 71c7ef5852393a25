/** `--changed <ref>`: the files a change touched, the files whose findings depend on them, and what the analysis needs besides. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { fail, q } from '../errors.ts';

/** What one --changed run analyses (sources) and reports on (focus, relative paths). */
export interface ChangedScope {
  sources: Map<string, string>;
  focus: Set<string>;
}

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs'];
// Files the whole-project facts come from: the schema (models, migrations) and shutdown hooks.
const PROJECT_FACTS = /extends\s+Model\b|\.define\(|\.init\(|@Table\b|createTable|addIndex|addConstraint|CREATE\s+(UNIQUE\s+)?INDEX|\.close\(\)|\.end\(\)/;

function git(root: string, args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '')
      .trim()
      .split('\n')[0];
    return fail(
      'STRATA_USAGE',
      `--changed ${q(args.find((a) => !a.startsWith('-') && a !== 'diff') ?? '')}: git says ${stderr || 'it failed'}; pass a commit, branch or tag`,
    );
  }
}

/** The project files a relative import resolves to. */
function resolveImport(from: string, spec: string, all: Map<string, string>): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), spec);
  const stem = base.replace(/\.[cm]?[jt]sx?$/, '');
  const candidates = [base, ...EXTENSIONS.map((e) => stem + e), ...EXTENSIONS.map((e) => path.join(base, `index${e}`))];
  return candidates.find((c) => all.has(c));
}

/** The scope of a --changed run over all of the project's sources. */
export function changedScope(root: string, ref: string, all: Map<string, string>): ChangedScope {
  const top = git(root, ['rev-parse', '--show-toplevel']).trim();
  const listed = [...git(root, ['diff', '--name-only', ref, '--']).split('\n'), ...git(root, ['ls-files', '--others', '--exclude-standard']).split('\n')]
    .filter(Boolean)
    .map((f) => path.resolve(top, f));
  const changed = new Set(listed.filter((f) => all.has(f)));
  // Who imports whom, from the import statements alone (no parse).
  const importers = new Map<string, Set<string>>();
  for (const [file, text] of all) {
    const info = ts.preProcessFile(text, true, true);
    for (const ref of info.importedFiles) {
      const target = resolveImport(file, ref.fileName, all);
      if (target) importers.set(target, (importers.get(target) ?? new Set()).add(file));
    }
  }
  const focus = new Set<string>();
  const queue = [...changed];
  while (queue.length) {
    const file = queue.pop() as string;
    if (focus.has(file)) continue;
    focus.add(file);
    for (const importer of importers.get(file) ?? []) queue.push(importer);
  }
  const sources = new Map([...all].filter(([file, text]) => focus.has(file) || PROJECT_FACTS.test(text)));
  return { sources, focus: new Set([...focus].filter((f) => existsSync(f)).map((f) => path.relative(root, f).split(path.sep).join('/'))) };
}
