/** The check cache: per-file hashes and the last findings, so an unchanged project answers at once and a changed one re-checks only what the change touches. */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { STRATA_VERSION } from '../version.ts';
import type { Finding } from './index.ts';

/** What a run stores. */
export interface CacheData {
  key: string;
  /** Relative path → content hash. */
  files: Record<string, string>;
  /** Files that held whole-project facts (models, migrations, shutdown): changing one means a full run. */
  facts: string[];
  findings: Finding[];
  /** Drift findings, valid while no source file and no snapshot changed. */
  drift: Finding[];
  snapshot: string;
}

const CHECK_DIR = path.dirname(fileURLToPath(import.meta.url));

/** A fingerprint of the checker itself (its version and its sources' sizes and times), so a new strata never reads an old cache. */
function checkerFingerprint(): string {
  const h = createHash('sha256').update(STRATA_VERSION);
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) walk(abs);
      else {
        const st = statSync(abs);
        h.update(`${abs}:${st.size}:${st.mtimeMs}`);
      }
    }
  };
  walk(CHECK_DIR);
  return h.digest('hex');
}

/** The hash of a file's text. */
export const hashText = (text: string): string => createHash('sha1').update(text).digest('hex');

/** Where a project's cache lives: node_modules/.cache/strata (like Babel's and ESLint loaders'), only when node_modules exists. */
function cacheFile(root: string): string | undefined {
  const modules = path.join(root, 'node_modules');
  // One file per project root: a node_modules shared through a symlink keeps projects apart.
  const id = createHash('sha1').update(path.resolve(root)).digest('hex').slice(0, 12);
  return existsSync(modules) ? path.join(modules, '.cache', 'strata', `check-${id}.json`) : undefined;
}

/** The key of a run: the checker and the project's config. */
export function cacheKey(configText: string): string {
  return createHash('sha256').update(checkerFingerprint()).update(configText).digest('hex');
}

/** The stored cache, if it was written with this key. */
export function readCache(root: string, key: string): CacheData | undefined {
  const file = cacheFile(root);
  if (!file || !existsSync(file)) return undefined;
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as CacheData;
    return data.key === key ? data : undefined;
  } catch {
    return undefined;
  }
}

/** Stores the cache (best effort: a read-only node_modules just means no cache). */
export function writeCache(root: string, data: CacheData): void {
  const file = cacheFile(root);
  if (!file) return;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(data));
  } catch {
    // no cache this time
  }
}
