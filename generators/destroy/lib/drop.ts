import { nextMigrationName } from '../../../src/migrations.ts';
import { diff, inverse, type Statement } from '../../../src/snapshot/diff.ts';
import { refuseDataLoss } from '../../../src/snapshot/sql.ts';
import { advance, notifyStatement, renderMigration, writeSnapshot } from '../../../src/snapshot/store.ts';
import type { Snapshot } from '../../../src/snapshot/types.ts';
import type { Tree } from '../../../src/tree.ts';

/** A drop-table migration, planned: its name and statements (the --notify trigger first). */
export interface DropPlan {
  table: string;
  name: string;
  statements: Statement[];
  snapshot: Snapshot;
}

/** Plans the migration that drops a table; refused without --allow-destructive, since every row goes. */
export function planDrop(
  tree: Tree,
  snapshot: Snapshot,
  table: string,
  o: { notify: boolean; allowDestructive: boolean; now: Date; subject: string },
): DropPlan {
  const known = snapshot.tables.find((t) => t.name === table);
  const statements = known ? [...(o.notify ? [inverse(notifyStatement(table))] : []), ...diff([known], [])] : [];
  refuseDataLoss(statements, o.allowDestructive, o.subject, "re-run with --allow-destructive to accept it (the migration's header lists what is lost)");
  return { table, name: nextMigrationName(tree, `drop_${table}`, o.now), statements, snapshot };
}

/** Writes the drop-table migration and the snapshot past it. */
export async function writeDrop(tree: Tree, plan: DropPlan): Promise<void> {
  if (plan.statements.length === 0) return;
  const migration = await renderMigration(plan.name, plan.snapshot.id, plan.statements);
  tree.write(migration.file, migration.content);
  writeSnapshot(
    tree,
    advance(
      plan.snapshot,
      migration.record,
      plan.snapshot.tables.filter((t) => t.name !== plan.table),
    ),
  );
}
