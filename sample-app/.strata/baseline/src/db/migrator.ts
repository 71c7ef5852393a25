import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { Umzug, type MigrationParams } from 'umzug';
import { type MigrationTimeouts, migrationBatchSize, migrationTimeouts } from '../config.ts';
import {
  inTransaction,
  type MigrationContext,
  recordingContext,
  STEPS_TABLE,
  stepwiseContext,
  timeoutStatements,
  transactionContext,
} from './migration-context.ts';

export type { MigrationContext } from './migration-context.ts';

/** The type of a migration's up and down. */
export type Migration = (params: MigrationParams<MigrationContext>) => Promise<void>;

interface MigrationModule {
  up: Migration;
  down: Migration;
  /** false: the migration runs step by step, outside one transaction (CREATE INDEX CONCURRENTLY, batched backfills). */
  transaction?: boolean;
}

/** Applied migrations live here, with the checksum of the file as it was applied. */
export const META_TABLE = 'strata_migrations';
/** Key of the advisory lock that makes concurrent deploys run each migration once. */
const LOCK_KEY = 7_316_150_203;
/** How often a runner that waits for another one tries the lock again. */
const LOCK_POLL_MS = 100;
// Migrations run from src/ with tsx (npm run db:migrate), also in production: the checksums are the sources'.
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
function explain(error: unknown, name: string, timeouts: MigrationTimeouts, stepwise: boolean): unknown {
  const code = (error as { code?: string }).code;
  // A stepwise migration keeps the steps it finished; a retry resumes after them.
  const left = stepwise ? 'The steps done so far are recorded and a retry resumes after them' : 'Nothing was applied';
  if (code === '55P03')
    return new Error(
      `${name} waited more than ${timeouts.lockTimeoutMs} ms for a lock: another transaction is using a table it changes. ${left}; retry when that transaction is done (or raise MIGRATION_LOCK_TIMEOUT_MS)`,
    );
  if (code === '57014' && timeouts.statementTimeoutMs > 0)
    return new Error(
      `${name} ran a statement longer than MIGRATION_STATEMENT_TIMEOUT_MS (${timeouts.statementTimeoutMs} ms). ${left}`,
    );
  return error;
}

/** Runs one migration in one transaction, its bookkeeping included: if it fails half-way, nothing of it stays. */
async function runInTransaction(client: pg.ClientBase, mod: MigrationModule, params: RunParams): Promise<void> {
  await inTransaction(client, async () => {
    // SET LOCAL: for this transaction only.
    await client.query(timeoutStatements(params.timeouts, true).join('; '));
    await mod[params.direction]({ name: params.name, path: params.file, context: transactionContext(client) });
    await record(client, params);
  });
}

/**
 * Runs a stepwise migration: each step commits on its own and is recorded, so a failed run
 * (a lock timeout, an index build that failed) resumes where it stopped when retried. The
 * migration itself is recorded once, at the end, under the runner's advisory lock.
 */
async function runStepwise(client: pg.ClientBase, mod: MigrationModule, params: RunParams): Promise<void> {
  // The migrator's own connection: session settings reach the statements that cannot run in a transaction.
  await client.query(timeoutStatements(params.timeouts, false).join('; '));
  try {
    const context = await stepwiseContext(client, { ...params, checksum: checksum(params.file) });
    await mod[params.direction]({ name: params.name, path: params.file, context });
    await inTransaction(client, async () => {
      await record(client, params);
      await client.query(`DELETE FROM ${STEPS_TABLE} WHERE name = $1`, [params.name]);
    });
  } finally {
    await client.query('RESET lock_timeout; RESET statement_timeout');
  }
}

interface RunParams {
  name: string;
  file: string;
  direction: 'up' | 'down';
  timeouts: MigrationTimeouts;
  batch: number;
}

/** Marks a migration applied (up, with the file's checksum) or reverted (down). */
async function record(client: pg.ClientBase, { name, file, direction }: RunParams): Promise<void> {
  if (direction === 'up')
    await client.query(`INSERT INTO ${META_TABLE} (name, checksum) VALUES ($1, $2)`, [name, checksum(file)]);
  else await client.query(`DELETE FROM ${META_TABLE} WHERE name = $1`, [name]);
}

function createUmzug(
  client: pg.ClientBase,
  dir: string,
  timeouts: MigrationTimeouts,
  batch: number,
): Umzug<MigrationContext> {
  const run = async (name: string, file: string, direction: 'up' | 'down'): Promise<void> => {
    const mod = (await import(pathToFileURL(file).href)) as MigrationModule;
    const params = { name, file, direction, timeouts, batch };
    try {
      await (mod.transaction === false ? runStepwise(client, mod, params) : runInTransaction(client, mod, params));
    } catch (error) {
      throw explain(error, name, timeouts, mod.transaction === false);
    }
  };
  return new Umzug<MigrationContext>({
    migrations: listMigrations(dir).map(({ name, file }) => ({
      name,
      path: file,
      up: () => run(name, file, 'up'),
      down: () => run(name, file, 'down'),
    })),
    context: transactionContext(client),
    storage: {
      executed: async () => {
        const { rows } = await client.query<{ name: string }>(`SELECT name FROM ${META_TABLE} ORDER BY name`);
        return rows.map((r) => r.name);
      },
      // Written by run() above, in the migration's own transaction.
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
  fn: (umzug: Umzug<MigrationContext>, client: pg.ClientBase) => Promise<T>,
  dir: string = MIGRATIONS_DIR,
): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'migrator' });
  await client.connect();
  try {
    // Polled, never waited for inside a statement: a runner waiting in pg_advisory_lock holds a snapshot,
    // which CREATE INDEX CONCURRENTLY in the runner holding the lock would wait for (a deadlock).
    while (!(await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [LOCK_KEY])).rows[0]?.ok) {
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
    }
    try {
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${META_TABLE} (name text PRIMARY KEY, checksum char(64) NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${STEPS_TABLE} (name text NOT NULL, direction text NOT NULL, step integer NOT NULL, checksum char(64) NOT NULL, PRIMARY KEY (name, direction, step))`,
      );
      return await fn(createUmzug(client, dir, migrationTimeouts(), migrationBatchSize()), client);
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

/** What db:status shows: applied and pending migrations, and the pending ones a failed stepwise run left partly done. */
export interface MigrationStatus {
  executed: string[];
  pending: string[];
  /** name → steps done */
  partial: Record<string, number>;
}

/** Names of applied and pending migrations, and the steps a failed stepwise run finished. */
export async function migrationStatus(databaseUrl: string, dir?: string): Promise<MigrationStatus> {
  return withMigrator(
    databaseUrl,
    async (u, client) => {
      const { rows } = await client.query<{ name: string; n: number }>(
        `SELECT name, count(*)::int AS n FROM ${STEPS_TABLE} WHERE direction = 'up' GROUP BY name`,
      );
      return {
        executed: (await u.executed()).map((m) => m.name),
        pending: (await u.pending()).map((m) => m.name),
        partial: Object.fromEntries(rows.map((r) => [r.name, r.n])),
      };
    },
    dir,
  );
}

/**
 * The SQL every migration runs, up or down, as one script per migration (for a linter such as
 * squawk: `npm run db:sql -- up | npx squawk`). Needs no database.
 */
export async function migrationScripts(
  direction: 'up' | 'down',
  dir: string = MIGRATIONS_DIR,
): Promise<Array<{ name: string; sql: string }>> {
  const out: Array<{ name: string; sql: string }> = [];
  for (const { name, file } of listMigrations(dir)) {
    const mod = (await import(pathToFileURL(file).href)) as MigrationModule;
    const { context, script } = recordingContext(mod.transaction === false, migrationTimeouts());
    await mod[direction]({ name, path: file, context });
    out.push({ name, sql: script() });
  }
  return out;
}
