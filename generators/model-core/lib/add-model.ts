import { carryRelations, openSource } from '../../../src/ast.ts';
import { registerModel as register } from '../../../src/registry.ts';
import { format, renderFormatted, renderTemplate } from '../../../src/render.ts';
import { advance, renderMigration, writeSnapshot } from '../../../src/snapshot/store.ts';
import type { Tree } from '../../../src/tree.ts';
import type { ModelOptions } from '../../model/lib/normalize-options.ts';
import { modelView } from '../../model/lib/view.ts';

/** The model class; relations that other generators added to an existing one are kept. */
export async function addModel(tree: Tree, options: ModelOptions): Promise<void> {
  const file = options.paths.model;
  if (options.existingModel === null) {
    tree.write(file, await renderFormatted('model/model.ts', file, modelView(options)));
    return;
  }
  const fresh = openSource(tree, file, renderTemplate('model/model.ts', modelView(options)));
  carryRelations(openSource(tree, file, options.existingModel), fresh, options.names.className);
  tree.write(file, await format(file, fresh.getFullText()));
}

/** The create migration (the alter migration, for a table the snapshot knows), and the snapshot advanced past it. */
export async function addMigration(tree: Tree, options: ModelOptions): Promise<void> {
  if (options.statements.length === 0) return;
  const migration = await renderMigration(options.migrationName, options.prevId, options.statements);
  tree.write(options.paths.migration, migration.content);
  const { snapshot } = options;
  const tables = [...snapshot.tables.filter((t) => t.name !== options.table.name), options.table];
  writeSnapshot(tree, advance(snapshot, migration.record, tables));
}

/** Adds the model to src/db/models/index.ts, through the AST. */
export async function registerModel(tree: Tree, { names }: ModelOptions): Promise<void> {
  await register(tree, { file: names.fileName, cls: names.className });
}
