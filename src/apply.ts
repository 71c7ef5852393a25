import { createTwoFilesPatch } from 'diff';
import { commit, type CommitHooks } from './commit.ts';
import { plan, writesOf, type Action, type ConflictPolicy, type PlannedChange } from './conflicts.ts';
import { fail } from './errors.ts';
import type { Tree } from './tree.ts';

/** How to apply a change set. */
export interface ApplyOptions {
  dryRun?: boolean;
  diff?: boolean;
  policy?: ConflictPolicy;
  /** Where the log goes, one line at a time. */
  out?: (line: string) => void;
  color?: boolean;
  hooks?: CommitHooks;
}

const COLORS: Record<Action, string> = {
  create: '32',
  update: '33',
  delete: '31',
  identical: '34',
  skip: '33',
  force: '33',
  conflict: '31',
};

/** One Rails-style log line: the action right-aligned, then the path. */
export function logLine(action: Action | 'run', file: string, color = false): string {
  const word = action.padStart(12);
  return `${color && action !== 'run' ? `\u001b[${COLORS[action]}m${word}\u001b[0m` : word}  ${file}`;
}

/** A unified diff of one planned change. */
export function diffOf(change: PlannedChange): string {
  return createTwoFilesPatch(change.path, change.path, change.original ?? '', change.content ?? '', undefined, undefined, { context: 3 });
}

/**
 * Settles, prints and (unless a dry run) commits a tree's change set. The same
 * plan drives --dry-run, --diff and the real write. A conflict aborts with
 * nothing written.
 */
export function applyTree(tree: Tree, options: ApplyOptions = {}): PlannedChange[] {
  const out = options.out ?? ((line: string) => console.log(line));
  const planned = plan(tree.changes(), options.policy ?? 'abort');
  for (const change of planned) {
    out(logLine(change.action, change.path, options.color));
    const showDiff = change.action === 'conflict' || (options.diff && change.action !== 'identical' && change.action !== 'skip');
    if (showDiff) out(diffOf(change).trimEnd());
  }
  const conflicts = planned.filter((c) => c.action === 'conflict');
  if (conflicts.length > 0) {
    fail(
      'STRATA_CONFLICT',
      `${conflicts.length} file(s) exist with other content (${conflicts.map((c) => c.path).join(', ')}); nothing was written. Re-run with --force to overwrite or --skip to keep them`,
    );
  }
  if (!options.dryRun) commit(tree.root, writesOf(planned), options.hooks);
  return planned;
}
