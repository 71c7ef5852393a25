// Ingest of N rows (default 1,000,000) into the sample app's users table, measured side
// by side in one run on an embedded PostgreSQL: raw COPY, the generated CSV import
// (COPY into staging + INSERT ... ON CONFLICT DO NOTHING), the generated bulk insert
// (unnest), multi-row INSERT, and Sequelize bulkCreate. Prints rows/s and the peak
// RSS of the generated import at N/10 and N rows.
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { runMigrations } from '../src/snapshot/apply.ts';
import { startPostgres } from './postgres.ts';
import { measuredOn, median, writeSection } from './report.ts';

/** A stored secret in the app's one format (the import's CHECK refuses anything else); hashing a million would measure scrypt, not COPY. */
const HASH = `scrypt$10$8$1$${'A'.repeat(22)}$${'B'.repeat(43)}`;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SAMPLE = path.join(ROOT, 'sample-app');
const N = Number(process.env.ROWS ?? 1_000_000);
const SEQUELIZE_ROWS = Number(process.env.SEQUELIZE_ROWS ?? N);

/** The sample app's own modules, loaded by path (they build with the sample's tsconfig). */
const load = async <T>(rel: string): Promise<T> => (await import(pathToFileURL(path.join(SAMPLE, rel)).href)) as T;

interface ImportModule {
  importUsersCsv: (db: unknown, csv: Readable) => Promise<{ inserted: number; skipped: number }>;
}
interface BulkModule {
  insertUsers: (db: unknown, rows: Array<Record<string, unknown>>) => Promise<{ inserted: number; skipped: number }>;
}

/** A CSV of `count` users, made as it is read: flat memory on the producing side too. */
function csvRows(count: number, header: boolean): Readable {
  let i = 0;
  return new Readable({
    read() {
      let chunk = i === 0 && header ? 'email,username,hashed_password,is_active\n' : '';
      for (let k = 0; k < 2000 && i < count; k++, i++) chunk += `u${i}@example.com,user${i},${HASH},true\n`;
      this.push(chunk || null);
      if (i >= count && chunk) this.push(null);
    },
  });
}

const row = (i: number) => ({ email: `u${i}@example.com`, username: `user${i}`, hashedPassword: HASH, isActive: true });

async function main(): Promise<void> {
  const server = await startPostgres('strata-ingest-');
  const url = server.url;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await runMigrations(SAMPLE, url, 'up');
    process.env.DATABASE_URL = url;
    const { loadSettings } = await load<{ loadSettings: () => unknown }>('src/config.ts');
    const { Database } = await load<{ Database: new (s: unknown, l: unknown) => { disconnect: () => Promise<void> } }>('src/db/database.ts');
    const settings = loadSettings();
    const db = new Database(settings, { warn: () => {} });
    const { importUsersCsv } = await load<ImportModule>('src/db/queries/user-copy.ts');
    const { insertUsers } = await load<BulkModule>('src/db/queries/user-bulk.ts');
    const { createSequelize } = await load<{
      createSequelize: (s: unknown) => { close: () => Promise<void>; models: Record<string, { bulkCreate: (rows: unknown[]) => Promise<unknown> }> };
    }>('src/db/session.ts');

    const reset = async () => {
      await client.query('TRUNCATE users RESTART IDENTITY CASCADE');
      await client.query('CHECKPOINT');
    };
    const count = async () => Number((await client.query('SELECT count(*) AS n FROM users')).rows[0].n);
    const results: Array<{ method: string; rows: number; ms: number }> = [];
    const measure = async (method: string, rows: number, fn: () => Promise<unknown>) => {
      await reset();
      const start = process.hrtime.bigint();
      await fn();
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const got = await count();
      if (got !== rows) throw new Error(`${method}: expected ${rows} rows, found ${got}`);
      results.push({ method, rows, ms });
      console.log(
        `${method.padEnd(40)} ${String(rows).padStart(9)} rows  ${(ms / 1000).toFixed(2).padStart(7)} s  ${Math.round(rows / (ms / 1000))
          .toLocaleString('en-US')
          .padStart(9)} rows/s`,
      );
    };

    const { from: copyFrom } = await load<{ from: (sql: string) => NodeJS.WritableStream }>('node_modules/pg-copy-streams/index.js');
    const rawCopy = async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        const stream = c.query(
          copyFrom('COPY users (email, username, hashed_password, is_active) FROM STDIN WITH (FORMAT csv)') as never,
        ) as unknown as NodeJS.WritableStream;
        await pipeline(csvRows(N, false), stream);
      } finally {
        await c.end();
      }
    };

    // Raw COPY and the generated import three times each, interleaved, so drift on a shared machine hits both alike.
    for (let round = 1; round <= 3; round++) {
      await measure(`raw COPY (round ${round})`, N, rawCopy);
      await measure(`generated import (round ${round})`, N, () => importUsersCsv(db, csvRows(N, true)));
    }
    await measure('generated bulk insert (unnest, 5,000/batch)', N, async () => {
      for (let start = 0; start < N; start += 50_000) {
        await insertUsers(
          db,
          Array.from({ length: Math.min(50_000, N - start) }, (_, k) => row(start + k)),
        );
      }
    });
    await measure('multi-row INSERT (1,000/statement)', N, async () => {
      for (let start = 0; start < N; start += 1000) {
        const values: unknown[] = [];
        const tuples: string[] = [];
        for (let k = 0; k < 1000 && start + k < N; k++) {
          const r = row(start + k);
          const b = values.length;
          tuples.push(`($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4})`);
          values.push(r.email, r.username, r.hashedPassword, r.isActive);
        }
        // strata-ignore query-raw-interpolation: placeholders only; the values are parameters
        await client.query(`INSERT INTO users (email, username, hashed_password, is_active) VALUES ${tuples.join(', ')}`, values);
      }
    });
    const sequelize = createSequelize(settings);
    await measure('Sequelize bulkCreate (1,000/call)', SEQUELIZE_ROWS, async () => {
      for (let start = 0; start < SEQUELIZE_ROWS; start += 1000) {
        await sequelize.models.User!.bulkCreate(Array.from({ length: Math.min(1000, SEQUELIZE_ROWS - start) }, (_, k) => row(start + k)));
      }
    });
    await sequelize.close();

    // Peak RSS of the generated import: flat whatever the size.
    const peakOf = async (rows: number) => {
      await reset();
      if (global.gc) global.gc();
      let peak = process.memoryUsage().rss;
      const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
      await importUsersCsv(db, csvRows(rows, true));
      clearInterval(timer);
      return peak;
    };
    const small = await peakOf(Math.round(N / 10));
    const large = await peakOf(N);
    console.log(
      `peak RSS of the generated import: ${(small / 2 ** 20).toFixed(0)} MiB at ${Math.round(N / 10)} rows, ${(large / 2 ** 20).toFixed(0)} MiB at ${N} rows`,
    );

    const rate = (m: string) => results.filter((r) => r.method.startsWith(m)).map((r) => r.rows / (r.ms / 1000));
    const copy = median(rate('raw COPY'));
    const generated = median(rate('generated import'));
    const pairs = rate('raw COPY').map((c, i) => rate('generated import')[i]! / c);
    const ratio = `generated import / raw COPY: ${((generated / copy) * 100).toFixed(1)}% of the median rate (per round: ${pairs.map((p) => `${(p * 100).toFixed(0)}%`).join(', ')})`;
    console.log(ratio);
    const rows = (m: string) => `| ${m} | ${Math.round(median(rate(m))).toLocaleString('en-US')} rows/s |`;
    writeSection(
      'ingest',
      [
        `${measuredOn('npm run bench:ingest')}: ${N.toLocaleString('en-US')} users into the sample app's table on embedded PostgreSQL, raw COPY and the generated import interleaved, 3 rounds each, medians.`,
        '',
        '| method | median rate |',
        '| --- | --- |',
        ...[...new Set(results.map((r) => r.method.replace(/ \(round \d+\)$/, '')))].map(rows),
        '',
        `${ratio}; target ≥ 90 %. Peak RSS of the generated import: ${(small / 2 ** 20).toFixed(0)} MiB at ${Math.round(N / 10).toLocaleString('en-US')} rows, ${(large / 2 ** 20).toFixed(0)} MiB at ${N.toLocaleString('en-US')}.`,
      ].join('\n'),
    );
    await db.disconnect();
  } finally {
    await client.end();
    await server.stop();
  }
}

await main();
