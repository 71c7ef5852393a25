import { ensureArrayElements, ensureNamedImports, ensureReturnedProperties, openSource, saveSource } from './ast.ts';
import { REGISTRIES } from './project.ts';
import type { Tree } from './tree.ts';

/** What generators ask of one registry: imports, array elements, returned `key: value` properties, in order. */
interface Pending {
  imports: Array<{ module: string; name: string }>;
  elements: Array<{ variable: string; element: string }>;
  properties: Array<{ fn: string; key: string; value: string }>;
}

// Registrations wait in the tree until it is finished, then each registry takes all of its own
// in one AST edit: a run that registers a hundred models edits each index once.
const pending = new WeakMap<Tree, Map<string, Pending>>();

function queue(tree: Tree, file: string): Pending {
  let files = pending.get(tree);
  if (!files) {
    files = new Map();
    pending.set(tree, files);
  }
  let entry = files.get(file);
  if (!entry) {
    entry = { imports: [], elements: [], properties: [] };
    files.set(file, entry);
    tree.onFinish(`register in ${file}`, () => flush(tree, file));
  }
  return entry;
}

/** Applies a registry's waiting registrations through the AST; what is already there is left (a second run changes nothing). */
async function flush(tree: Tree, file: string): Promise<void> {
  const entry = pending.get(tree)?.get(file);
  pending.get(tree)?.delete(file);
  if (!entry) return;
  const source = openSource(tree, file);
  ensureNamedImports(source, entry.imports);
  for (const variable of new Set(entry.elements.map((e) => e.variable))) {
    ensureArrayElements(
      source,
      variable,
      entry.elements.filter((e) => e.variable === variable).map((e) => e.element),
    );
  }
  for (const fn of new Set(entry.properties.map((p) => p.fn)))
    ensureReturnedProperties(
      source,
      fn,
      entry.properties.filter((p) => p.fn === fn),
    );
  await saveSource(tree, source);
}

/** Adds a model class to src/db/models/index.ts, through the AST, when the tree is finished. */
export async function registerModel(tree: Tree, model: { file: string; cls: string }): Promise<void> {
  const q = queue(tree, REGISTRIES.models);
  q.imports.push({ module: `./${model.file}.ts`, name: model.cls });
  q.elements.push({ variable: 'models', element: model.cls });
}

/** Adds `prop: new Cls(args)` to createServices() in src/services/index.ts. */
export async function registerService(tree: Tree, service: { file: string; cls: string; prop: string; args: string }): Promise<void> {
  const q = queue(tree, REGISTRIES.services);
  q.imports.push({ module: `./${service.file}.ts`, name: service.cls });
  q.properties.push({ fn: 'createServices', key: service.prop, value: `new ${service.cls}(${service.args})` });
}

/** Adds a route plugin (and the entity schema relations $ref, if any) to src/routes/index.ts. */
export async function registerRoutes(tree: Tree, route: { file: string; plugin: string; schema?: string }): Promise<void> {
  const q = queue(tree, REGISTRIES.routes);
  q.imports.push({ module: `./${route.file}.ts`, name: route.plugin });
  q.elements.push({ variable: 'routes', element: route.plugin });
  if (route.schema) {
    q.imports.push({ module: `./${route.file}.ts`, name: route.schema });
    q.elements.push({ variable: 'schemas', element: route.schema });
  }
}
