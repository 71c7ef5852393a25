/** Files that make a folder a strata project; the registries strata edits. */
export const PROJECT_MARKERS = ['src/db/models/index.ts', 'src/services/index.ts', 'src/routes/index.ts'] as const;

/** The folder of a project's migrations. */
export const MIGRATIONS_DIR = 'src/db/migrations';
