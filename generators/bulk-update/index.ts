import { recordOnEntity } from '../../src/app-spec.ts';
import type { Generator } from '../../src/generator.ts';
import { BULK_UPDATE_USAGE } from './usage.ts';
import { addBulkUpdate, registerBulkUpdate } from './lib/add-bulk-update.ts';
import { normalizeOptions, type BulkUpdateArgs, type BulkUpdateOptions } from './lib/normalize-options.ts';

/** `strata generate bulk-update`: one UPDATE for many ids on the raw SQL layer. */
export const bulkUpdateGenerator: Generator<BulkUpdateArgs, BulkUpdateOptions> = {
  name: 'bulk-update',
  usage: BULK_UPDATE_USAGE,
  normalize: normalizeOptions,
  steps: [
    ['add bulk update', addBulkUpdate],
    ['register service and routes', registerBulkUpdate],
    [
      'record in app spec',
      (tree, o) =>
        recordOnEntity(tree, o.names.className, (e) => {
          e.bulkUpdates = { ...e.bulkUpdates, [o.action]: o.set };
        }),
    ],
  ],
};
