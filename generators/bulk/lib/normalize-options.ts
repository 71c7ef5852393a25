import { readEntity, type Entity } from '../../../src/entity.ts';
import { assertProject } from '../../../src/project.ts';
import type { Tree } from '../../../src/tree.ts';

/** What the user gave `strata generate bulk`. */
export interface BulkArgs {
  model: string;
}

/** The normalized options every step sees. */
export interface BulkOptions {
  entity: Entity;
  paths: { query: string; service: string; routes: string; test: string };
}

/** Reads the entity from the snapshot and its route schema; fails before any step when it is not there. */
export function normalizeOptions({ model }: BulkArgs, tree: Tree): BulkOptions {
  assertProject(tree);
  const entity = readEntity(tree, model);
  const n = entity.names;
  return {
    entity,
    paths: {
      query: `src/db/queries/${n.fileName}-bulk.ts`,
      service: `src/services/${n.fileName}-bulk-service.ts`,
      routes: `src/routes/${n.routeName}-bulk.ts`,
      test: `test/bulk/${n.routeName}-bulk.test.ts`,
    },
  };
}
