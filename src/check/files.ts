import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const SKIP_DIRS = new Set(['node_modules', 'dist', 'build', 'coverage', '.data', '.git', 'test', 'tests', '__tests__', 'fixtures']);

/** Whether a file name is a source file check reads (tests, declarations and builds aside). */
export const isSource = (name: string): boolean => /\.(ts|js|mts|cts|mjs|cjs)$/.test(name) && !/\.(test|spec|d)\.[cm]?[tj]s$/.test(name);

/** Folders where migrations live by convention (sequelize-cli, umzug), read for the schema even outside the checked folders. */
const MIGRATION_DIRS = ['migrations', 'db/migrations', 'database/migrations', 'src/migrations', 'src/db/migrations'];

/** The migration files outside the checked sources: what they declare counts, nothing in them is reported. */
export function migrationSources(root: string, sources: Map<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const dir of MIGRATION_DIRS) {
    const abs = path.join(root, dir);
    // Already among the sources: nothing to add (and nothing to read twice).
    if (!existsSync(abs) || [...sources.keys()].some((f) => f.startsWith(abs + path.sep))) continue;
    for (const [file, text] of collectSources(abs, ['.'])) if (!sources.has(file)) out.set(file, text);
  }
  return out;
}

/** Every TypeScript and JavaScript source under the given folders, by absolute path, with its text. */
export function collectSources(root: string, paths: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.')) walk(path.join(dir, entry.name));
        continue;
      }
      if (!isSource(entry.name)) continue;
      const abs = path.join(dir, entry.name);
      out.set(abs, readFileSync(abs, 'utf8'));
    }
  };
  for (const p of paths) {
    const abs = path.resolve(root, p);
    if (existsSync(abs)) walk(abs);
  }
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
}
