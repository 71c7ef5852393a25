import { existsSync, readFileSync } from 'node:fs';
import { fail, q } from '../errors.ts';
import path from 'node:path';
import { loadConfig, type Severity } from './config.ts';
import type { Table } from '../snapshot/types.ts';
import { Analysis } from './analysis/index.ts';
import { lineOf } from './analysis/syntax.ts';
import { cacheKey, hashText, readCache, writeCache } from './cache.ts';
import { changedScope, holdsProjectFacts, scopeOf } from './changed.ts';
import { collectSources } from './files.ts';
import { IGNORE_RULE, RULES } from './rules/index.ts';

/** One reported problem. */
export interface Finding {
  rule: string;
  severity: Exclude<Severity, 'off'>;
  file: string;
  line: number;
  message: string;
}

const IGNORE = /\/\/\s*strata-ignore\s+([a-z0-9-]+)(?:\s*:\s*(.*))?$/;

/** Applies `// strata-ignore <rule>: <reason>` on the finding's line or the comment lines right above (decorators between are skipped); a missing reason silences nothing. */
function applyIgnores(rel: string, text: string, findings: Finding[]): Finding[] {
  const lines = text.split('\n');
  const out: Finding[] = [];
  for (const f of findings) {
    const candidates = [lines[f.line - 1] ?? ''];
    // The comment lines right above, past the decorators of a property or class.
    for (let i = f.line - 2; i >= 0 && /^\s*(\/\/|@)/.test(lines[i] ?? ''); i--) candidates.push(lines[i] ?? '');
    const ignore = candidates.map((l) => IGNORE.exec(l.trim())).find((m) => m?.[1] === f.rule);
    if (ignore?.[2]?.trim()) continue;
    out.push(f);
  }
  lines.forEach((line, i) => {
    const m = IGNORE.exec(line.trim());
    if (m && !m[2]?.trim())
      out.push({
        rule: IGNORE_RULE.id,
        severity: 'error',
        file: rel,
        line: i + 1,
        message: `strata-ignore ${m[1]} gives no reason; write // strata-ignore ${m[1]}: <why this is fine>`,
      });
  });
  return out;
}

/** Options of one check run. */
export interface CheckOptions {
  /** Only the drift checks */
  driftOnly?: boolean;
  databaseUrl?: string;
  /** Report only on files changed since this git ref, and the files whose findings depend on them. */
  changed?: string;
  /** Ignore and do not write the cache (node_modules/.cache/strata). */
  noCache?: boolean;
}

type Config = ReturnType<typeof loadConfig>;

/** The rules' findings in the focus files of one analysis, after inline ignores and severities. */
async function analyse(root: string, config: Config, sources: Map<string, string>, focus: (rel: string) => boolean, catalog?: Table[]): Promise<Finding[]> {
  const severity = severityOf(config);
  const analysis = await Analysis.create(root, sources, focus, config.roles, catalog);
  const byFile = new Map<string, Finding[]>();
  for (const rule of RULES) {
    const level = severity(rule.id);
    if (level === 'off') continue;
    for (const r of rule.check(analysis)) {
      const file = analysis.fileOf(r.node);
      if (!file?.focus) continue;
      const list = byFile.get(file.rel) ?? [];
      list.push({ rule: rule.id, severity: level, file: file.rel, line: lineOf(r.node), message: r.message });
      byFile.set(file.rel, list);
    }
  }
  const out: Finding[] = [];
  for (const file of analysis.files.filter((f) => f.focus)) {
    for (const f of applyIgnores(file.rel, file.text, byFile.get(file.rel) ?? [])) {
      const level = severity(f.rule);
      if (level !== 'off') out.push({ ...f, severity: level });
    }
  }
  return out;
}

const severityOf =
  (config: Config) =>
  (rule: string): Severity =>
    config.rules[rule] ?? RULES.find((r) => r.id === rule)?.severity ?? 'error';

const relOf = (root: string, abs: string): string => path.relative(root, abs).split(path.sep).join('/');

/** Runs every rule over the analysed project and the drift checks; returns the findings, sorted. */
export async function runCheck(root: string, options: CheckOptions = {}): Promise<Finding[]> {
  const config = loadConfig(root);
  const severity = severityOf(config);
  const findings: Finding[] = [];
  const { SNAPSHOT_FILE } = await import('../snapshot/store.ts');
  const snapshotPath = path.join(root, SNAPSHOT_FILE);
  const snapshot = existsSync(snapshotPath) ? hashText(readFileSync(snapshotPath, 'utf8')) : '';
  const all = options.driftOnly ? new Map<string, string>() : collectSources(root, config.paths);
  const hashes = Object.fromEntries([...all].map(([abs, text]) => [relOf(root, abs), hashText(text)]));
  const useCache = !options.noCache && !options.changed && !options.driftOnly && !options.databaseUrl;
  const key = cacheKey(JSON.stringify(config));
  const cached = useCache ? readCache(root, key) : undefined;
  const changed = cached ? new Set([...all.keys()].filter((abs) => cached.files[relOf(root, abs)] !== hashes[relOf(root, abs)])) : undefined;
  const removed = cached ? Object.keys(cached.files).filter((rel) => !(rel in hashes)) : [];
  const unchanged = cached !== undefined && changed?.size === 0 && removed.length === 0;
  // Drift reads models, migrations and the snapshot: while none of them changed, its findings stand.
  const factsUnchanged =
    cached !== undefined &&
    removed.length === 0 &&
    ![...(changed ?? [])].some((abs) => holdsProjectFacts(all.get(abs) ?? '') || cached.facts.includes(relOf(root, abs)));
  // --database: the schema as the database has it. A strata project's migrations run on a scratch
  // database of that server (the drift check compares the same catalog); any other project's
  // database is read as it is.
  let catalog: Table[] | undefined;
  if (options.databaseUrl && (snapshot || !options.driftOnly)) {
    const { readCatalog } = await import('../snapshot/catalog.ts');
    if (snapshot) {
      const { migratedCatalog } = await import('./drift.ts');
      // A failure here is the drift check's finding (drift/database), with its message.
      catalog = await migratedCatalog(root, options.databaseUrl).catch(() => undefined);
    } else {
      const url = options.databaseUrl;
      catalog = await readCatalog(url).catch((error: Error) =>
        fail('STRATA_DATABASE', `--database: cannot read the catalog of ${q(url.replace(/\/\/[^@/]*@/, '//***@'))} (${error.message})`),
      );
    }
  }
  if (!options.driftOnly) {
    if (options.changed) {
      const scope = changedScope(root, options.changed, all);
      findings.push(...(await analyse(root, config, scope.sources, (rel) => scope.focus.has(rel))));
    } else if (unchanged) {
      findings.push(...cached.findings);
    } else if (cached && changed && factsUnchanged) {
      // Only what the change touches is analysed again; the rest keeps its findings.
      const scope = scopeOf(root, changed, all);
      findings.push(...cached.findings.filter((f) => !scope.focus.has(f.file)));
      findings.push(...(await analyse(root, config, scope.sources, (rel) => scope.focus.has(rel))));
    } else {
      findings.push(...(await analyse(root, config, all, () => true, catalog)));
    }
  }
  const level = severity('migration-drift');
  let drift: Finding[] = [];
  if (level !== 'off' && !options.changed && snapshot) {
    if (factsUnchanged && cached.snapshot === snapshot) drift = cached.drift;
    else {
      // Loaded only when there is a snapshot to compare: the drift check brings ts-morph and the migrator.
      const [{ checkDrift }, { Tree }] = await Promise.all([import('./drift.ts'), import('../tree.ts')]);
      drift = (await checkDrift(new Tree(root), options.databaseUrl ? { databaseUrl: options.databaseUrl, ...(catalog ? { catalog } : {}) } : {})).map((d) => ({
        rule: 'migration-drift',
        severity: level,
        file: d.file,
        line: d.line ?? 1,
        message: `${d.rule}: ${d.message}`,
      }));
    }
  }
  if (useCache) {
    const facts = [...all].filter(([, text]) => holdsProjectFacts(text)).map(([abs]) => relOf(root, abs));
    writeCache(root, { key, files: hashes, facts, findings: [...findings], drift, snapshot });
  }
  findings.push(...drift);
  const seen = new Set<string>();
  return findings
    .filter((f) => {
      const key = `${f.file}:${f.line}:${f.rule}`;
      return !seen.has(key) && seen.add(key) !== undefined;
    })
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule));
}
