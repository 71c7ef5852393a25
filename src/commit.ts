import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fail } from './errors.ts';
import type { PlannedChange } from './conflicts.ts';

/** Test hook: called before each rename into place, so a test can make one fail. */
export interface CommitHooks {
  beforeRename?: (file: string, index: number) => void;
}

interface Undo {
  run: () => void;
}

/**
 * Applies a change set all at once. Every new content is first written to a
 * temp file beside its target, then all temp files are renamed into place. If
 * anything fails, every step taken is undone in reverse, so the tree on disk
 * is as it was.
 */
export function commit(root: string, writes: PlannedChange[], hooks: CommitHooks = {}): void {
  assertNotStale(root, writes);
  const undo: Undo[] = [];
  const temps: string[] = [];
  const createdDirs: string[] = [];
  try {
    writes.forEach((change, i) => {
      if (change.content === null) return;
      const target = path.join(root, change.path);
      for (const dir of missingDirs(path.dirname(target))) {
        mkdirSync(dir);
        createdDirs.push(dir);
      }
      const temp = tempName(target, i);
      writeFileSync(temp, change.content);
      temps.push(temp);
    });
    writes.forEach((change, i) => {
      const target = path.join(root, change.path);
      hooks.beforeRename?.(change.path, i);
      if (change.content === null) {
        const backup = tempName(target, i);
        renameSync(target, backup);
        temps.push(backup);
        undo.push({ run: () => renameSync(backup, target) });
        return;
      }
      renameSync(tempName(target, i), target);
      undo.push({ run: () => restore(target, change.original) });
    });
  } catch (error) {
    for (const step of undo.reverse()) {
      try {
        step.run();
      } catch {
        // keep undoing the rest; a half-undone step is better than none
      }
    }
    removeAll(temps);
    for (const dir of createdDirs.reverse()) rmdirSync(dir);
    fail('STRATA_COMMIT_FAILED', `could not write the change set (${(error as Error).message}); nothing was changed`);
  }
  removeAll(temps);
  for (const change of writes) if (change.content === null) pruneEmptyDirs(root, path.dirname(path.join(root, change.path)));
}

/** Removes the folders a deletion left empty, up to the project root (a generator never leaves an empty folder behind). */
function pruneEmptyDirs(root: string, dir: string): void {
  for (
    let current = dir;
    current.startsWith(`${root}${path.sep}`) && existsSync(current) && readdirSync(current).length === 0;
    current = path.dirname(current)
  ) {
    rmdirSync(current);
  }
}

function assertNotStale(root: string, writes: PlannedChange[]): void {
  for (const change of writes) {
    const target = path.join(root, change.path);
    const now = existsSync(target) ? readFileSync(target, 'utf8') : null;
    if (now !== change.original) {
      fail('STRATA_STALE', `${change.path} changed on disk while strata was working; run the command again`);
    }
  }
}

function restore(target: string, original: string | null): void {
  if (original === null) unlinkSync(target);
  else writeFileSync(target, original);
}

function missingDirs(dir: string): string[] {
  const missing: string[] = [];
  let current = dir;
  while (!existsSync(current)) {
    missing.unshift(current);
    current = path.dirname(current);
  }
  return missing;
}

function tempName(target: string, index: number): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.strata-${process.pid}-${index}.tmp`);
}

function removeAll(files: string[]): void {
  for (const file of files) {
    if (existsSync(file)) unlinkSync(file);
  }
}
