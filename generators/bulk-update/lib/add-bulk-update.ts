import { registerRoutes, registerService } from '../../../src/registry.ts';
import { writeTemplate } from '../../../src/render.ts';
import type { Tree } from '../../../src/tree.ts';
import type { BulkUpdateOptions } from './normalize-options.ts';

/** The UPDATE module, its raw-layer service, the route and its test. */
export async function addBulkUpdate(tree: Tree, o: BulkUpdateOptions): Promise<void> {
  const view = { ...o.names, ...o };
  await writeTemplate(tree, 'bulk/update-query.ts', o.paths.query, view);
  await writeTemplate(tree, 'bulk/update-service.ts', o.paths.service, view);
  await writeTemplate(tree, 'bulk/update-routes.ts', o.paths.routes, view);
  await writeTemplate(tree, 'bulk/update.test.ts', o.paths.test, view);
}

/** Registers the service and the route plugin. */
export async function registerBulkUpdate(tree: Tree, o: BulkUpdateOptions): Promise<void> {
  await registerService(tree, { file: `${o.names.fileName}-${o.actionFile}-service`, cls: o.serviceClass, prop: o.serviceProp, args: 'db.database' });
  await registerRoutes(tree, { file: `${o.names.routeName}-${o.actionFile}`, plugin: o.routeVar });
}
