import { ERD_FILE, erdDocument } from '../../src/erd.ts';
import type { Generator } from '../../src/generator.ts';
import { emptySnapshot } from '../../src/snapshot/types.ts';
import { NEW_USAGE } from './usage.ts';
import { addProjectFiles } from './lib/add-project-files.ts';
import { normalizeOptions, type NewArgs, type NewOptions } from './lib/normalize-options.ts';

/** `strata new`: a Fastify + sequelize-typescript + pg service with one composition root. */
export const newGenerator: Generator<NewArgs, NewOptions> = {
  name: 'new',
  usage: NEW_USAGE,
  normalize: normalizeOptions,
  steps: [
    ['add project files', addProjectFiles],
    ['add the ER diagram', (tree) => tree.write(ERD_FILE, erdDocument(emptySnapshot()), 'edit')],
  ],
};
