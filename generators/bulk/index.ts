import { recordOnEntity } from '../../src/app-spec.ts';
import type { Generator } from '../../src/generator.ts';
import { BULK_USAGE } from './usage.ts';
import { addBulkInsert, registerBulkInsert } from './lib/add-bulk-insert.ts';
import { normalizeOptions, type BulkArgs, type BulkOptions } from './lib/normalize-options.ts';

/** `strata generate bulk`: bulk inserts of a model on the raw SQL layer. */
export const bulkGenerator: Generator<BulkArgs, BulkOptions> = {
  name: 'bulk',
  usage: BULK_USAGE,
  normalize: normalizeOptions,
  steps: [
    ['add bulk insert', addBulkInsert],
    ['register service and routes', registerBulkInsert],
    [
      'record in app spec',
      (tree, { entity }) =>
        recordOnEntity(tree, entity.names.className, (e) => {
          e.bulk = true;
        }),
    ],
  ],
};
