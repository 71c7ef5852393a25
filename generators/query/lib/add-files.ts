import { paramSample, paramSchema, paramTsType, responseSchema, tsType } from '../../../src/query/types.ts';
import { registerRoutes, registerService } from '../../../src/registry.ts';
import { writeTemplate } from '../../../src/render.ts';
import { baselineOf } from '../../../src/baseline.ts';
import { deleteFiles, unregisterModules } from '../../../src/remove.ts';
import type { Tree } from '../../../src/tree.ts';
import type { QueryOptions } from './normalize-options.ts';

function view(o: QueryOptions) {
  return {
    ...o.names,
    constName: `${o.names.snakeName.toUpperCase()}_SQL`,
    sql: o.sql.replace(/\\/g, '\\\\'),
    params: o.params.map((p, i) => ({
      name: p.name,
      tsType: paramTsType(p),
      schema: paramSchema(p),
      sample: paramSample(p),
      index: i + 1,
      last: i === o.params.length - 1,
    })),
    hasParams: o.params.length > 0,
    columns: o.columns.map((c) => ({ name: c.name, tsType: tsType(c), schema: responseSchema(c) })),
    usesNullable: o.columns.some((c) => c.nullable),
    usesDateTime: o.columns.some((c) => c.type === 'date' || c.type === 'datetime'),
    route: o.route,
  };
}

async function render(tree: Tree, template: string, file: string, o: QueryOptions): Promise<void> {
  await writeTemplate(tree, `query/${template}`, file, view(o));
}

/** The stateless query module. */
export async function addModule(tree: Tree, o: QueryOptions): Promise<void> {
  await render(tree, 'module.ts', o.paths.module, o);
}

/** With --route: a raw-layer service, a GET route and its test, registered in the app. */
export async function addRoute(tree: Tree, o: QueryOptions): Promise<void> {
  if (!o.route) {
    // A route strata wrote for this query before, now dropped: unregistered and removed.
    const generated = [o.paths.service, o.paths.routes, o.paths.test].filter((file) => tree.exists(baselineOf(file)));
    await unregisterModules(tree, generated);
    deleteFiles(tree, generated);
    return;
  }
  await render(tree, 'service.ts', o.paths.service, o);
  await render(tree, 'routes.ts', o.paths.routes, o);
  await render(tree, 'test.ts', o.paths.test, o);
  await registerService(tree, { file: `${o.names.fileName}-service`, cls: `${o.names.className}Service`, prop: o.names.propertyName, args: 'db.database' });
  await registerRoutes(tree, { file: o.names.fileName, plugin: `${o.names.propertyName}Routes` });
}
