import { existsSync, readFileSync } from 'node:fs';
import { fail, q } from '../errors.ts';
import path from 'node:path';
import { loadConfig, type Severity } from './config.ts';
import type { Table } from '../snapshot/types.ts';
import { Analysis } from './analysis/index.ts';
import { lineOf } from './analysis/syntax.ts';
import { cacheKey, readCache, writeCache } from './cache.ts';
import { changedScope } from './changed.ts';
import { collectSources, migrationSources } from './files.ts';
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

/** Masks the password of a connection string (URL or key=value form) for messages. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    for (const key of ['password', 'sslpassword']) if (u.searchParams.has(key)) u.searchParams.set(key, '***');
    return u.href.replace(/%2A%2A%2A/g, '***');
  } catch {
    return url.replace(/(password\s*=\s*)('[^']*'|\S+)/gi, '$1***');
  }
}

/**
 * --database: the schema as the database has it. A strata project's migrations run on a scratch
 * database of that server (the drift check compares the same catalog); any other project's
 * database is read as it is. A database that cannot be read is STRATA_DATABASE, unless the drift
 * check is there to report it as its finding.
 */
async function catalogOf(root: string, url: string, strataProject: boolean, driftReports: boolean): Promise<Table[] | undefined> {
  if (!/^postgres(ql)?:\/\//.test(url) && !/=/.test(url))
    fail('STRATA_USAGE', `--database ${q(maskUrl(url))} is not a connection string; write postgres://user:password@host:port/database`);
  const read = async (): Promise<Table[]> => {
    if (!strataProject) return (await import('../snapshot/catalog.ts')).readCatalog(url);
    return (await import('./drift.ts')).migratedCatalog(root, url);
  };
  try {
    return await read();
  } catch (error) {
    if (driftReports) return undefined;
    return fail('STRATA_DATABASE', `--database: cannot read the catalog of ${q(maskUrl(url))} (${maskUrl((error as Error).message)})`);
  }
}

/** Runs every rule over the analysed project and the drift checks; returns the findings, sorted. */
export async function runCheck(projectRoot: string, options: CheckOptions = {}): Promise<Finding[]> {
  const root = path.resolve(projectRoot);
  const config = loadConfig(root);
  const severity = severityOf(config);
  const driftLevel = severity('migration-drift');
  const { SNAPSHOT_FILE } = await import('../snapshot/store.ts');
  const snapshotPath = path.join(root, SNAPSHOT_FILE);
  const strataProject = existsSync(snapshotPath);
  const runsDrift = driftLevel !== 'off' && !options.changed && strataProject;
  const all = options.driftOnly ? new Map<string, string>() : collectSources(root, config.paths);
  // Migrations outside the checked folders (sequelize-cli's migrations/) still declare indexes and keys.
  const facts = options.driftOnly ? new Map<string, string>() : migrationSources(root, all);

  // The cache is all or nothing: any change to a source, a migration, the snapshot, the project's
  // compiler options or dependencies, the config or strata itself means a full run.
  const useCache = !options.noCache && !options.changed && !options.driftOnly && !options.databaseUrl;
  const key = useCache ? cacheKey(root, JSON.stringify(config), [...all, ...facts], strataProject ? readFileSync(snapshotPath, 'utf8') : '') : '';
  const cached = useCache ? readCache(root, key) : undefined;
  if (cached) return cached;

  const catalog =
    options.databaseUrl && (strataProject || !options.driftOnly) ? await catalogOf(root, options.databaseUrl, strataProject, runsDrift) : undefined;
  const findings: Finding[] = [];
  if (!options.driftOnly) {
    const scope = options.changed ? changedScope(root, options.changed, all) : undefined;
    const sources = new Map([...(scope?.sources ?? all), ...facts]);
    findings.push(...(await analyse(root, config, sources, (rel) => (scope ? scope.focus.has(rel) : all.has(path.join(root, rel))), catalog)));
  }
  if (runsDrift) {
    // Loaded only when there is a snapshot to compare: the drift check brings ts-morph and the migrator.
    const [{ checkDrift }, { Tree }] = await Promise.all([import('./drift.ts'), import('../tree.ts')]);
    const drift = await checkDrift(new Tree(root), options.databaseUrl ? { databaseUrl: options.databaseUrl, ...(catalog ? { catalog } : {}) } : {});
    for (const d of drift)
      findings.push({ rule: 'migration-drift', severity: driftLevel, file: d.file, line: d.line ?? 1, message: `${d.rule}: ${d.message}` });
  }
  const seen = new Set<string>();
  const out = findings
    .filter((f) => {
      const id = `${f.file}:${f.line}:${f.rule}`;
      return !seen.has(id) && seen.add(id) !== undefined;
    })
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule));
  if (useCache) writeCache(root, key, out);
  return out;
}
