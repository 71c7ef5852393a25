import { createTwoFilesPatch } from 'diff';
import { commit, type CommitHooks } from './commit.ts';
import { plan, writesOf, type Action, type ConflictPolicy, type PlannedChange } from './conflicts.ts';
import { fail } from './errors.ts';
import { BASELINE_DIR, baselineOf } from './baseline.ts';
import type { Tree } from './tree.ts';

/** How to apply a change set. */
export interface ApplyOptions {
  dryRun?: boolean;
  diff?: boolean;
  policy?: ConflictPolicy;
  /** Write overlapping merges with conflict markers (then exit 1) instead of writing nothing. */
  markers?: boolean;
  /** Where the log goes, one line at a time. */
  out?: (line: string) => void;
  color?: boolean;
  hooks?: CommitHooks;
  /** Log only what changes (a plan), not identical or skipped files. */
  changesOnly?: boolean;
}

const COLORS: Record<Action, string> = {
  create: '32',
  update: '33',
  merge: '36',
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
 * Settles, prints and (unless a dry run) commits a tree's change set, with the baseline of
 * every file a template emitted. The same plan drives --dry-run, --diff and the real write.
 * A conflict aborts with nothing written, unless conflict markers were asked for.
 */
export function applyTree(tree: Tree, options: ApplyOptions = {}): PlannedChange[] {
  const out = options.out ?? ((line: string) => console.log(line));
  const planned = plan(tree.changes(), options.policy ?? 'abort', (file) => tree.read(baselineOf(file)));
  for (const change of planned) {
    // The baseline is strata's bookkeeping, committed with the change but not logged.
    if (change.path.startsWith(`${BASELINE_DIR}/`)) continue;
    if (options.changesOnly && (change.action === 'identical' || change.action === 'skip')) continue;
    out(logLine(change.action, change.path, options.color));
    if (change.action === 'conflict') out((change.markers ? conflictHunks(change.markers) : diffOf(change)).trimEnd());
    else if (options.diff && change.action !== 'identical' && change.action !== 'skip') out(diffOf(change).trimEnd());
  }
  const conflicts = planned.filter((c) => c.action === 'conflict');
  const marked = options.markers ? conflicts.filter((c) => c.markers !== undefined) : [];
  if (conflicts.length > marked.length) {
    const mergeable = !options.markers && conflicts.some((c) => c.markers !== undefined);
    fail(
      'STRATA_CONFLICT',
      `${conflicts.length} file(s) exist with other content (${conflicts.map((c) => c.path).join(', ')}); nothing was written. Re-run with --force to overwrite${conflicts.some((c) => c.content === null) ? ' (or delete)' : ''}, --skip to keep them${mergeable ? ', or --conflict=markers to merge with conflict markers' : ''}`,
    );
  }
  const writes = [...writesOf(planned), ...marked.map((c) => ({ ...c, content: c.markers ?? null }))];
  if (!options.dryRun) commit(tree.root, [...writes, ...baselineWrites(tree, [...planned.filter((c) => c.action !== 'conflict'), ...marked])], options.hooks);
  if (marked.length > 0) {
    const files = marked.map((c) => c.path).join(', ');
    fail(
      'STRATA_CONFLICT',
      options.dryRun
        ? `${marked.length} file(s) would be written with conflict markers (${files}); nothing was written (--dry-run)`
        : `${marked.length} file(s) written with conflict markers (${files}); resolve them, then run the command again`,
    );
  }
  return planned;
}

/** The hunks of a merge with conflict markers, with 3 lines around each. */
export function conflictHunks(markers: string): string {
  const lines = markers.split('\n');
  const keep = new Set<number>();
  let inside = false;
  lines.forEach((line, i) => {
    if (line.startsWith('<<<<<<<')) inside = true;
    if (inside) for (let j = Math.max(0, i - 3); j <= Math.min(lines.length - 1, i + 3); j++) keep.add(j);
    if (line.startsWith('>>>>>>>')) inside = false;
  });
  return [...keep]
    .sort((a, b) => a - b)
    .map((i, k, all) => (k > 0 && all[k - 1] !== i - 1 ? `...\n${lines[i]}` : lines[i]))
    .join('\n');
}

/**
 * The baseline of every file a template emitted and the user now has strata's output in
 * (created, updated, merged, forced, identical, or written with conflict markers to resolve):
 * what strata emitted, so that the next run merges against it. Files edited through the AST
 * have none: they stay AST edits. A deleted file's baseline goes with it.
 */
function baselineWrites(tree: Tree, planned: PlannedChange[]): PlannedChange[] {
  const recorded: Action[] = ['create', 'update', 'merge', 'force', 'identical', 'conflict'];
  return planned.flatMap((change): PlannedChange[] => {
    if (change.action === 'delete') {
      const file = baselineOf(change.path);
      const original = tree.read(file);
      return original === null ? [] : [{ path: file, original, content: null, mode: 'edit', emitted: null, action: 'delete' }];
    }
    if (change.mode !== 'create' || change.emitted === null || !recorded.includes(change.action) || change.path.startsWith(`${BASELINE_DIR}/`)) return [];
    const file = baselineOf(change.path);
    const original = tree.read(file);
    // An identical file keeps its baseline (a second run changes no byte), or gets its first.
    if (original === change.emitted || (change.action === 'identical' && original !== null)) return [];
    return [{ path: file, original, content: change.emitted, mode: 'edit', emitted: change.emitted, action: original === null ? 'create' : 'update' }];
  });
}
