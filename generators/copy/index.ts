import { recordOnEntity } from '../../src/app-spec.ts';
import type { Generator } from '../../src/generator.ts';
import { COPY_USAGE } from './usage.ts';
import { addCopy, addSharedCopyModule, registerCopy } from './lib/add-copy.ts';
import { normalizeOptions, type CopyArgs, type CopyOptions } from './lib/normalize-options.ts';

/** `strata generate copy`: streaming CSV and NDJSON import and CSV export of a model with COPY. */
export const copyGenerator: Generator<CopyArgs, CopyOptions> = {
  name: 'copy',
  usage: COPY_USAGE,
  normalize: normalizeOptions,
  steps: [
    ['add shared COPY module', addSharedCopyModule],
    ['add COPY import and export', addCopy],
    ['register service and routes', registerCopy],
    [
      'record in app spec',
      (tree, { entity }) =>
        recordOnEntity(tree, entity.names.className, (e) => {
          e.copy = true;
        }),
    ],
  ],
};
