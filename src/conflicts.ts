import type { StagedFile } from './tree.ts';

/** What happens to one file, in Yeoman's and Rails' words. */
export type Action = 'create' | 'update' | 'delete' | 'identical' | 'conflict' | 'skip' | 'force';

/** How to treat a file that exists with other content. */
export type ConflictPolicy = 'abort' | 'force' | 'skip';

/** A staged change with the action the conflicter settled on. */
export interface PlannedChange extends StagedFile {
  action: Action;
}

/** Settles the action of every staged change against what was on disk. */
export function plan(changes: StagedFile[], policy: ConflictPolicy): PlannedChange[] {
  return changes.map((change) => ({ ...change, action: actionFor(change, policy) }));
}

function actionFor(change: StagedFile, policy: ConflictPolicy): Action {
  if (change.content === change.original) return 'identical';
  if (change.content === null) return 'delete';
  if (change.original === null) return 'create';
  if (change.mode === 'edit') return 'update';
  if (policy === 'force') return 'force';
  if (policy === 'skip') return 'skip';
  return 'conflict';
}

/** The changes that touch the disk when committed. */
export function writesOf(planned: PlannedChange[]): PlannedChange[] {
  return planned.filter((c) => c.action === 'create' || c.action === 'update' || c.action === 'delete' || c.action === 'force');
}
