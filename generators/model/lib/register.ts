import { ensureArrayElement, ensureNamedImport, ensureRelationProperty, ensureReturnedProperty, openSource, saveSource } from '../../../src/ast.ts';
import type { Tree } from '../../../src/tree.ts';
import { modelPath, type ModelOptions } from './normalize-options.ts';

/** Adds the model to src/db/models/index.ts, through the AST. */
export async function registerModel(tree: Tree, { names }: ModelOptions): Promise<void> {
  const source = openSource(tree, 'src/db/models/index.ts');
  ensureNamedImport(source, `./${names.fileName}.ts`, names.className);
  ensureArrayElement(source, 'models', names.className);
  await saveSource(tree, source);
}

/** Adds the service to createServices() in src/services/index.ts. */
export async function registerService(tree: Tree, { names, join, fields }: ModelOptions): Promise<void> {
  if (join) return;
  const args = fields.some((f) => f.secret) ? 'db.sequelize, db.secrets' : 'db.sequelize';
  const source = openSource(tree, 'src/services/index.ts');
  ensureNamedImport(source, `./${names.fileName}-service.ts`, `${names.className}Service`);
  ensureReturnedProperty(source, 'createServices', names.pluralPropertyName, `new ${names.className}Service(${args})`);
  await saveSource(tree, source);
}

/** Adds the route plugin and the entity schema to the registries in src/routes/index.ts. */
export async function registerRoutes(tree: Tree, { names, join }: ModelOptions): Promise<void> {
  if (join) return;
  const source = openSource(tree, 'src/routes/index.ts');
  ensureNamedImport(source, `./${names.routeName}.ts`, `${names.propertyName}Routes`);
  ensureNamedImport(source, `./${names.routeName}.ts`, `${names.className}Schema`);
  ensureArrayElement(source, 'routes', `${names.propertyName}Routes`);
  ensureArrayElement(source, 'schemas', `${names.className}Schema`);
  await saveSource(tree, source);
}

/** Adds the has-many side of every belongs-to to the referenced model, with the same ON DELETE. */
export async function addHasMany(tree: Tree, options: ModelOptions): Promise<void> {
  if (options.join) return;
  const { names } = options;
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
