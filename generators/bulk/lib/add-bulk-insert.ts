import { rowView } from '../../../src/entity.ts';
import { registerRoutes, registerService } from '../../../src/registry.ts';
import { writeTemplate } from '../../../src/render.ts';
import type { Tree } from '../../../src/tree.ts';
import type { BulkOptions } from './normalize-options.ts';

/** The bulk-insert query module, its raw-layer service, the route and its test. */
export async function addBulkInsert(tree: Tree, o: BulkOptions): Promise<void> {
  const view = rowView(o.entity);
  await writeTemplate(tree, 'bulk/insert-query.ts', o.paths.query, view);
  await writeTemplate(tree, 'bulk/insert-service.ts', o.paths.service, view);
  await writeTemplate(tree, 'bulk/insert-routes.ts', o.paths.routes, view);
  await writeTemplate(tree, 'bulk/insert.test.ts', o.paths.test, view);
}

/** Registers the service and the route plugin. */
export async function registerBulkInsert(tree: Tree, { entity: { names: n } }: BulkOptions): Promise<void> {
  await registerService(tree, { file: `${n.fileName}-bulk-service`, cls: `${n.className}BulkService`, prop: `${n.propertyName}Bulk`, args: 'db.database' });
  await registerRoutes(tree, { file: `${n.routeName}-bulk`, plugin: `${n.propertyName}BulkRoutes` });
}
