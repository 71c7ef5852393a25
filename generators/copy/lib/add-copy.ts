import { registerRoutes, registerService } from '../../../src/registry.ts';
import { writeTemplate } from '../../../src/render.ts';
import type { Tree } from '../../../src/tree.ts';
import type { CopyOptions } from './normalize-options.ts';
import { copyView } from './view.ts';

/** src/db/copy.ts, the COPY plumbing every entity's import and export share (identical when already there). */
export async function addSharedCopyModule(tree: Tree, o: CopyOptions): Promise<void> {
  await writeTemplate(tree, 'copy/copy.ts', o.paths.shared, {});
}

/** The entity's COPY SQL module, its raw-layer service, the routes and their test. */
export async function addCopy(tree: Tree, o: CopyOptions): Promise<void> {
  const view = copyView(o.entity);
  await writeTemplate(tree, 'copy/query.ts', o.paths.query, view);
  await writeTemplate(tree, 'copy/service.ts', o.paths.service, view);
  await writeTemplate(tree, 'copy/routes.ts', o.paths.routes, view);
  await writeTemplate(tree, 'copy/test.ts', o.paths.test, view);
}

/** Registers the service and the route plugin. */
export async function registerCopy(tree: Tree, { entity: { names: n } }: CopyOptions): Promise<void> {
  await registerService(tree, { file: `${n.fileName}-copy-service`, cls: `${n.className}CopyService`, prop: `${n.propertyName}Copy`, args: 'db.database' });
  await registerRoutes(tree, { file: `${n.routeName}-copy`, plugin: `${n.propertyName}CopyRoutes` });
}
