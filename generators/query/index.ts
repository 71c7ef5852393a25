import type { Generator } from '../../src/generator.ts';
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
  ],
};
