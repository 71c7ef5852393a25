import { kebab } from '../../../src/names.ts';
import { writeTemplate } from '../../../src/render.ts';
import type { Tree } from '../../../src/tree.ts';
import type { BelongsToInfo, ModelOptions } from './normalize-options.ts';
import { modelView } from './view.ts';

type PathKey = keyof ModelOptions['paths'];

/** A step that renders one model template to its path. */
function addFile(template: string, key: PathKey) {
  return async (tree: Tree, options: ModelOptions): Promise<void> => {
    await writeTemplate(tree, `model/${template}`, options.paths[key], modelView(options));
  };
}

/** The support files the repository imports, when the project predates them (as `strata new` writes them). */
export async function addSupportFiles(tree: Tree, options: ModelOptions): Promise<void> {
  for (const file of options.missingSupport) {
    await writeTemplate(tree, `new/${file}`, file, { projectName: options.projectName });
  }
}

/** The repository (persistence only). */
export const addRepository = addFile('repository.ts', 'repository');
/** The service (business rules, transactions). */
export const addService = addFile('service.ts', 'service');
/** The CRUD routes with their schemas. */
export const addRoutes = addFile('routes.ts', 'routes');
/** The test factory of valid bodies and rows. */
export const addFactory = addFile('factory.ts', 'factory');
/** The model's end-to-end test. */
export const addTest = addFile('test.ts', 'test');

function relationView(o: ModelOptions, b: BelongsToInfo) {
  const parentSoftDelete = b.parent.className === o.names.className ? o.softDelete : b.parentSoftDelete;
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
  const fileOf = (relation: string) => `test/relations/${options.names.routeName}-${kebab(relation)}.test.ts`;
  for (const b of options.belongsTo) await writeTemplate(tree, 'model/relation.test.ts', fileOf(b.relation), relationView(options, b));
  for (const d of options.droppedReferences) if (tree.exists(fileOf(d.relation))) tree.delete(fileOf(d.relation));
}

/** With --notify: a typed listener of the table's change channel, and its test. */
export async function addNotify(tree: Tree, options: ModelOptions): Promise<void> {
  if (options.dropsNotify) {
    // The trigger goes in a migration; its typed listener and test go with it.
    const files = [options.paths.changes, options.paths.notifyTest, ...(options.lastListener ? [options.paths.listener] : [])];
    for (const file of files) if (tree.exists(file)) tree.delete(file);
  }
  if (!options.notify) return;
  const view = {
    ...modelView(options),
    channel: `${options.names.tableName}_changes`,
    constChannel: `${options.names.tableName.toUpperCase()}_CHANNEL`,
    deleteOp: options.softDelete ? 'UPDATE' : 'DELETE',
    projectName: options.projectName,
  };
  await writeTemplate(tree, 'model/listener.ts', options.paths.listener, view);
  await writeTemplate(tree, 'model/changes.ts', options.paths.changes, view);
  await writeTemplate(tree, 'model/changes.test.ts', options.paths.notifyTest, view);
}
