import { ensureArrayElement, ensureNamedImport, ensureReturnedProperty, openSource, saveSource } from './ast.ts';
import { REGISTRIES } from './project.ts';
import type { Tree } from './tree.ts';

/** Adds a model class to src/db/models/index.ts, through the AST (a second run changes nothing). */
export async function registerModel(tree: Tree, model: { file: string; cls: string }): Promise<void> {
  const source = openSource(tree, REGISTRIES.models);
  ensureNamedImport(source, `./${model.file}.ts`, model.cls);
  ensureArrayElement(source, 'models', model.cls);
  await saveSource(tree, source);
}

/** Adds `prop: new Cls(args)` to createServices() in src/services/index.ts. */
export async function registerService(tree: Tree, service: { file: string; cls: string; prop: string; args: string }): Promise<void> {
  const source = openSource(tree, REGISTRIES.services);
  ensureNamedImport(source, `./${service.file}.ts`, service.cls);
  ensureReturnedProperty(source, 'createServices', service.prop, `new ${service.cls}(${service.args})`);
  await saveSource(tree, source);
}

/** Adds a route plugin (and the entity schema relations $ref, if any) to src/routes/index.ts. */
export async function registerRoutes(tree: Tree, route: { file: string; plugin: string; schema?: string }): Promise<void> {
  const source = openSource(tree, REGISTRIES.routes);
  ensureNamedImport(source, `./${route.file}.ts`, route.plugin);
  ensureArrayElement(source, 'routes', route.plugin);
  if (route.schema) {
    ensureNamedImport(source, `./${route.file}.ts`, route.schema);
    ensureArrayElement(source, 'schemas', route.schema);
  }
  await saveSource(tree, source);
}
