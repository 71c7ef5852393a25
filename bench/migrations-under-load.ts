// Migrations under load: a table of 1,000,000 rows takes a steady stream of writes (200/s)
// while a migration runs; the benchmark reports the longest write latency during each
// migration, for the migration strata writes and for the naive one, side by side on one
// embedded PostgreSQL. Both run through the generated app's own runner (sample-app's
// src/db/migrator.ts). Writes the table into docs/migrations.md between its markers.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import type { Statement } from '../src/snapshot/diff.ts';
import { renderMigration } from '../src/snapshot/store.ts';
import { startPostgres } from './postgres.ts';
import { measuredOn, writeSection } from './report.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const WRITES_PER_SECOND = Number(process.env.BENCH_WRITES ?? 200);

/** The three changes, as strata's generator sees them (statements on a table in use) and as a naive migration writes them. */
const CHANGES: Array<{ name: string; statement: Statement; naive: string[] }> = [
  {
    name: 'add an index',
    statement: { kind: 'create_index', table: 'items', index: { name: 'idx_items_name', columns: ['name'], unique: false } },
    naive: ['CREATE INDEX "idx_items_name" ON "items" ("name")'],
  },
  {
    name: 'add a foreign key',
    statement: { kind: 'add_fk', table: 'items', fk: { name: 'fk_items_parent_id', column: 'parent_id', table: 'parents', onDelete: 'CASCADE' } },
    naive: ['ALTER TABLE "items" ADD CONSTRAINT "fk_items_parent_id" FOREIGN KEY ("parent_id") REFERENCES "parents" ("id") ON DELETE CASCADE'],
  },
  {
    name: 'add a NOT NULL column with a backfill',
    statement: { kind: 'add_column', table: 'items', column: { name: 'slug', type: 'varchar(40)', nullable: false, default: null }, backfill: `'item-' || id` },
    naive: [
      'ALTER TABLE "items" ADD COLUMN "slug" varchar(40)',
      `UPDATE "items" SET "slug" = 'item-' || id`,
      'ALTER TABLE "items" ALTER COLUMN "slug" SET NOT NULL',
    ],
  },
];

/** A naive migration file: every statement in the runner's one transaction. */
const naiveFile = (statements: string[]): string =>
  `export const up = async ({ context: { sql } }) => {\n${statements.map((s) => `  await sql(${JSON.stringify(s)});`).join('\n')}\n};\nexport const down = async () => {};\n`;

interface Run {
  seconds: number;
  worstMs: number;
  p99Ms: number;
  writes: number;
  failed: number;
}

/** Runs one migration against a fresh copy of the base database while writes stream in; measures the writes that overlap it. */
async function runUnderLoad(admin: pg.Client, baseUrl: URL, file: string, migrateUp: (url: string, dir: string) => Promise<string[]>): Promise<Run> {
  const name = `run_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${name} TEMPLATE base`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'strata-migration-'));
  writeFileSync(path.join(dir, '20260101000000_change.ts'), file);
  const pool = new pg.Pool({ connectionString: url.href, max: 20 });
  // An idle client dropped by the server is replaced; the failure shows on the next write.
  pool.on('error', () => {});
  const writes: Array<{ start: number; end: number; ok: boolean }> = [];
  let next = 0;
  const write = async (): Promise<void> => {
    const start = performance.now();
    const n = next++;
    try {
      if (n % 2 === 0) await pool.query(`INSERT INTO items (parent_id, name) VALUES ($1, $2)`, [1 + (n % 1000), `new ${n}`]);
      else await pool.query('UPDATE items SET name = $1 WHERE id = $2', [`renamed ${n}`, 1 + Math.floor(Math.random() * ROWS)]);
      writes.push({ start, end: performance.now(), ok: true });
    } catch {
      writes.push({ start, end: performance.now(), ok: false });
    }
  };
  const inFlight = new Set<Promise<void>>();
  const timer = setInterval(() => {
    const p = write().finally(() => inFlight.delete(p));
    inFlight.add(p);
  }, 1000 / WRITES_PER_SECOND);
  try {
    await new Promise((r) => setTimeout(r, 1_000));
    const t0 = performance.now();
    await migrateUp(url.href, dir);
    const t1 = performance.now();
    await new Promise((r) => setTimeout(r, 500));
    clearInterval(timer);
    await Promise.all(inFlight);
    const during = writes.filter((w) => w.end >= t0 && w.start <= t1);
    const latencies = during.map((w) => w.end - w.start).sort((a, b) => a - b);
    return {
      seconds: (t1 - t0) / 1000,
      worstMs: latencies.at(-1) ?? 0,
      p99Ms: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
      writes: during.length,
      failed: during.filter((w) => !w.ok).length,
    };
  } finally {
    clearInterval(timer);
    await Promise.all(inFlight);
    await pool.end();
    rmSync(dir, { recursive: true, force: true });
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
  }
}

async function main(): Promise<void> {
  const server = await startPostgres('strata-under-load-', (m) => process.env.BENCH_PG_LOG && process.stderr.write(`pg: ${m}\n`));
  const adminUrl = new URL(server.url);
  const admin = new pg.Client({ connectionString: adminUrl.href });
  await admin.connect();
  const { migrateUp } = (await import(pathToFileURL(path.join(ROOT, 'sample-app', 'src', 'db', 'migrator.ts')).href)) as {
    migrateUp: (url: string, dir: string) => Promise<string[]>;
  };
  try {
    await admin.query('CREATE DATABASE base');
    const baseUrl = new URL(adminUrl);
    baseUrl.pathname = '/base';
    const base = new pg.Client({ connectionString: baseUrl.href });
    await base.connect();
    const started = performance.now();
    await base.query('CREATE TABLE parents (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, name varchar(100) NOT NULL)');
    await base.query("INSERT INTO parents (name) SELECT 'parent ' || g FROM generate_series(1, 1000) g");
    await base.query(
      'CREATE TABLE items (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, parent_id bigint NOT NULL, name varchar(100) NOT NULL, created_at timestamptz NOT NULL DEFAULT now())',
    );
    await base.query(`INSERT INTO items (parent_id, name) SELECT 1 + (g % 1000), 'item ' || g FROM generate_series(1, ${ROWS}) g`);
    await base.query('VACUUM ANALYZE items');
    await base.end();
    console.log(`base: ${ROWS.toLocaleString('en')} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const rows: string[] = [];
    for (const change of CHANGES) {
      const strata = (await renderMigration('20260101000000_change', '', [change.statement])).content;
      // Interleaved: naive, then strata's, for each change.
      const naive = await runUnderLoad(admin, baseUrl, naiveFile(change.naive), migrateUp);
      const ours = await runUnderLoad(admin, baseUrl, strata, migrateUp);
      const line = (who: string, r: Run) =>
        `| ${change.name} | ${who} | ${r.worstMs.toFixed(0)} ms | ${r.p99Ms.toFixed(0)} ms | ${r.seconds.toFixed(1)} s | ${r.writes} | ${r.failed} |`;
      rows.push(line('naive', naive), line('strata', ours));
      console.log(rows.at(-2));
      console.log(rows.at(-1));
    }
    writeSection(
      'migrations',
      [
        `${measuredOn('npm run bench:migrations')}, the embedded PostgreSQL; ${ROWS.toLocaleString('en')} rows, ${WRITES_PER_SECOND} writes/s (half INSERT, half UPDATE of a random row).`,
        '',
        '| migration | form | worst write | p99 write | migration took | writes during it | failed writes |',
        '| --- | --- | --- | --- | --- | --- | --- |',
        ...rows,
      ].join('\n'),
      'migrations.md',
    );
  } finally {
    await admin.end();
    await server.stop();
  }
}

await main();
