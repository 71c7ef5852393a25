import { carryRelations, openSource, readTableFlag } from '../../../src/ast.ts';
import { kebab } from '../../../src/names.ts';
import { advance, readSnapshot, renderMigration, writeSnapshot } from '../../../src/snapshot/store.ts';
import { format, renderTemplate } from '../../../src/render.ts';
import type { Tree } from '../../../src/tree.ts';
import { modelPath, type BelongsToInfo, type ModelOptions } from './normalize-options.ts';
import { modelView } from './view.ts';

type PathKey = keyof ModelOptions['paths'];

/** A step that renders one model template to its path; `always` also runs for join models. */
function addFile(template: string, key: PathKey, always = false) {
  return async (tree: Tree, options: ModelOptions): Promise<void> => {
    if (options.join && !always) return;
    const file = options.paths[key];
    tree.write(file, await format(file, renderTemplate(`model/${template}`, modelView(options))));
  };
}

/** The model class; relations that other generators added to an existing one are kept. */
export async function addModel(tree: Tree, options: ModelOptions): Promise<void> {
  const file = options.paths.model;
  let text = renderTemplate('model/model.ts', modelView(options));
  if (tree.exists(file)) {
    const fresh = openSource(tree, file, text);
    carryRelations(openSource(tree, file), fresh, options.names.className);
    text = fresh.getFullText();
  }
  tree.write(file, await format(file, text));
}
/** The create migration, and the snapshot advanced past it. */
export async function addMigration(tree: Tree, options: ModelOptions): Promise<void> {
  const migration = await renderMigration(options.migrationName, options.prevId, options.statements);
  tree.write(options.paths.migration, migration.content);
  const snapshot = readSnapshot(tree);
  const tables = options.updateTables ? [...snapshot.tables.filter((t) => t.name !== options.table.name), options.table] : snapshot.tables;
  writeSnapshot(tree, advance(snapshot, migration.record, tables));
}
export const addRepository = addFile('repository.ts', 'repository');
export const addService = addFile('service.ts', 'service');
export const addRoutes = addFile('routes.ts', 'routes');
export const addFactory = addFile('factory.ts', 'factory');
export const addTest = addFile('test.ts', 'test');

function relationView(tree: Tree, o: ModelOptions, b: BelongsToInfo) {
  const parentFile = modelPath(b.parent);
  const parentSoftDelete = b.parent.className === o.names.className ? o.softDelete : tree.exists(parentFile) && readTableFlag(openSource(tree, parentFile), b.parent.className, 'paranoid');
  return {
    child: { ...o.names },
    parent: { ...b.parent },
    sameModel: b.parent.className === o.names.className,
    relation: b.relation,
    hasMany: b.hasMany,
    foreignKey: b.field.name,
    column: b.field.column,
    onDelete: b.onDelete,
    cascade: b.onDelete === 'CASCADE',
    restrict: b.onDelete === 'RESTRICT',
    setNull: b.onDelete === 'SET NULL',
    parentSoftDelete,
    grand: b.grand && !parentSoftDelete ? { ...b.grand.names, foreignKey: `${b.grand.relation}Id` } : undefined,
  };
}

/** One end-to-end test per belongs-to relation: includes, the nested route, ON DELETE, no N+1, complete pages. */
export async function addRelationTests(tree: Tree, options: ModelOptions): Promise<void> {
  if (options.join) return;
  for (const b of options.belongsTo) {
    const file = `test/relations/${options.names.routeName}-${kebab(b.relation)}.test.ts`;
    tree.write(file, await format(file, renderTemplate('model/relation.test.ts', relationView(tree, options, b))));
  }
}

/** The project's name, from its package.json. */
function projectName(tree: Tree): string {
  try {
    return (JSON.parse(tree.read('package.json') ?? '{}') as { name?: string }).name ?? 'app';
  } catch {
    return 'app';
  }
}

/** With --notify: a typed listener of the table's change channel, and its test. */
export async function addNotify(tree: Tree, options: ModelOptions): Promise<void> {
  if (!options.notify || options.join) return;
  const view = {
    ...modelView(options),
    channel: `${options.names.tableName}_changes`,
    constChannel: `${options.names.tableName.toUpperCase()}_CHANNEL`,
    deleteOp: options.softDelete ? 'UPDATE' : 'DELETE',
    projectName: projectName(tree),
  };
  tree.write(options.paths.listener, await format(options.paths.listener, renderTemplate('model/listener.ts', view)));
  tree.write(options.paths.changes, await format(options.paths.changes, renderTemplate('model/changes.ts', view)));
  tree.write(options.paths.notifyTest, await format(options.paths.notifyTest, renderTemplate('model/changes.test.ts', view)));
}
