import pg from 'pg';
import { expect, inject } from 'vitest';
import { buildApp, type App } from '../src/app.ts';
import { loadSettings } from '../src/config.ts';
import { migrateUp } from '../src/db/migrator.ts';

/** Creates (or re-creates) a database on a server, given its admin URL, and returns the new database's URL. */
export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.href;
}

/** Creates (or re-creates) this worker's own database and returns its URL. */
export async function createTestDatabase(suffix = ''): Promise<string> {
  return createDatabase(inject('adminDatabaseUrl'), `test_${process.env.VITEST_POOL_ID ?? '0'}${suffix}`);
}

/** A database's URL through the pooler in DATABASE_URL when DATABASE_DIRECT_URL is set (npm run test:pgbouncer), else as is. */
export function pooledUrl(databaseUrl: string): string {
  const pooler = process.env.DATABASE_DIRECT_URL ? process.env.DATABASE_URL : undefined;
  if (!pooler) return databaseUrl;
  const url = new URL(pooler);
  url.pathname = new URL(databaseUrl).pathname;
  return url.href;
}

/** Settings for a test app: the environment's, on the given database (through the pooler, if any), with cheap secret hashing. */
export function testSettings(databaseUrl: string, env: NodeJS.ProcessEnv = {}) {
  return loadSettings({
    SECRET_HASH_COST: '10',
    ...process.env,
    ...env,
    DATABASE_URL: pooledUrl(databaseUrl),
    DATABASE_DIRECT_URL: databaseUrl,
  });
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

/** Path ids every route must refuse: only plain decimal digits are an id (0x10, %201 and 1e3 would read rows 16, 1 and 1000). */
export const BAD_IDS = [
  'abc',
  '0',
  '-1',
  '1.5',
  '9007199254740992',
  '0x10',
  '%201',
  '1e3',
  '01',
  '1e309',
  'Infinity',
  '-1e309',
];

/** Page queries every list route must refuse: out of bounds, or numbers not in plain digits. */
export const BAD_PAGES = [
  'limit=0',
  'limit=101',
  'offset=-1',
  'limit=abc',
  'limit=1e309',
  'limit=Infinity',
  'offset=-1e309',
  'limit=0x10',
  'limit=1e1',
  'limit=%201',
];

/**
 * Asserts that a route validates JSON bodies as sent. Each string, boolean or number field
 * of a valid body, given a value of another JSON type, is a 400 (under coercion null would
 * become "", true 1, 123 "123", ["a"] "a"); so is a string with a NUL byte, and a number
 * that JSON overflows to Infinity.
 */
export async function expectStrictJson(
  app: App,
  url: string,
  validBody: () => Promise<Record<string, unknown>>,
): Promise<void> {
  const body = await validBody();
  const post = async (payload: Record<string, unknown>) => app.inject({ method: 'POST', url, payload });
  const fields = Object.keys(body).filter((k) => ['string', 'boolean', 'number'].includes(typeof body[k]));
  for (const field of fields) {
    const confused =
      typeof body[field] === 'string'
        ? [123, true, ['a'], { a: 1 }]
        : typeof body[field] === 'boolean'
          ? ['true', 1, null]
          : ['7', true, [7]];
    for (const value of confused) {
      expect(
        (await post({ ...(await validBody()), [field]: value })).statusCode,
        `${field}=${JSON.stringify(value)}`,
      ).toBe(400);
    }
  }
  for (const field of fields.filter((k) => typeof body[k] === 'string')) {
    const res = await post({ ...(await validBody()), [field]: 'a\u0000b' });
    expect(res.statusCode, field).toBe(400);
    expect(res.json().message).toMatch(/NUL byte/);
  }
  const overflow = await app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(body).replace(/^\{/, '{"n":1e309,'),
  });
  expect(overflow.statusCode).toBe(400);
  expect(overflow.json().message).toMatch(/overflows/);
}
