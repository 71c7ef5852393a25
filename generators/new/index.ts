import type { Generator } from '../../src/generator.ts';
import { addProjectFiles } from './lib/add-project-files.ts';
import { normalizeOptions, type NewArgs, type NewOptions } from './lib/normalize-options.ts';

/** `strata new`: a Fastify + sequelize-typescript + pg service with one composition root. */
export const newGenerator: Generator<NewArgs, NewOptions> = {
  name: 'new',
  usage: `Creates a service in ./<name>: config, ORM and raw SQL layers, migrations,
error catalogue, OpenAPI, health check, tests on embedded PostgreSQL, CI.

Example:
  strata new shop && cd shop && npm run db:migrate && npm run dev`,
  normalize: normalizeOptions,
  steps: [['add project files', addProjectFiles]],
};
