import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { Umzug, type MigrationParams } from 'umzug';
import { type MigrationTimeouts, migrationTimeouts } from '../config.ts';

/** What a migration gets: a way to run SQL inside the migration's own transaction. */
export interface MigrationContext {
  sql: (text: string, values?: unknown[]) => Promise<void>;
  client: pg.ClientBase;
}

/** The type of a migration's up and down. */
export type Migration = (params: MigrationParams<MigrationContext>) => Promise<void>;

interface MigrationModule {
  up: Migration;
  down: Migration;
}

/** Applied migrations live here, with the checksum of the file as it was applied. */
export const META_TABLE = 'strata_migrations';
/** Key of the advisory lock that makes concurrent deploys run each migration once. */
const LOCK_KEY = 7_316_150_203;
const FILE = /^[0-9]{14}_[a-z0-9_]+\.ts$/;

/** The folder of the app's migrations. */
export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

function listMigrations(dir: string): Array<{ name: string; file: string }> {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => FILE.test(f))
    .sort()
    .map((f) => ({ name: f.slice(0, -3), file: path.join(dir, f) }));
}

/** sha256 of a migration file; recorded when it is applied. */
export function checksum(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** What PostgreSQL's lock and statement timeouts mean for a migration, and what to do. */
function explain(error: unknown, name: string, timeouts: MigrationTimeouts): unknown {
  const code = (error as { code?: string }).code;
  if (code === '55P03')
    return new Error(
      `${name} waited more than ${timeouts.lockTimeoutMs} ms for a lock: another transaction is using a table it changes. Nothing was applied; retry when that transaction is done (or raise MIGRATION_LOCK_TIMEOUT_MS)`,
    );
  if (code === '57014' && timeouts.statementTimeoutMs > 0)
    return new Error(
      `${name} ran a statement longer than MIGRATION_STATEMENT_TIMEOUT_MS (${timeouts.statementTimeoutMs} ms). Nothing was applied`,
    );
  return error;
}

function createUmzug(client: pg.ClientBase, dir: string, timeouts: MigrationTimeouts): Umzug<MigrationContext> {
  const context: MigrationContext = {
    client,
    sql: async (text, values) => {
      await client.query(text, values);
    },
  };
  // Each migration runs with its bookkeeping in one transaction: if it fails
  // half-way, the schema and the meta table are both as they were.
  const inTransaction = async (name: string, file: string, direction: 'up' | 'down'): Promise<void> => {
    const mod = (await import(pathToFileURL(file).href)) as MigrationModule;
    await client.query('BEGIN');
    try {
      // For this transaction only: the pool's connections keep their own settings.
      await client.query("SELECT set_config('lock_timeout', $1, true), set_config('statement_timeout', $2, true)", [
        `${timeouts.lockTimeoutMs}ms`,
        `${timeouts.statementTimeoutMs}ms`,
      ]);
      await mod[direction]({ name, path: file, context });
      if (direction === 'up') {
        await client.query(`INSERT INTO ${META_TABLE} (name, checksum) VALUES ($1, $2)`, [name, checksum(file)]);
      } else {
        await client.query(`DELETE FROM ${META_TABLE} WHERE name = $1`, [name]);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw explain(error, name, timeouts);
    }
  };
  return new Umzug<MigrationContext>({
    migrations: listMigrations(dir).map(({ name, file }) => ({
      name,
      path: file,
      up: () => inTransaction(name, file, 'up'),
      down: () => inTransaction(name, file, 'down'),
    })),
    context,
    storage: {
      executed: async () => {
        const { rows } = await client.query<{ name: string }>(`SELECT name FROM ${META_TABLE} ORDER BY name`);
        return rows.map((r) => r.name);
      },
      // Written inside each migration's transaction above.
      logMigration: async () => {},
      unlogMigration: async () => {},
    },
    logger: undefined,
  });
}

/**
 * Runs fn with a migrator on one dedicated connection that holds a
 * PostgreSQL advisory lock, so runners started at once take turns.
 */
export async function withMigrator<T>(
  databaseUrl: string,
  fn: (umzug: Umzug<MigrationContext>) => Promise<T>,
  dir: string = MIGRATIONS_DIR,
): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'migrator' });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    try {
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${META_TABLE} (name text PRIMARY KEY, checksum char(64) NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      return await fn(createUmzug(client, dir, migrationTimeouts()));
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

/** Applies every pending migration; returns the names applied. */
export async function migrateUp(databaseUrl: string, dir?: string): Promise<string[]> {
  return withMigrator(databaseUrl, async (u) => (await u.up()).map((m) => m.name), dir);
}

/** Reverts one migration, or every one down to and including `to` (0 for all). */
export async function migrateDown(databaseUrl: string, to?: string | 0, dir?: string): Promise<string[]> {
  return withMigrator(
    databaseUrl,
    async (u) => (await (to === undefined ? u.down() : u.down({ to }))).map((m) => m.name),
    dir,
  );
}

/** Names of applied and pending migrations. */
export async function migrationStatus(
  databaseUrl: string,
  dir?: string,
): Promise<{ executed: string[]; pending: string[] }> {
  return withMigrator(
    databaseUrl,
    async (u) => ({
      executed: (await u.executed()).map((m) => m.name),
      pending: (await u.pending()).map((m) => m.name),
    }),
    dir,
  );
}
