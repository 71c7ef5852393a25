import pg from 'pg';
import { inject } from 'vitest';
import { buildApp, type App } from '../src/app.ts';
import { loadSettings } from '../src/config.ts';
import { migrateUp } from '../src/db/migrator.ts';

/** Creates (or re-creates) this worker's own database and returns its URL. */
export async function createTestDatabase(suffix = ''): Promise<string> {
  const admin = new URL(inject('adminDatabaseUrl'));
  const name = `test_${process.env.VITEST_POOL_ID ?? '0'}${suffix}`;
  const client = new pg.Client({ connectionString: admin.href });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  admin.pathname = `/${name}`;
  return admin.href;
}

/** Settings for a test app: the environment's, on the given database, with cheap secret hashing. */
export function testSettings(databaseUrl: string, env: NodeJS.ProcessEnv = {}) {
  return loadSettings({ SECRET_HASH_COST: '10', ...process.env, ...env, DATABASE_URL: databaseUrl });
}

/** A migrated database of this worker's own and an app on it, ready for inject(). */
export async function setupTestApp(): Promise<{ app: App; databaseUrl: string }> {
  const databaseUrl = await createTestDatabase();
  await migrateUp(databaseUrl);
  const app = await buildApp({ settings: testSettings(databaseUrl), logger: false });
  await app.ready();
  return { app, databaseUrl };
}

/** A short unique string, so tests in one database never collide. */
export function unique(prefix = 'x'): string {
  return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

let counter = 0;

/** A number unique within a run, for unique integer columns. */
export function seq(): number {
  return (Date.now() % 1_000_000) * 1000 + (counter++ % 1000);
}

/** Rows of a table (those matching a SQL condition, if given), counted on the raw pool. */
export async function countRows(app: App, table: string, where = 'true'): Promise<number> {
  return (await app.db.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}" WHERE ${where}`))[0]!.n;
}

/** Runs fn and returns the SQL statements the ORM sent meanwhile. */
export async function statementsOf(app: App, fn: () => Promise<unknown>): Promise<string[]> {
  const statements: string[] = [];
  const options = app.db.sequelize.options;
  const logging = options.logging;
  options.logging = (sql: string) => void statements.push(sql);
  try {
    await fn();
  } finally {
    options.logging = logging;
  }
  return statements;
}

/** Waits until the condition holds, or fails after `ms`. */
export async function until(condition: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
