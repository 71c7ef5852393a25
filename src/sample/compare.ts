import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Paths in a generated project that strata does not emit (installs, local data, `npm run build`'s output). */
const IGNORED = new Set(['node_modules', '.data', 'dist', 'package-lock.json']);

/** Every file under a folder, relative, skipping what strata does not emit. */
export function listFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .filter((rel) => !IGNORED.has(rel.split('/')[0] ?? ''))
    .sort();
}

/** The differences between two trees: missing, extra and changed files. */
export function compareTrees(expected: string, actual: string): string[] {
  const want = listFiles(expected);
  const have = new Set(listFiles(actual));
  const problems: string[] = [];
  for (const file of want) {
    if (!have.has(file)) problems.push(`missing   ${file}`);
    else if (!readFileSync(path.join(expected, file)).equals(readFileSync(path.join(actual, file)))) problems.push(`differs   ${file}`);
    have.delete(file);
  }
  for (const file of have) problems.push(`extra     ${file}`);
  return problems;
}
