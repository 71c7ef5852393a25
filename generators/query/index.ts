import { updateAppSpec } from '../../src/app-spec.ts';
import type { Generator } from '../../src/generator.ts';
import type { Tree } from '../../src/tree.ts';
import { typedText } from '../../src/query/types.ts';
import { addModule, addRoute } from './lib/add-files.ts';
import { normalizeOptions, type QueryArgs, type QueryOptions } from './lib/normalize-options.ts';
import { QUERY_USAGE } from './usage.ts';

/** `strata generate query`: a typed raw-SQL module, and optionally its route. */
export const queryGenerator: Generator<QueryArgs, QueryOptions> = {
  name: 'query',
  usage: QUERY_USAGE,
  normalize: normalizeOptions,
  steps: [
    ['add query module', addModule],
    ['add service and route', addRoute],
    ['record in app spec', recordQuery],
  ],
};

/** Records the query with its types as settled (a query described by PostgreSQL re-renders without it). */
function recordQuery(tree: Tree, o: QueryOptions): void {
  updateAppSpec(tree, (spec) => {
    spec.queries = {
      ...spec.queries,
      [o.name]: { sql: o.sql, params: o.params.map(typedText), columns: o.columns.map(typedText), ...(o.route ? { route: `GET ${o.route.path}` } : {}) },
    };
  });
}
