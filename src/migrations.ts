import { MIGRATION_FILE, MIGRATIONS_DIR } from './project.ts';
import type { Tree } from './tree.ts';

function stamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

function bump(ts: string): string {
  const d = new Date(`${ts.slice(0, 4)}-${ts.slice(4, 6)}-${ts.slice(6, 8)}T${ts.slice(8, 10)}:${ts.slice(10, 12)}:${ts.slice(12, 14)}Z`);
  return stamp(new Date(d.getTime() + 1000));
}

/**
 * The name of a new migration: a timestamp later than every existing one. A migration that may
 * have run is never rewritten, so an existing one with the same slug is never reused.
 */
export function nextMigrationName(tree: Tree, slug: string, now: Date): string {
  let latest = '';
  for (const file of tree.list(MIGRATIONS_DIR)) {
    const m = MIGRATION_FILE.exec(file.slice(MIGRATIONS_DIR.length + 1));
    if (!m) continue;
    if ((m[1] ?? '') > latest) latest = m[1] ?? '';
  }
  let ts = stamp(now);
  if (latest && ts <= latest) ts = bump(latest);
  return `${ts}_${slug}`;
}
