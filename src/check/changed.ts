/** `--changed <ref>`: the files a change touched, the files whose findings depend on them, and what the analysis needs besides. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { fail, q } from '../errors.ts';
import { ENGINE_CLASSES } from './analysis/db.ts';

/** What one --changed run analyses (sources) and reports on (focus, relative paths). */
export interface ChangedScope {
  sources: Map<string, string>;
  focus: Set<string>;
}

const HUB_IMPORTS = 15;
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs'];
// Files the whole-project facts come from: the schema (models, migrations)...
const PROJECT_FACTS =
  /extends\s+Model\b|\.define\(|\.init\(|@Table\b|\b(createTable|addIndex|addConstraint|addColumn|changeColumn)\b|\b(CREATE\s+(UNIQUE\s+)?INDEX|CREATE\s+TABLE|ALTER\s+TABLE)\b/i;
// A hub that registers HTTP handlers decides which functions are handlers: it is read, not reported.
const REGISTERS_ROUTES = /\.(get|post|put|patch|delete|all|route|use)\(\s*['"`]\//;
// ...and, when an engine is in scope, the code that closes engines.
const CREATES_ENGINE = new RegExp(`new\\s+(\\w+\\.)?(${ENGINE_CLASSES.join('|')})\\b`);
const CLOSES = /\.close\(\)|\.end\(\)/;

/** Runs git; a failure is a usage error that names the ref. */
function git(root: string, ref: string, args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '')
      .trim()
      .split('\n')[0];
    return fail('STRATA_USAGE', `--changed ${q(ref)}: git says ${stderr || 'it is not a commit'}; pass a commit, branch or tag`);
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

/** The files git says changed since a ref (and untracked ones), among the project's sources. */
export function changedSince(root: string, ref: string, all: Map<string, string>): Set<string> {
  // A ref is a commit-ish, never an option git would act on (--output=...).
  if (ref.startsWith('-')) fail('STRATA_USAGE', `--changed ${q(ref)} is not a git ref; pass a commit, branch or tag`);
  const top = git(root, ref, ['rev-parse', '--show-toplevel']).trim();
  const commit = git(root, ref, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]).trim();
  const listed = [
    ...git(root, ref, ['diff', '--name-only', commit, '--']).split('\n'),
    ...git(root, ref, ['ls-files', '--others', '--exclude-standard']).split('\n'),
  ]
    .filter(Boolean)
    .map((f) => path.resolve(top, f));
  return new Set(listed.filter((f) => all.has(f)));
}

/**
 * What a change touches: the changed files, the files that import them and the files that import
 * those (their loops and handlers call into the change: repository → service → route), and the
 * files they import (request input flows into callees). Models and migrations change the schema
 * every rule reads, so the cache runs everything again for them.
 * The analysis also reads every file with whole-project facts (models, migrations, shutdown).
 */
export function scopeOf(root: string, changed: Set<string>, all: Map<string, string>): ChangedScope {
  // Who imports whom, from the import statements alone (no parse).
  const importers = new Map<string, Set<string>>();
  const imports = new Map<string, Set<string>>();
  for (const [file, text] of all) {
    const info = ts.preProcessFile(text, true, true);
    for (const ref of info.importedFiles) {
      const target = resolveImport(file, ref.fileName, all);
      if (!target) continue;
      importers.set(target, (importers.get(target) ?? new Set()).add(file));
      imports.set(file, (imports.get(file) ?? new Set()).add(target));
    }
  }
  // Breadth first, `depth` import edges away from the changed files. Hubs (barrels and registries
  // importing many modules) are left out: their own code does not change with one leaf, and taking
  // one in would take in the whole project.
  const hub = (file: string) => (imports.get(file)?.size ?? 0) > HUB_IMPORTS;
  const closure = (edges: Map<string, Set<string>>, depth: number): Set<string> => {
    const seen = new Set<string>(changed);
    let frontier = [...changed];
    for (let d = 0; d < depth; d++) {
      frontier = frontier.flatMap((file) => [...(edges.get(file) ?? [])]).filter((f) => !seen.has(f) && !hub(f));
      for (const f of frontier) seen.add(f);
    }
    return seen;
  };
  // Callers two imports up (repository → service → route); callees one import down.
  const focus = new Set([...closure(importers, 2), ...closure(imports, 1)]);
  const engines = [...focus].some((f) => CREATES_ENGINE.test(all.get(f) ?? ''));
  const registries = new Set([...focus].flatMap((f) => [...(importers.get(f) ?? [])]).filter((f) => hub(f) && REGISTERS_ROUTES.test(all.get(f) ?? '')));
  const sources = new Map(
    [...all].filter(([file, text]) => focus.has(file) || registries.has(file) || PROJECT_FACTS.test(text) || (engines && CLOSES.test(text))),
  );
  return { sources, focus: new Set([...focus].filter((f) => existsSync(f)).map((f) => path.relative(root, f).split(path.sep).join('/'))) };
}

/** The scope of a --changed run over all of the project's sources. */
export function changedScope(root: string, ref: string, all: Map<string, string>): ChangedScope {
  return scopeOf(root, changedSince(root, ref, all), all);
}
