import { readEntity, type Entity } from '../../../src/entity.ts';
import { assertProject } from '../../../src/project.ts';
import type { Tree } from '../../../src/tree.ts';

/** The COPY module every entity's import and export share (written by the first `generate copy`). */
export const COPY_SHARED = 'src/db/copy.ts';

/** What the user gave `strata generate copy`. */
export interface CopyArgs {
  model: string;
}

/** The normalized options every step sees. */
export interface CopyOptions {
  entity: Entity;
  paths: { shared: string; query: string; service: string; routes: string; test: string };
}

/** Reads the entity from the snapshot and its route schema; fails before any step when it is not there. */
export function normalizeOptions({ model }: CopyArgs, tree: Tree): CopyOptions {
  assertProject(tree);
  const entity = readEntity(tree, model);
  const n = entity.names;
  return {
    entity,
    paths: {
      shared: COPY_SHARED,
      query: `src/db/queries/${n.fileName}-copy.ts`,
      service: `src/services/${n.fileName}-copy-service.ts`,
      routes: `src/routes/${n.routeName}-copy.ts`,
      test: `test/bulk/${n.routeName}-copy.test.ts`,
    },
  };
}
