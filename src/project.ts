/** Files that make a folder a strata project; the registries strata edits. */
export const PROJECT_MARKERS = ['src/db/models/index.ts', 'src/services/index.ts', 'src/routes/index.ts'] as const;

/** The folder of a project's migrations. */
export const MIGRATIONS_DIR = 'src/db/migrations';

/** A migration file name: a 14-digit timestamp, a snake_case slug, .ts (groups: stamp, slug). */
export const MIGRATION_FILE = /^([0-9]{14})_([a-z0-9_]+)\.ts$/;
