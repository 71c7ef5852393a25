import { existsSync } from 'node:fs';
import path from 'node:path';
import { SNAPSHOT_FILE } from '../snapshot/store.ts';
import { Tree } from '../tree.ts';
import { loadConfig, type Severity } from './config.ts';
import { checkDrift } from './drift.ts';
import { collectSources, type SourceEntry } from './files.ts';
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

/** Applies `// strata-ignore <rule>: <reason>` on the finding's line or the line above; a missing reason silences nothing. */
function applyIgnores(file: SourceEntry, findings: Finding[]): Finding[] {
  const lines = file.text.split('\n');
  const out: Finding[] = [];
  const reported = new Set<number>();
  for (const f of findings) {
    // The finding's own line, and the block of comment lines right above it.
    const candidates = [lines[f.line - 1] ?? ''];
    for (let i = f.line - 2; i >= 0 && /^\s*\/\//.test(lines[i] ?? ''); i--) candidates.push(lines[i] ?? '');
    const ignore = candidates.map((l) => IGNORE.exec(l.trim())).find((m) => m?.[1] === f.rule);
    if (ignore?.[2]?.trim()) continue;
    out.push(f);
  }
  lines.forEach((text, i) => {
    const m = IGNORE.exec(text.trim());
    if (m && !m[2]?.trim() && !reported.has(i)) {
      reported.add(i);
      out.push({
        rule: IGNORE_RULE.id,
        severity: 'error',
        file: file.rel,
        line: i + 1,
        message: `strata-ignore ${m[1]} gives no reason; write // strata-ignore ${m[1]}: <why this is fine>`,
      });
    }
  });
  return out;
}

/** Options of one check run. */
export interface CheckOptions {
  /** Only the drift checks */
  driftOnly?: boolean;
  databaseUrl?: string;
}

/** Runs every rule (reading only the files each one needs) and the drift checks; returns the findings, sorted. */
export async function runCheck(root: string, options: CheckOptions = {}): Promise<Finding[]> {
  const config = loadConfig(root);
  const severity = (rule: string): Severity => config.rules[rule] ?? 'error';
  const findings: Finding[] = [];
  if (!options.driftOnly) {
    for (const file of collectSources(root, config.paths)) {
      const raw: Finding[] = [];
      for (const rule of RULES) {
        const level = severity(rule.id);
        if (level === 'off' || !rule.applies(file) || (rule.quick && !rule.quick.test(file.text))) continue;
        for (const r of rule.check(file)) raw.push({ rule: rule.id, severity: level, file: file.rel, line: r.line, message: r.message });
      }
      for (const f of applyIgnores(file, raw)) {
        const level = severity(f.rule);
        if (level !== 'off') findings.push({ ...f, severity: level });
      }
    }
  }
  const level = severity('migration-drift');
  if (level !== 'off' && existsSync(path.join(root, SNAPSHOT_FILE))) {
    for (const d of await checkDrift(new Tree(root), options.databaseUrl ? { databaseUrl: options.databaseUrl } : {})) {
      findings.push({ rule: 'migration-drift', severity: level, file: d.file, line: d.line ?? 1, message: `${d.rule}: ${d.message}` });
    }
  }
  return findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule));
}
