import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { migrateDown, migrateUp, migrationScripts, migrationStatus } from '../src/db/migrator.ts';
import { createTestDatabase } from './helpers.ts';

/** The whole public schema as text: columns, indexes and constraints. */
async function dumpSchema(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = await client.query(
      `SELECT table_name, column_name, data_type, character_maximum_length, numeric_precision, numeric_scale, is_nullable, column_default
         FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
    );
    const indexes = await client.query(
      `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname`,
    );
    const constraints = await client.query(
      `SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
        WHERE connamespace = 'public'::regnamespace ORDER BY conname`,
    );
    const types = await client.query(
      `SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text AS labels FROM pg_type t
         JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname ORDER BY t.typname`,
    );
    return JSON.stringify([columns.rows, indexes.rows, constraints.rows, types.rows], null, 1);
  } finally {
    await client.end();
  }
}

describe('migrations', () => {
  it('go up, down to nothing, and up again to the same schema', async () => {
    const url = await createTestDatabase('_migrations');
    const empty = await dumpSchema(url);
    const applied = await migrateUp(url);
    const first = await dumpSchema(url);
    const { executed, pending } = await migrationStatus(url);
    expect(executed).toEqual(applied);
    expect(pending).toEqual([]);

    const reverted = await migrateDown(url, 0);
    expect(reverted).toEqual([...applied].reverse());
    const metaOnly = await dumpSchema(url);
    expect(
      JSON.parse(metaOnly)[0].every((c: { table_name: string }) =>
        ['strata_migrations', 'strata_migration_steps'].includes(c.table_name),
      ),
    ).toBe(true);
    expect(empty).not.toContain('"table_name": "');

    await migrateUp(url);
    expect(await dumpSchema(url)).toBe(first);

    // db:rollback steps back one migration, or down to and including a named one.
    if (applied.length >= 2) {
      expect(await migrateDown(url)).toEqual([applied.at(-1)]);
      expect(await migrateDown(url, applied[0])).toEqual(applied.slice(0, -1).reverse());
      expect((await migrationStatus(url)).executed).toEqual([]);
      await migrateUp(url);
      expect(await dumpSchema(url)).toBe(first);
    }
  });

  it('a migration that fails half-way leaves the schema and the meta table as they were', async () => {
    const url = await createTestDatabase('_failing');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
    try {
      const write = (name: string, up: string) =>
        writeFileSync(
          path.join(dir, name),
          `export const up = async ({ context }) => { ${up} };\nexport const down = async () => {};\n`,
        );
      write('20000101000000_good.ts', "await context.sql('CREATE TABLE good (id int)');");
      write(
        '20000101000001_bad.ts',
        "await context.sql('CREATE TABLE half (id int)'); await context.sql('SELECT * FROM no_such_table');",
      );
      await expect(migrateUp(url, dir)).rejects.toThrow(/no_such_table/);
      expect(await migrationStatus(url, dir)).toEqual({
        executed: ['20000101000000_good'],
        pending: ['20000101000001_bad'],
        partial: {},
      });
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
      await client.end();
      expect(rows.map((r) => r.tablename)).toEqual(['good', 'strata_migration_steps', 'strata_migrations']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a migration that waits on a lock past MIGRATION_LOCK_TIMEOUT_MS fails cleanly, applies nothing, and says to retry', async () => {
    const url = await createTestDatabase('_lock_timeout');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
    const holder = new pg.Client({ connectionString: url });
    const before = process.env.MIGRATION_LOCK_TIMEOUT_MS;
    try {
      const write = (name: string, up: string) =>
        writeFileSync(
          path.join(dir, name),
          `export const up = async ({ context }) => { ${up} };\nexport const down = async () => {};\n`,
        );
      write('20000101000000_table.ts', "await context.sql('CREATE TABLE busy (id int)');");
      await migrateUp(url, dir);
      write('20000101000001_alter.ts', "await context.sql('ALTER TABLE busy ADD COLUMN note text');");
      // A long transaction that has read the table: ALTER TABLE must wait for it.
      await holder.connect();
      await holder.query('BEGIN');
      await holder.query('SELECT * FROM busy');
      process.env.MIGRATION_LOCK_TIMEOUT_MS = '200';
      const started = Date.now();
      await expect(migrateUp(url, dir)).rejects.toThrow(
        /20000101000001_alter waited more than 200 ms for a lock.*Nothing was applied; retry/,
      );
      expect(Date.now() - started).toBeLessThan(5_000);
      expect((await migrationStatus(url, dir)).pending).toEqual(['20000101000001_alter']);
      await holder.query('COMMIT');
      expect(await migrateUp(url, dir)).toEqual(['20000101000001_alter']);
    } finally {
      if (before === undefined) delete process.env.MIGRATION_LOCK_TIMEOUT_MS;
      else process.env.MIGRATION_LOCK_TIMEOUT_MS = before;
      await holder.end();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a stepwise migration builds an index CONCURRENTLY, resumes after the steps it finished, and drops the invalid index a failed build left', async () => {
    const url = await createTestDatabase('_stepwise');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
    const client = new pg.Client({ connectionString: url });
    const before = process.env.MIGRATION_BATCH_SIZE;
    try {
      await client.connect();
      writeFileSync(
        path.join(dir, '20000101000000_items.ts'),
        "export const up = async ({ context }) => { await context.sql('CREATE TABLE items (id int PRIMARY KEY, code text)'); await context.sql(\"INSERT INTO items SELECT g, CASE WHEN g = 2 THEN 'dup' ELSE 'c' || g END FROM generate_series(1, 25) g\"); };\nexport const down = async () => {};\n",
      );
      await migrateUp(url, dir);
      await client.query("UPDATE items SET code = 'dup' WHERE id = 1");
      writeFileSync(
        path.join(dir, '20000101000001_unique_code.ts'),
        [
          'export const transaction = false;',
          'export const up = async ({ context }) => {',
          "  await context.sql('ALTER TABLE items ADD COLUMN label text');",
          "  await context.backfill('items', 'label', \"'none'\");",
          "  await context.concurrently('CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS uq_items_code ON items (code)', 'uq_items_code');",
          '};',
          "export const down = async ({ context }) => { await context.concurrently('DROP INDEX CONCURRENTLY IF EXISTS uq_items_code'); await context.sql('ALTER TABLE items DROP COLUMN label'); };",
          '',
        ].join('\n'),
      );
      process.env.MIGRATION_BATCH_SIZE = '10';
      // Two rows share a code: the build fails and leaves an invalid index behind; the column and backfill before it stay done.
      await expect(migrateUp(url, dir)).rejects.toThrow(/could not create unique index|duplicate key/);
      const invalid = await client.query(
        "SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'uq_items_code' AND NOT i.indisvalid",
      );
      expect(invalid.rowCount).toBe(1);
      expect((await client.query("SELECT count(*)::int AS n FROM items WHERE label = 'none'")).rows[0].n).toBe(25);
      expect(await migrationStatus(url, dir)).toMatchObject({
        pending: ['20000101000001_unique_code'],
        partial: { '20000101000001_unique_code': 1 },
      });

      await client.query("UPDATE items SET code = 'one' WHERE id = 1");
      // Steps are matched by position: a file changed since the failed run is refused, not resumed.
      const file = path.join(dir, '20000101000001_unique_code.ts');
      const original = readFileSync(file, 'utf8');
      writeFileSync(file, `${original}// edited\n`);
      await expect(migrateUp(url, dir)).rejects.toThrow(
        /20000101000001_unique_code changed since a failed run finished 1 of its steps/,
      );
      writeFileSync(file, original);
      // The retry skips ADD COLUMN (which would fail now), drops the invalid index and builds it again.
      expect(await migrateUp(url, dir)).toEqual(['20000101000001_unique_code']);
      const index = await client.query(
        "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'uq_items_code'",
      );
      expect(index.rows).toEqual([{ indisvalid: true }]);
      const recorded = await client.query(
        "SELECT count(*)::int AS n FROM strata_migrations WHERE name = '20000101000001_unique_code'",
      );
      expect(recorded.rows[0].n).toBe(1);
      expect((await client.query('SELECT count(*)::int AS n FROM strata_migration_steps')).rows[0].n).toBe(0);
      expect(await migrateDown(url, undefined, dir)).toEqual(['20000101000001_unique_code']);
      expect(
        (await client.query("SELECT count(*)::int AS n FROM pg_class WHERE relname = 'uq_items_code'")).rows[0].n,
      ).toBe(0);
    } finally {
      if (before === undefined) delete process.env.MIGRATION_BATCH_SIZE;
      else process.env.MIGRATION_BATCH_SIZE = before;
      await client.end();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('db:sql writes out what each migration runs, timeouts first, with no database', async () => {
    const scripts = await migrationScripts('up');
    expect(scripts.length).toBeGreaterThan(0);
    for (const { sql } of scripts)
      expect(sql).toMatch(
        /^(BEGIN;\nSET LOCAL lock_timeout = '\d+ms';\nSET LOCAL statement_timeout = '\d+ms';|SET lock_timeout = '\d+ms';\nSET statement_timeout = '\d+ms';)/,
      );
  });

  it('five runners at once take turns on a stepwise migration that builds an index CONCURRENTLY: applied once, no deadlock', async () => {
    const url = await createTestDatabase('_concurrent_stepwise');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
    try {
      writeFileSync(
        path.join(dir, '20000101000000_table.ts'),
        "export const up = async ({ context }) => { await context.sql('CREATE TABLE busy (id int PRIMARY KEY, v text)'); };\nexport const down = async () => {};\n",
      );
      writeFileSync(
        path.join(dir, '20000101000001_index.ts'),
        "export const transaction = false;\nexport const up = async ({ context }) => { await context.concurrently('CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_busy_v ON busy (v)', 'idx_busy_v'); };\nexport const down = async () => {};\n",
      );
      const results = await Promise.all(Array.from({ length: 5 }, () => migrateUp(url, dir)));
      expect(results.flat().sort()).toEqual(['20000101000000_table', '20000101000001_index']);
      expect((await migrationStatus(url, dir)).pending).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('five runners at once apply each migration exactly once', async () => {
    const url = await createTestDatabase('_concurrent');
    const results = await Promise.all(Array.from({ length: 5 }, () => migrateUp(url)));
    const all = results.flat();
    expect(new Set(all).size).toBe(all.length);
    const { executed } = await migrationStatus(url);
    expect([...all].sort()).toEqual(executed);
  });
});
