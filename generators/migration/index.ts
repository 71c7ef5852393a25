import type { Generator } from '../../src/generator.ts';
import { addMigration } from './lib/add-migration.ts';
import { normalizeOptions, type MigrationArgs, type MigrationOptions } from './lib/normalize-options.ts';
import { MIGRATION_USAGE } from './usage.ts';

/** `strata generate migration`: the migration from the snapshot to the models, no database needed. */
export const migrationGenerator: Generator<MigrationArgs, MigrationOptions> = {
  name: 'migration',
  usage: MIGRATION_USAGE,
  normalize: normalizeOptions,
  steps: [['add migration', addMigration]],
};
