import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, type Severity } from './config.ts';
import { Analysis } from './analysis/index.ts';
import { lineOf } from './analysis/syntax.ts';
import { changedScope } from './changed.ts';
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
}

/** Runs every rule over the analysed project and the drift checks; returns the findings, sorted. */
export async function runCheck(root: string, options: CheckOptions = {}): Promise<Finding[]> {
  const config = loadConfig(root);
  const severity = (rule: string): Severity => config.rules[rule] ?? RULES.find((r) => r.id === rule)?.severity ?? 'error';
  const findings: Finding[] = [];
  if (!options.driftOnly) {
    const all = collectSources(root, config.paths);
    const scope = options.changed ? changedScope(root, options.changed, all) : undefined;
    const sources = scope ? scope.sources : all;
    const analysis = await Analysis.create(root, sources, scope ? (rel) => scope.focus.has(rel) : () => true, config.roles);
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
    for (const file of analysis.files.filter((f) => f.focus)) {
      for (const f of applyIgnores(file.rel, file.text, byFile.get(file.rel) ?? [])) {
        const level = severity(f.rule);
        if (level !== 'off') findings.push({ ...f, severity: level });
      }
    }
  }
  const level = severity('migration-drift');
  // Loaded only when there is a snapshot to compare: the drift check brings ts-morph and the migrator.
  const { SNAPSHOT_FILE } = await import('../snapshot/store.ts');
  if (level !== 'off' && !options.changed && existsSync(path.join(root, SNAPSHOT_FILE))) {
    const [{ checkDrift }, { Tree }] = await Promise.all([import('./drift.ts'), import('../tree.ts')]);
    for (const d of await checkDrift(new Tree(root), options.databaseUrl ? { databaseUrl: options.databaseUrl } : {})) {
      findings.push({ rule: 'migration-drift', severity: level, file: d.file, line: d.line ?? 1, message: `${d.rule}: ${d.message}` });
    }
  }
  const seen = new Set<string>();
  return findings
    .filter((f) => {
      const key = `${f.file}:${f.line}:${f.rule}`;
      return !seen.has(key) && seen.add(key) !== undefined;
    })
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule));
}
