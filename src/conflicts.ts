import { merge } from 'node-diff3';
import type { StagedFile } from './tree.ts';

/** What happens to one file, in Yeoman's and Rails' words. */
export type Action = 'create' | 'update' | 'merge' | 'delete' | 'identical' | 'conflict' | 'skip' | 'force';

/** How to treat a file that exists with other content. */
export type ConflictPolicy = 'abort' | 'force' | 'skip';

/** A staged change with the action the conflicter settled on. */
export interface PlannedChange extends StagedFile {
  action: Action;
  /** What the generator emitted (content is the merge when the user had edited the file). */
  emitted: string | null;
  /** The 3-way merge with conflict markers, when the user's edits and strata's overlap. */
  markers?: string;
}

/** What strata emitted for a file last time (its baseline), or null when unknown. */
export type BaseOf = (file: string) => string | null;

/**
 * Settles the action of every staged change against what was on disk. Template output over a
 * file the user edited is merged 3-way against the baseline: a clean merge is `merge`, an
 * overlap a `conflict`; an edited file strata has nothing new for stays as it is. Deleting a
 * generated file the user edited is a `conflict` too, unless forced.
 */
export function plan(changes: StagedFile[], policy: ConflictPolicy, baseOf: BaseOf = () => null): PlannedChange[] {
  return changes.map((change) => settle(change, policy, baseOf));
}

function settle(change: StagedFile, policy: ConflictPolicy, baseOf: BaseOf): PlannedChange {
  const planned = (action: Action, extra: Partial<PlannedChange> = {}): PlannedChange => ({ ...change, emitted: change.content, action, ...extra });
  if (change.content === change.original) return planned('identical');
  if (change.content === null) {
    // Removing a file strata generated and the user has since changed loses their edits.
    const base = baseOf(change.path);
    if (base === null || base === change.original || policy === 'force') return planned('delete');
    return planned(policy === 'skip' ? 'skip' : 'conflict');
  }
  if (change.original === null) return planned('create');
  if (change.mode === 'edit') return planned('update');
  if (policy === 'force') return planned('force');
  if (policy === 'skip') return planned('skip');
  const base = baseOf(change.path);
  if (base === null) return planned('conflict');
  if (change.original === base) return planned('update');
  if (change.content === base) return planned('identical', { content: change.original });
  const merged = merge3(change.original, base, change.content);
  return merged.conflict ? planned('conflict', { markers: merged.text }) : planned('merge', { content: merged.text });
}

/** diff3 of the user's file and strata's new output over the baseline, line by line. */
export function merge3(yours: string, base: string, strata: string): { conflict: boolean; text: string } {
  const lines = (text: string) => text.split('\n');
  const result = merge(lines(yours), lines(base), lines(strata), { excludeFalseConflicts: true, label: { a: 'yours', b: 'strata' } });
  return { conflict: result.conflict, text: result.result.join('\n') };
}

/** The changes that touch the disk when committed. */
export function writesOf(planned: PlannedChange[]): PlannedChange[] {
  const writes: Action[] = ['create', 'update', 'merge', 'delete', 'force'];
  return planned.filter((c) => writes.includes(c.action));
}
