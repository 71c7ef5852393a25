/** The check cache: an unchanged project (sources, migrations, snapshot, compiler options, dependencies, config, strata) answers at once. */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Finding } from './index.ts';

// strata's own code (src/ or dist/src/, whichever runs): any change to it is a new checker.
const STRATA_CODE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A fingerprint of strata's code: every file's path, size and time. */
function strataFingerprint(): string {
  const h = createHash('sha256');
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) walk(abs);
      else {
        const st = statSync(abs);
        h.update(`${abs}:${st.size}:${st.mtimeMs}\n`);
      }
    }
  };
  walk(STRATA_CODE);
  return h.digest('hex');
}

/** Project files besides the sources that change what check sees: compiler options and the installed dependencies. */
const PROJECT_FILES = ['tsconfig.json', 'jsconfig.json', 'package.json', 'package-lock.json', 'strata.config.json'];

/** The key of a run: strata, the project's settings and lockfile, the config, and every file read (with declaration files). */
export function cacheKey(root: string, config: string, files: Array<[string, string]>, snapshot: string): string {
  const h = createHash('sha256').update(strataFingerprint()).update(config).update(snapshot);
  for (const f of PROJECT_FILES) {
    const abs = path.join(root, f);
    h.update(`${f}:${existsSync(abs) ? readFileSync(abs, 'utf8') : ''}\n`);
  }
  for (const [abs, text] of [...files].sort(([a], [b]) => a.localeCompare(b))) h.update(`${abs}\n${text}\n`);
  return h.digest('hex');
}

/** Where a project's cache lives: node_modules/.cache/strata (like Babel's and ESLint loaders'), only when node_modules exists. */
function cacheFile(root: string): string | undefined {
  const modules = path.join(root, 'node_modules');
  // One file per project root: a node_modules shared through a symlink keeps projects apart.
  const id = createHash('sha1').update(path.resolve(root)).digest('hex').slice(0, 12);
  return existsSync(modules) ? path.join(modules, '.cache', 'strata', `check-${id}.json`) : undefined;
}

/** The findings of the last run, if it had this key. */
export function readCache(root: string, key: string): Finding[] | undefined {
  const file = cacheFile(root);
  if (!file || !existsSync(file)) return undefined;
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as { key: string; findings: Finding[] };
    return data.key === key ? data.findings : undefined;
  } catch {
    return undefined;
  }
}

/** Stores the findings (best effort: a read-only node_modules just means no cache). */
export function writeCache(root: string, key: string, findings: Finding[]): void {
  const file = cacheFile(root);
  if (!file) return;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ key, findings }));
  } catch {
    // no cache this time
  }
}
