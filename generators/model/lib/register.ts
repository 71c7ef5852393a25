import { ensureArrayElement, ensureNamedImport, ensureReturnedProperty, openSource, saveSource } from '../../../src/ast.ts';
import type { Tree } from '../../../src/tree.ts';
import type { ModelOptions } from './normalize-options.ts';

/** Adds the model to src/db/models/index.ts, through the AST. */
export async function registerModel(tree: Tree, { names }: ModelOptions): Promise<void> {
  const source = openSource(tree, 'src/db/models/index.ts');
  ensureNamedImport(source, `./${names.fileName}.ts`, names.className);
  ensureArrayElement(source, 'models', names.className);
  await saveSource(tree, source);
}

/** Adds the service to createServices() in src/services/index.ts. */
export async function registerService(tree: Tree, { names }: ModelOptions): Promise<void> {
  const source = openSource(tree, 'src/services/index.ts');
  ensureNamedImport(source, `./${names.fileName}-service.ts`, `${names.className}Service`);
  ensureReturnedProperty(source, 'createServices', names.pluralPropertyName, `new ${names.className}Service(db.sequelize)`);
  await saveSource(tree, source);
}

/** Adds the route plugin to the registry in src/routes/index.ts. */
export async function registerRoutes(tree: Tree, { names }: ModelOptions): Promise<void> {
  const source = openSource(tree, 'src/routes/index.ts');
  ensureNamedImport(source, `./${names.routeName}.ts`, `${names.propertyName}Routes`);
  ensureArrayElement(source, 'routes', `${names.propertyName}Routes`);
  await saveSource(tree, source);
}
