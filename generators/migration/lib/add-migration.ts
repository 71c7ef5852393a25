import type { Tree } from '../../../src/tree.ts';
import { advance, renderMigration, writeSnapshot } from '../../../src/snapshot/store.ts';
import type { MigrationOptions } from './normalize-options.ts';

/** Writes the migration and advances the snapshot to the models' schema. */
export async function addMigration(tree: Tree, o: MigrationOptions): Promise<void> {
  if (o.statements.length === 0) return;
  const migration = await renderMigration(o.migrationName, o.snapshot.id, o.statements);
  tree.write(migration.file, migration.content);
  writeSnapshot(tree, advance(o.snapshot, migration.record, o.models));
}
