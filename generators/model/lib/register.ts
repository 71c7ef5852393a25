import { ensureRelationProperty, openSource, removeRelationsTo, saveSource } from '../../../src/ast.ts';
import * as registry from '../../../src/registry.ts';
import type { Tree } from '../../../src/tree.ts';
import { modelPath, type ModelOptions } from './normalize-options.ts';

/** Adds the service to createServices() in src/services/index.ts. */
export async function registerService(tree: Tree, { names, fields }: ModelOptions): Promise<void> {
  const args = fields.some((f) => f.secret) ? 'db.sequelize, db.secrets' : 'db.sequelize';
  await registry.registerService(tree, { file: `${names.fileName}-service`, cls: `${names.className}Service`, prop: names.pluralPropertyName, args });
}

/** Adds the route plugin and the entity schema to the registries in src/routes/index.ts. */
export async function registerRoutes(tree: Tree, { names }: ModelOptions): Promise<void> {
  await registry.registerRoutes(tree, { file: names.routeName, plugin: `${names.propertyName}Routes`, schema: `${names.className}Schema` });
}

/** Adds the has-many side of every belongs-to to the referenced model, with the same ON DELETE. */
export async function addHasMany(tree: Tree, options: ModelOptions): Promise<void> {
  const { names } = options;
  // A reference dropped by this run takes its has-many off the parent again.
  for (const d of options.droppedReferences) {
    const file = modelPath(d.parent);
    if (d.parent.className === names.className || !tree.exists(file)) continue;
    const source = openSource(tree, file);
    removeRelationsTo(source, d.parent.className, names.className, new Set(['HasMany']), d.field);
    await saveSource(tree, source);
  }
  for (const b of options.belongsTo) {
    const file = modelPath(b.parent);
    const source = openSource(tree, file);
    const self = b.parent.className === names.className;
    ensureRelationProperty(source, b.parent.className, {
      name: b.hasMany,
      decorator: 'HasMany',
      args: [`() => ${names.className}`, `{ foreignKey: '${b.field.name}', onDelete: '${b.onDelete}' }`],
      type: `NonAttribute<${names.className}[]>`,
      imports: self ? [] : [{ name: names.className, from: `./${names.fileName}.ts` }],
    });
    await saveSource(tree, source);
  }
}
